/*===- IOSurfaceStandIn.c - The IOSurface C API over plain memory -------===*
 *
 * Linux only: what the ane device calls of IOSurface.framework. A surface
 * is a C struct whose first word is a magic value no Objective-C object
 * can start with (a non-canonical address), so CFRetain/CFRelease
 * (CFStandIn.mm) can tell it from an object. Allocations are rounded up to
 * 16 KiB pages and zero-filled, as the real allocator does; locks are
 * counted so the ANE stand-in can refuse a surface the caller holds locked,
 * and an unlock without a lock fails as on macOS.
 *
 *===--------------------------------------------------------------------===*/

#include "IOSurfaceStandInInternal.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ORION_SURFACE_MAGIC 0xA11CE5F00D5EED00ull

struct __IOSurface {
  unsigned long long magic;
  atomic_long refs;
  atomic_int locks;
  atomic_uint seed;
  size_t allocSize, width, height, bytesPerRow, bytesPerElement;
  void *base;
};

static atomic_long liveSurfaces;

int orionIOSurfaceIsSurface(const void *object) {
  return object &&
         ((const struct __IOSurface *)object)->magic == ORION_SURFACE_MAGIC;
}

IOSurfaceRef orionIOSurfaceAllocate(size_t bytes, size_t width, size_t height,
                                    size_t bytesPerRow,
                                    size_t bytesPerElement) {
  const size_t page = 16384;
  if (bytes > SIZE_MAX - page)
    return NULL;
  size_t rounded = (bytes + page - 1) / page * page;
  if (rounded == 0)
    rounded = page;
  struct __IOSurface *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->base = aligned_alloc(page, rounded);
  if (!s->base) {
    free(s);
    return NULL;
  }
  memset(s->base, 0, rounded);
  s->magic = ORION_SURFACE_MAGIC;
  atomic_init(&s->refs, 1);
  atomic_init(&s->locks, 0);
  atomic_init(&s->seed, 1);
  s->allocSize = rounded;
  s->width = width;
  s->height = height;
  s->bytesPerRow = bytesPerRow;
  s->bytesPerElement = bytesPerElement;
  atomic_fetch_add(&liveSurfaces, 1);
  return s;
}

void orionIOSurfaceRetain(IOSurfaceRef s) { atomic_fetch_add(&s->refs, 1); }

void orionIOSurfaceRelease(IOSurfaceRef s) {
  if (atomic_fetch_sub(&s->refs, 1) != 1)
    return;
  s->magic = 0; /* a stale pointer no longer passes for a surface */
  free(s->base);
  free(s);
  atomic_fetch_sub(&liveSurfaces, 1);
}

long orionIOSurfaceRetainCount(IOSurfaceRef s) { return atomic_load(&s->refs); }

kern_return_t IOSurfaceLock(IOSurfaceRef s, IOSurfaceLockOptions options,
                            uint32_t *seed) {
  if (!orionIOSurfaceIsSurface(s))
    return kIOReturnBadArgument;
  atomic_fetch_add(&s->locks, 1);
  if (seed)
    *seed = atomic_load(&s->seed);
  (void)options;
  return kIOReturnSuccess;
}

kern_return_t IOSurfaceUnlock(IOSurfaceRef s, IOSurfaceLockOptions options,
                              uint32_t *seed) {
  if (!orionIOSurfaceIsSurface(s))
    return kIOReturnBadArgument;
  int held = atomic_load(&s->locks);
  while (held > 0 &&
         !atomic_compare_exchange_weak(&s->locks, &held, held - 1))
    ;
  if (held <= 0)
    return kIOReturnNotLocked;
  if (!(options & kIOSurfaceLockReadOnly))
    atomic_fetch_add(&s->seed, 1); // a write unlock publishes new contents
  if (seed)
    *seed = atomic_load(&s->seed);
  return kIOReturnSuccess;
}

void *IOSurfaceGetBaseAddress(IOSurfaceRef s) { return s->base; }
size_t IOSurfaceGetAllocSize(IOSurfaceRef s) { return s->allocSize; }
size_t IOSurfaceGetWidth(IOSurfaceRef s) { return s->width; }
size_t IOSurfaceGetHeight(IOSurfaceRef s) { return s->height; }
size_t IOSurfaceGetBytesPerRow(IOSurfaceRef s) { return s->bytesPerRow; }
size_t IOSurfaceGetBytesPerElement(IOSurfaceRef s) {
  return s->bytesPerElement;
}
uint32_t IOSurfaceGetSeed(IOSurfaceRef s) { return atomic_load(&s->seed); }
long IOSurfaceStandInLiveCount(void) { return atomic_load(&liveSurfaces); }
int IOSurfaceStandInLockCount(IOSurfaceRef s) { return atomic_load(&s->locks); }
