//===- AneSurface.h - Surfaces that are IOSurfaces ------------*- ObjC++ -*-===//
//
// The ane device's surfaces: flat byte IOSurfaces (width = bytes, height 1,
// one byte per element, pixel format 0), as every public bridge creates
// them, so the executor writes host tensors straight into the memory the
// ANE reads, under IOSurfaceLock/Unlock.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_ANESURFACE_H
#define ORION_DEVICES_ANE_ANESURFACE_H

#include "orion/devices/Device.h"

#include <IOSurface/IOSurface.h>

#include <memory>

namespace orion::rt::ane_bridge {

/// At least `requested` bytes, at least 49,152 (ANE-MIN-SURFACE) and a
/// multiple of 16 KiB, as the IOSurface allocator rounds anyway; equal
/// requests give equal sizes, so uniform manifests stay uniform.
size_t aneSurfaceBytes(size_t requested);

class IOSurfaceBuffer : public Surface {
public:
  static Expected<std::unique_ptr<Surface>> create(size_t bytes);
  ~IOSurfaceBuffer() override;
  Status lock(bool readOnly) const override;
  Status unlock(bool readOnly) const override;
  IOSurfaceRef surface() const { return surface_; }

private:
  IOSurfaceBuffer(IOSurfaceRef surface, uint8_t *base, size_t size)
      : Surface(base, size), surface_(surface) {}
  IOSurfaceRef surface_;
};

} // namespace orion::rt::ane_bridge

#endif // ORION_DEVICES_ANE_ANESURFACE_H
