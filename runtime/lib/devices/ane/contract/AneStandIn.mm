//===- AneStandIn.mm - A contract stand-in for AppleNeuralEngine.framework ===//
//
// Linux only, dlopen'ed by the ane device in place of the framework
// (docs/ane-device.md). It implements the four classes with the selectors
// and type encodings of ANEPrivate.h, and fails where the public sources
// report the real framework fails: MIL as NSString, nil weights, keys that
// are not the MIL's @model_path/ BLOBFILE paths, compile before the temp
// directory holds model.mil and the weights, load before compile, evaluate
// before load, small or mixed-size surfaces (0x1d), wrong procedure or
// symbol indices (0x2), the compile budget; and it keeps the compiled
// weights across unload/load (ANE-WEIGHTS-BAKED). Evaluation is the ane-sim
// interpreter, so outputs equal --device ane-sim's.
//
// The interfaces are declared here rather than taken from ANEPrivate.h:
// GCC's fragile ABI wants every ivar in the @interface.
//
//===----------------------------------------------------------------------===//

#import <Foundation/Foundation.h>
#include <IOSurface/IOSurface.h>

#include "StandInContract.h"

#include "orion/ane/AneTarget.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

using namespace orion::rt;

namespace {

std::mutex rejectionMutex;
std::string lastRejection;
unsigned long long compileAttempts = 0;

void reject(const std::string &why) {
  std::lock_guard<std::mutex> lock(rejectionMutex);
  lastRejection = why;
  std::fprintf(stderr, "ane stand-in: %s\n", why.c_str());
}

std::string env(const char *name) {
  const char *v = std::getenv(name);
  return v ? v : "";
}

bool fault(const char *what) { return env("ORION_ANE_STANDIN_FAULT") == what; }

bool hidden(SEL sel) {
  std::string list = "," + env("ORION_ANE_STANDIN_HIDE") + ",";
  return list.find("," + std::string([NSStringFromSelector(sel) UTF8String]) +
                   ",") != std::string::npos;
}

std::string utf8(NSString *s) { return s ? [s UTF8String] : ""; }

BOOL failWith(NSError **error, NSString *domain, NSInteger code,
              const std::string &message) {
  if (error)
    *error = [NSError
        errorWithDomain:domain
                   code:code
               userInfo:[NSDictionary
                            dictionaryWithObject:[NSString stringWithUTF8String:
                                                               message.c_str()]
                                          forKey:NSLocalizedDescriptionKey]];
  return NO;
}

NSString *const kDomain = @"com.apple.appleneuralengine";
NSString *const kCompilerDomain = @"com.apple.appleneuralengine.compiler";

BOOL inferenceError(NSError **error, const char *status,
                    const std::string &why) {
  return failWith(error, kDomain, 8,
                  std::string("ANEProgramProcessRequestDirect() Failed with "
                              "status=") +
                      status + " : Program Inference error (" + why + ")");
}

/// A model's state, behind a raw pointer (no C++ ivars in the fragile ABI).
struct ModelState {
  std::string mil;
  std::map<std::string, standin::Bytes> weights;
  standin::MilFacts facts;
  std::string hexId;
  std::unique_ptr<standin::LoadedProgram> loaded;
  std::string dir() const {
    return utf8(NSTemporaryDirectory()) + "/" + hexId;
  }
};

} // namespace

extern "C" __attribute__((visibility("default"))) const char *
orion_ane_standin_identity(void) {
  return "Orion contract stand-in for AppleNeuralEngine.framework (Linux; "
         "evaluates with ane-sim)";
}

extern "C" __attribute__((visibility("default"))) const char *
orion_ane_standin_last_rejection(void) {
  std::lock_guard<std::mutex> lock(rejectionMutex);
  return lastRejection.c_str();
}

/// The classes answer NO for selectors ORION_ANE_STANDIN_HIDE lists, as an
/// older or newer framework without them would.
@interface ANEStandInBase : NSObject
@end
@implementation ANEStandInBase
+ (BOOL)respondsToSelector:(SEL)sel {
  return hidden(sel) ? NO : [super respondsToSelector:sel];
}
+ (BOOL)instancesRespondToSelector:(SEL)sel {
  return hidden(sel) ? NO : [super instancesRespondToSelector:sel];
}
@end

@interface _ANEInMemoryModelDescriptor : ANEStandInBase {
@public
  ModelState *state_;
}
+ (id)modelWithMILText:(NSData *)milText
               weights:(NSDictionary *)weights
          optionsPlist:(id)optionsPlist;
@end

