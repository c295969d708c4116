/*===- CoreFoundation.h - The CF subset the ane device uses (Linux) -----===*
 *
 * Debian has no CoreFoundation (no libgnustep-corebase), so on Linux a CF
 * object is an Objective-C object cast to the CF pointer type (emulated
 * toll-free bridging); the one exception is IOSurfaceRef, a C struct that
 * CFRetain/CFRelease recognise by its first word. The typedefs carry
 * Apple's objc_bridge attributes, so the Apple-mode ARC syntax check demands
 * the same __bridge casts as the real SDK. GNUstep's Foundation.h includes
 * this header when it finds it, so it must stay plain C.
 *
 *===--------------------------------------------------------------------===*/

#ifndef ORION_LINUX_COREFOUNDATION_H
#define ORION_LINUX_COREFOUNDATION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__has_attribute)
#if __has_attribute(objc_bridge)
#define ORION_CF_BRIDGED(T) __attribute__((objc_bridge(T)))
#endif
#endif
#ifndef ORION_CF_BRIDGED
#define ORION_CF_BRIDGED(T)
#endif

typedef const void *CFTypeRef;
typedef long CFIndex;
typedef const struct ORION_CF_BRIDGED(NSString) __CFString *CFStringRef;
typedef const struct ORION_CF_BRIDGED(NSDictionary) __CFDictionary
    *CFDictionaryRef;

CFTypeRef CFRetain(CFTypeRef object);
void CFRelease(CFTypeRef object);
CFIndex CFGetRetainCount(CFTypeRef object);

#ifdef __cplusplus
}
#endif

#endif /* ORION_LINUX_COREFOUNDATION_H */
