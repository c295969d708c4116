/*===- IOSurface.h - The IOSurface C API the ane device uses (Linux) ----===*
 *
 * Apple's signatures for the calls the device makes (create, lock, unlock,
 * base address, sizes, seed) and the property keys it sets. On Linux
 * libOrionIOSurfaceStandIn implements them over plain memory, with the
 * lock bookkeeping the real API asks of callers.
 *
 *===--------------------------------------------------------------------===*/

#ifndef ORION_LINUX_IOSURFACE_H
#define ORION_LINUX_IOSURFACE_H

#include <CoreFoundation/CoreFoundation.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int kern_return_t;
#ifndef KERN_SUCCESS
#define KERN_SUCCESS 0
#endif
#define kIOReturnSuccess 0
#define kIOReturnBadArgument ((kern_return_t)0xe00002c2)
#define kIOReturnNotLocked ((kern_return_t)0xe00002cd)

typedef struct ORION_CF_BRIDGED(id) __IOSurface *IOSurfaceRef;

typedef uint32_t IOSurfaceLockOptions;
enum {
  kIOSurfaceLockReadOnly = 0x00000001,
  kIOSurfaceLockAvoidSync = 0x00000002,
};

extern const CFStringRef kIOSurfaceWidth;
extern const CFStringRef kIOSurfaceHeight;
extern const CFStringRef kIOSurfaceBytesPerElement;
extern const CFStringRef kIOSurfaceBytesPerRow;
extern const CFStringRef kIOSurfaceAllocSize;
extern const CFStringRef kIOSurfacePixelFormat;

IOSurfaceRef IOSurfaceCreate(CFDictionaryRef properties);
kern_return_t IOSurfaceLock(IOSurfaceRef buffer, IOSurfaceLockOptions options,
                            uint32_t *seed);
kern_return_t IOSurfaceUnlock(IOSurfaceRef buffer,
                              IOSurfaceLockOptions options, uint32_t *seed);
void *IOSurfaceGetBaseAddress(IOSurfaceRef buffer);
size_t IOSurfaceGetAllocSize(IOSurfaceRef buffer);
size_t IOSurfaceGetWidth(IOSurfaceRef buffer);
size_t IOSurfaceGetHeight(IOSurfaceRef buffer);
size_t IOSurfaceGetBytesPerRow(IOSurfaceRef buffer);
size_t IOSurfaceGetBytesPerElement(IOSurfaceRef buffer);
uint32_t IOSurfaceGetSeed(IOSurfaceRef buffer);

/* The stand-in only (not Apple's API): live surfaces, for leak checks, and
 * the lock count of one, so the contract stand-in can refuse to evaluate on
 * a surface the caller holds locked. */
long IOSurfaceStandInLiveCount(void);
int IOSurfaceStandInLockCount(IOSurfaceRef buffer);

#ifdef __cplusplus
}
#endif

#endif /* ORION_LINUX_IOSURFACE_H */