@implementation _ANEInMemoryModelDescriptor
+ (id)modelWithMILText:(NSData *)milText
               weights:(NSDictionary *)weights
          optionsPlist:(id)optionsPlist {
  if (![milText isKindOfClass:[NSData class]]) {
    reject("the MIL text must be NSData (ANE-MILTEXT-NSDATA)");
    return nil;
  }
  if (!weights)
    [NSException raise:NSInvalidArgumentException
                format:@"nil weights dictionary (pass @{}: ANE-EMPTY-WEIGHTS)"];
  if (![weights isKindOfClass:[NSDictionary class]]) {
    reject("the weights are not an NSDictionary");
    return nil;
  }
  auto state = std::make_unique<ModelState>();
  state->mil.assign(static_cast<const char *>([milText bytes]),
                    [milText length]);
  auto facts = standin::readMil(state->mil);
  if (!facts) {
    reject("the MIL text does not parse: " + facts.error().message());
    return nil;
  }
  state->facts = *facts;
  for (id key in weights) {
    if (![key isKindOfClass:[NSString class]]) {
      reject("a weights key is not an NSString");
      return nil;
    }
    std::string k = utf8(key);
    if (k.rfind("@model_path/", 0) != 0 || k.find("/../") != std::string::npos ||
        k.find("/./") != std::string::npos) {
      reject("weights key '" + k + "' is not @model_path/ then a path inside");
      return nil;
    }
    id entry = [weights objectForKey:key];
    id offset = [entry isKindOfClass:[NSDictionary class]]
                    ? [entry objectForKey:@"offset"]
                    : nil;
    id data = [entry isKindOfClass:[NSDictionary class]]
                  ? [entry objectForKey:@"data"]
                  : nil;
    if (![offset isKindOfClass:[NSNumber class]] || [offset longLongValue] != 0 ||
        ![data isKindOfClass:[NSData class]]) {
      reject("weights entry '" + k +
             "' must be {offset: @0, data: NSData of the whole BLOBFILE}");
      return nil;
    }
    const auto *bytes = static_cast<const uint8_t *>([data bytes]);
    state->weights[k] = standin::Bytes(bytes, bytes + [data length]);
  }
  std::vector<std::string> keys;
  for (const auto &entry : state->weights)
    keys.push_back(entry.first);
  if (keys != state->facts.blobPaths) {
    std::string want, got;
    for (const std::string &p : state->facts.blobPaths)
      want += " " + p;
    for (const std::string &k : keys)
      got += " " + k;
    reject("the weights keys (" + (got.empty() ? " none" : got) +
           " ) are not the MIL's BLOBFILE paths (" +
           (want.empty() ? " none" : want) + " )");
    return nil;
  }
  state->hexId = standin::modelIdentifier(
      state->mil, state->weights, env("ORION_ANE_STANDIN_ID") == "text");
  _ANEInMemoryModelDescriptor *d = [[[self alloc] init] autorelease];
  d->state_ = state.release();
  return d;
}
- (void)dealloc {
  delete state_;
  [super dealloc];
}
@end

@interface _ANEIOSurfaceObject : ANEStandInBase {
@public
  IOSurfaceRef surface_;
}
+ (id)objectWithIOSurface:(IOSurfaceRef)surface;
@end

@implementation _ANEIOSurfaceObject
+ (id)objectWithIOSurface:(IOSurfaceRef)surface {
  if (!surface)
    return nil;
  _ANEIOSurfaceObject *o = [[[self alloc] init] autorelease];
  CFRetain(surface);
  o->surface_ = surface;
  return o;
}
- (void)dealloc {
  if (surface_)
    CFRelease(surface_);
  [super dealloc];
}
@end

@interface _ANERequest : ANEStandInBase {
@public
  NSArray *inputs_, *inputIndices_, *outputs_, *outputIndices_;
  NSNumber *procedure_;
}
+ (id)requestWithInputs:(NSArray *)inputs
           inputIndices:(NSArray *)inputIndices
                outputs:(NSArray *)outputs
          outputIndices:(NSArray *)outputIndices
          weightsBuffer:(id)weightsBuffer
              perfStats:(id)perfStats
         procedureIndex:(NSNumber *)procedureIndex;
@end

