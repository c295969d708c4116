//===- AneObjC.h - Objective-C++ helpers of the ane device ----*- ObjC++ -*-===//
//
// What every .mm of the device shares: retain/release that compile under
// ARC (Apple) and MRC (GNUstep, which has no ARC), an owning reference for
// C++ members, NSString <-> std::string, and the one place where a call into
// the framework is wrapped in @autoreleasepool and @try so that an
// NSException becomes an Error. No C++ try/catch may appear in a .mm: with
// GCC's runtime the Objective-C personality never matches a C++ catch.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_DEVICES_ANE_ANEOBJC_H
#define ORION_DEVICES_ANE_ANEOBJC_H

#import <Foundation/Foundation.h>

#include "orion/format/Error.h"

#include <string>
#include <utility>

#if __has_feature(objc_arc)
#define ORION_OBJC_RETAIN(x) ((void)(x))
#define ORION_OBJC_RELEASE(x) ((void)0)
#else
#define ORION_OBJC_RETAIN(x) [(x) retain]
#define ORION_OBJC_RELEASE(x) [(x) release]
#endif

namespace orion::rt::ane_bridge {

/// An owning reference to an Objective-C object, for C++ members.
class ObjcRef {
public:
  ObjcRef() = default;
  explicit ObjcRef(id object) : object_(object) {
    if (object_)
      ORION_OBJC_RETAIN(object_);
  }
  ObjcRef(const ObjcRef &other) : ObjcRef(other.object_) {}
  ObjcRef &operator=(ObjcRef other) {
    std::swap(object_, other.object_);
    return *this;
  }
  ~ObjcRef() {
    if (object_)
      ORION_OBJC_RELEASE(object_);
  }
  id get() const { return object_; }
  explicit operator bool() const { return object_ != nil; }

private:
  id object_ = nil;
};

inline std::string utf8(NSString *s) {
  if (!s)
    return "";
  const char *c = [s UTF8String];
  return c ? c : "";
}

inline NSString *nsString(const std::string &s) {
  return [NSString stringWithUTF8String:s.c_str()];
}

/// "domain code N: description" of an NSError (or "no NSError").
inline std::string describe(NSError *error) {
  if (!error)
    return "failed without an NSError";
  return utf8([error domain]) + " code " + std::to_string([error code]) +
         ": " + utf8([error localizedDescription]);
}

/// Runs `body` (returning Status) inside an autorelease pool, turning an
/// Objective-C exception into an Error that names `what` (the selector).
/// Objects `body` keeps must be retained (ObjcRef) before the pool drains.
template <typename Body> Status guarded(const char *what, Body &&body) {
  std::string raised;
  Status result = Status::ok();
  @autoreleasepool {
    @try {
      result = body();
    } @catch (NSException *exception) {
      raised = std::string(what) + " raised " + utf8([exception name]) +
               ": " + utf8([exception reason]);
    } @catch (id other) {
      raised = std::string(what) + " raised a non-NSException object";
    }
  }
  if (!raised.empty())
    return Error(raised);
  return result;
}

} // namespace orion::rt::ane_bridge

#endif // ORION_DEVICES_ANE_ANEOBJC_H
