//===- CFStandIn.mm - CFRetain/CFRelease and IOSurfaceCreate (Linux) ------===//
//
// Emulated toll-free bridging: a "CF object" is an Objective-C object cast to
// the CF type, except an IOSurfaceRef (IOSurfaceStandIn.c), recognised by its
// magic first word. The property keys are NSString constants, so
// `(__bridge id)kIOSurfaceWidth` is a dictionary key, as on macOS.
//
//===----------------------------------------------------------------------===//

#import <Foundation/Foundation.h>

#include "IOSurfaceStandInInternal.h"

extern "C" {

const CFStringRef kIOSurfaceWidth = (CFStringRef)@"IOSurfaceWidth";
const CFStringRef kIOSurfaceHeight = (CFStringRef)@"IOSurfaceHeight";
const CFStringRef kIOSurfaceBytesPerElement =
    (CFStringRef)@"IOSurfaceBytesPerElement";
const CFStringRef kIOSurfaceBytesPerRow = (CFStringRef)@"IOSurfaceBytesPerRow";
const CFStringRef kIOSurfaceAllocSize = (CFStringRef)@"IOSurfaceAllocSize";
const CFStringRef kIOSurfacePixelFormat = (CFStringRef)@"IOSurfacePixelFormat";

static size_t property(NSDictionary *d, CFStringRef key) {
  id v = [d objectForKey:(id)key];
  return [v isKindOfClass:[NSNumber class]] ? (size_t)[v unsignedLongValue]
                                            : 0;
}

// The size comes from AllocSize, or else Width * Height * BytesPerElement;
// a dictionary that gives neither (or is not an NSDictionary) gets NULL, as
// IOSurfaceCreate returns NULL for unusable properties.
IOSurfaceRef IOSurfaceCreate(CFDictionaryRef properties) {
  id d = (id)properties;
  if (![d isKindOfClass:[NSDictionary class]])
    return NULL;
  size_t width = property(d, kIOSurfaceWidth);
  size_t height = property(d, kIOSurfaceHeight);
  size_t bpe = property(d, kIOSurfaceBytesPerElement);
  size_t bpr = property(d, kIOSurfaceBytesPerRow);
  size_t bytes = property(d, kIOSurfaceAllocSize);
  if (!bytes && (__builtin_mul_overflow(width, height, &bytes) ||
                 __builtin_mul_overflow(bytes, bpe, &bytes)))
    return NULL;
  if (!bytes)
    return NULL;
  if (!bpe)
    bpe = 1;
  if (!width) // a flat buffer: one row of bytes
    width = bytes / bpe;
  if (!height)
    height = 1;
  return orionIOSurfaceAllocate(bytes, width, height, bpr ? bpr : width * bpe,
                                bpe);
}

CFTypeRef CFRetain(CFTypeRef object) {
  if (orionIOSurfaceIsSurface(object))
    orionIOSurfaceRetain((IOSurfaceRef)const_cast<void *>(object));
  else if (object)
    [(id)object retain];
  return object;
}

void CFRelease(CFTypeRef object) {
  if (orionIOSurfaceIsSurface(object))
    orionIOSurfaceRelease((IOSurfaceRef)const_cast<void *>(object));
  else if (object)
    [(id)object release];
}

CFIndex CFGetRetainCount(CFTypeRef object) {
  if (orionIOSurfaceIsSurface(object))
    return orionIOSurfaceRetainCount((IOSurfaceRef)const_cast<void *>(object));
  return object ? (CFIndex)[(id)object retainCount] : 0;
}
}