@implementation _ANERequest
+ (id)requestWithInputs:(NSArray *)inputs
           inputIndices:(NSArray *)inputIndices
                outputs:(NSArray *)outputs
          outputIndices:(NSArray *)outputIndices
          weightsBuffer:(id)weightsBuffer
              perfStats:(id)perfStats
         procedureIndex:(NSNumber *)procedureIndex {
  _ANERequest *r = [[[self alloc] init] autorelease];
  r->inputs_ = [inputs retain];
  r->inputIndices_ = [inputIndices retain];
  r->outputs_ = [outputs retain];
  r->outputIndices_ = [outputIndices retain];
  r->procedure_ = [procedureIndex retain];
  return r;
}
- (void)dealloc {
  [inputs_ release];
  [inputIndices_ release];
  [outputs_ release];
  [outputIndices_ release];
  [procedure_ release];
  [super dealloc];
}
@end

@interface _ANEInMemoryModel : ANEStandInBase {
@public
  ModelState *state_;
}
+ (id)inMemoryModelWithDescriptor:(id)descriptor;
- (NSString *)hexStringIdentifier;
- (BOOL)compileWithQoS:(unsigned int)qos
               options:(NSDictionary *)options
                 error:(NSError **)error;
- (BOOL)loadWithQoS:(unsigned int)qos
            options:(NSDictionary *)options
              error:(NSError **)error;
- (BOOL)evaluateWithQoS:(unsigned int)qos
                options:(NSDictionary *)options
                request:(id)request
                  error:(NSError **)error;
- (BOOL)unloadWithQoS:(unsigned int)qos error:(NSError **)error;
@end

namespace {

/// Surfaces of one side of a request, checked: _ANEIOSurfaceObjects with
/// symbol indices 0..n-1 in order, n as the MIL declares, not locked by the
/// caller, at least 49,152 bytes and all of one size.
bool requestSide(NSArray *objects, NSArray *indices, size_t want,
                 const char *kind,
                 std::vector<std::pair<uint8_t *, size_t>> &out,
                 NSError **error) {
  if (![objects isKindOfClass:[NSArray class]] ||
      ![indices isKindOfClass:[NSArray class]] ||
      [objects count] != [indices count])
    return inferenceError(error, "0x2",
                          std::string(kind) + " and their indices differ");
  if ([objects count] != want)
    return inferenceError(error, "0x1d",
                          std::string("the program has ") +
                              std::to_string(want) + " " + kind + ", the request " +
                              std::to_string([objects count]));
  size_t size = 0;
  for (NSUInteger i = 0; i < [objects count]; ++i) {
    id o = [objects objectAtIndex:i];
    id index = [indices objectAtIndex:i];
    if (![o isKindOfClass:[_ANEIOSurfaceObject class]])
      return inferenceError(error, "0x2",
                            std::string(kind) + " are not _ANEIOSurfaceObjects");
    if (![index isKindOfClass:[NSNumber class]] ||
        [index unsignedLongValue] != i)
      return inferenceError(error, "0x2",
                            std::string(kind) + " index " + std::to_string(i) +
                                " is not symbol " + std::to_string(i));
    IOSurfaceRef s = ((_ANEIOSurfaceObject *)o)->surface_;
    size_t bytes = IOSurfaceGetAllocSize(s);
    if (bytes < size_t(orion::ane::kMinSurfaceBytes))
      return inferenceError(error, "0x1d",
                            std::string(kind) + " surface of " +
                                std::to_string(bytes) +
                                " bytes, below 49152 (ANE-MIN-SURFACE)");
    if (size && bytes != size)
      return inferenceError(error, "0x1d",
                            std::string(kind) +
                                " surfaces of different sizes (ANE-UNIFORM-" +
                                (std::strcmp(kind, "inputs") ? "OUTPUTS)"
                                                             : "INPUTS)"));
    size = bytes;
    if (IOSurfaceStandInLockCount(s) != 0)
      return inferenceError(error, "0x1d",
                            std::string(kind) +
                                " surface still locked by the caller");
    out.emplace_back(static_cast<uint8_t *>(IOSurfaceGetBaseAddress(s)),
                     bytes);
  }
  return YES;
}

} // namespace

@implementation _ANEInMemoryModel
+ (id)inMemoryModelWithDescriptor:(id)descriptor {
  if (![descriptor isKindOfClass:[_ANEInMemoryModelDescriptor class]])
    return nil;
  const ModelState &from = *((_ANEInMemoryModelDescriptor *)descriptor)->state_;
  _ANEInMemoryModel *m = [[[self alloc] init] autorelease];
  m->state_ = new ModelState();
  m->state_->mil = from.mil;
  m->state_->weights = from.weights;
  m->state_->facts = from.facts;
  m->state_->hexId = from.hexId;
  return m;
}

- (void)dealloc {
  delete state_;
  [super dealloc];
}

