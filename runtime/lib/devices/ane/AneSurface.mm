//===- AneSurface.mm - Surfaces that are IOSurfaces -----------------------===//

#include "AneSurface.h"
#include "AneObjC.h"

#include "orion/ane/AneTarget.h"

#include <cstring>

namespace orion::rt::ane_bridge {

size_t aneSurfaceBytes(size_t requested) {
  constexpr size_t kPage = 16384;
  size_t bytes = std::max(requested, size_t(ane::kMinSurfaceBytes));
  return (bytes + kPage - 1) / kPage * kPage;
}

Expected<std::unique_ptr<Surface>> IOSurfaceBuffer::create(size_t requested) {
  const size_t bytes = aneSurfaceBytes(requested);
  IOSurfaceRef surface = nullptr;
  Status made = guarded("IOSurfaceCreate", [&]() -> Status {
    NSDictionary *properties = @{
      (__bridge id)kIOSurfaceWidth : @(bytes),
      (__bridge id)kIOSurfaceHeight : @1,
      (__bridge id)kIOSurfaceBytesPerElement : @1,
      (__bridge id)kIOSurfaceBytesPerRow : @(bytes),
      (__bridge id)kIOSurfaceAllocSize : @(bytes),
      (__bridge id)kIOSurfacePixelFormat : @0,
    };
    surface = IOSurfaceCreate((__bridge CFDictionaryRef)properties);
    return Status::ok();
  });
  if (!made)
    return made.error();
  if (!surface)
    return Error("IOSurfaceCreate failed for " + std::to_string(bytes) +
                 " bytes");
  if (IOSurfaceGetAllocSize(surface) < bytes) {
    CFRelease(surface);
    return Error("IOSurfaceCreate gave fewer bytes than the " +
                 std::to_string(bytes) + " asked for");
  }
  auto *base = static_cast<uint8_t *>(IOSurfaceGetBaseAddress(surface));
  // Zero-filled: padding past a tensor is read by the engine.
  if (IOSurfaceLock(surface, 0, nullptr) != kIOReturnSuccess) {
    CFRelease(surface);
    return Error("IOSurfaceLock failed on a new surface");
  }
  std::memset(base, 0, bytes);
  IOSurfaceUnlock(surface, 0, nullptr);
  return std::unique_ptr<Surface>(new IOSurfaceBuffer(surface, base, bytes));
}

IOSurfaceBuffer::~IOSurfaceBuffer() { CFRelease(surface_); }

static IOSurfaceLockOptions lockOptions(bool readOnly) {
  return readOnly ? IOSurfaceLockOptions(kIOSurfaceLockReadOnly) : 0;
}

Status IOSurfaceBuffer::lock(bool readOnly) const {
  kern_return_t r = IOSurfaceLock(surface_, lockOptions(readOnly), nullptr);
  if (r != kIOReturnSuccess)
    return Error("IOSurfaceLock failed (kern_return " + std::to_string(r) +
                 ")");
  return Status::ok();
}

Status IOSurfaceBuffer::unlock(bool readOnly) const {
  kern_return_t r = IOSurfaceUnlock(surface_, lockOptions(readOnly), nullptr);
  if (r != kIOReturnSuccess)
    return Error("IOSurfaceUnlock failed (kern_return " + std::to_string(r) +
                 ")");
  return Status::ok();
}

} // namespace orion::rt::ane_bridge
