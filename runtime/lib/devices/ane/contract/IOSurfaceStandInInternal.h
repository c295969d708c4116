/*===- IOSurfaceStandInInternal.h - Between the two IOSurface stand-in files =*
 *
 * IOSurfaceStandIn.c owns the surface struct; CFStandIn.mm, which reads the
 * property dictionary and implements CFRetain/CFRelease, reaches it only
 * through these calls. Not part of the IOSurface API.
 *
 *===--------------------------------------------------------------------===*/

#ifndef ORION_STANDIN_IOSURFACESTANDININTERNAL_H
#define ORION_STANDIN_IOSURFACESTANDININTERNAL_H

#include <IOSurface/IOSurface.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether `object` is a surface: its first word is the magic value. */
int orionIOSurfaceIsSurface(const void *object);
/* A zero-filled surface of at least `bytes` (16 KiB pages), refcount 1. */
IOSurfaceRef orionIOSurfaceAllocate(size_t bytes, size_t width, size_t height,
                                    size_t bytesPerRow,
                                    size_t bytesPerElement);
void orionIOSurfaceRetain(IOSurfaceRef surface);
void orionIOSurfaceRelease(IOSurfaceRef surface);
long orionIOSurfaceRetainCount(IOSurfaceRef surface);

#ifdef __cplusplus
}
#endif

#endif /* ORION_STANDIN_IOSURFACESTANDININTERNAL_H */