- (NSString *)hexStringIdentifier {
  return [NSString stringWithUTF8String:state_->hexId.c_str()];
}

- (BOOL)compileWithQoS:(unsigned int)qos
               options:(NSDictionary *)options
                 error:(NSError **)error {
  const std::string failed = "_ANECompiler : ANECCompile() FAILED";
  if (qos > 63 || ![options isKindOfClass:[NSDictionary class]])
    return failWith(error, kCompilerDomain, 1,
                    failed + " (QoS above 63 or options not a dictionary)");
  unsigned long long budget = 119;
  if (!env("ORION_ANE_STANDIN_BUDGET").empty())
    budget = std::strtoull(env("ORION_ANE_STANDIN_BUDGET").c_str(), nullptr, 10);
  if (compileAttempts >= budget)
    return failWith(error, kCompilerDomain, 1,
                    failed + " (the stand-in's per-process compile budget of " +
                        std::to_string(budget) + " is spent)");
  ++compileAttempts;
  if (fault("compile"))
    return failWith(error, kCompilerDomain, 1,
                    failed + " (ORION_ANE_STANDIN_FAULT=compile)");
  if (Status s = standin::compileInto(state_->dir(), state_->mil,
                                      state_->weights);
      !s)
    return failWith(error, kCompilerDomain, 1,
                    failed + ": " + s.error().message());
  return YES;
}

- (BOOL)loadWithQoS:(unsigned int)qos
            options:(NSDictionary *)options
              error:(NSError **)error {
  const std::string failed = "Program load failure (0x20004)";
  if (fault("load"))
    return failWith(error, kDomain, 6,
                    failed + " (ORION_ANE_STANDIN_FAULT=load)");
  if (state_->loaded)
    return failWith(error, kDomain, 6, failed + ": already loaded");
  auto p = standin::LoadedProgram::load(state_->dir(), state_->mil,
                                        state_->facts.blobPaths);
  if (!p)
    return failWith(error, kDomain, 6, failed + ": " + p.error().message());
  state_->loaded = std::move(*p);
  return YES;
}

- (BOOL)evaluateWithQoS:(unsigned int)qos
                options:(NSDictionary *)options
                request:(id)request
                  error:(NSError **)error {
  if (fault("hang")) {
    std::string secs = env("ORION_ANE_STANDIN_HANG_SECONDS");
    std::this_thread::sleep_for(
        std::chrono::seconds(secs.empty() ? 3600 : std::atoi(secs.c_str())));
  }
  if (fault("exception"))
    [NSException raise:@"ANEStandInFault" format:@"injected"];
  if (fault("evaluate"))
    return inferenceError(error, "0x1d", "ORION_ANE_STANDIN_FAULT=evaluate");
  if (!state_->loaded)
    return failWith(error, kDomain, 5,
                    "evaluate of a model that is not loaded (load it first)");
  if (![request isKindOfClass:[_ANERequest class]])
    return inferenceError(error, "0x2", "the request is not an _ANERequest");
  _ANERequest *r = (_ANERequest *)request;
  if (![r->procedure_ isKindOfClass:[NSNumber class]] ||
      [r->procedure_ longLongValue] < 0 ||
      (unsigned long long)[r->procedure_ longLongValue] >=
          state_->facts.functions)
    return inferenceError(error, "0x2", "no such procedure index");
  std::vector<std::pair<uint8_t *, size_t>> ins, outs;
  if (!requestSide(r->inputs_, r->inputIndices_, state_->facts.inputs,
                   "inputs", ins, error) ||
      !requestSide(r->outputs_, r->outputIndices_, state_->facts.outputs,
                   "outputs", outs, error))
    return NO;
  if (Status s = state_->loaded->eval(ins, outs); !s)
    return inferenceError(error, "0x1d", s.error().message());
  return YES;
}

- (BOOL)unloadWithQoS:(unsigned int)qos error:(NSError **)error {
  if (!state_->loaded)
    return failWith(error, kDomain, 5, "unload of a model that is not loaded");
  state_->loaded.reset();
  return YES;
}
@end

/// Present on some systems; the doctor reads it when it exists.
@interface _ANEDeviceInfo : ANEStandInBase
+ (BOOL)hasANE;
+ (unsigned int)numANECores;
+ (NSString *)aneArchitectureType;
@end

@implementation _ANEDeviceInfo
+ (BOOL)hasANE {
  return NO; // the stand-in is no ANE
}
+ (unsigned int)numANECores {
  return 0;
}
+ (NSString *)aneArchitectureType {
  return @"stand-in (ane-sim)";
}
@end
