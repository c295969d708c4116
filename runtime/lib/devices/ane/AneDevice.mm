//===- AneDevice.mm - The `ane` device ------------------------------------===//
//
// The lifecycle of Device.h on AppleNeuralEngine.framework (docs/ane-device.md
// follows each step to its public source):
//
//   compile: descriptor from the MIL text (NSData) and a weights dictionary
//            keyed by BLOBFILE path ({offset: 0, data: whole BLOBFILE}); the
//            model's <tmp>/<hexStringIdentifier>/ gets model.mil and the
//            weight files; compileWithQoS.
//   load:    loadWithQoS, retried once after 100 ms (ANE slot reclamation).
//   eval:    an _ANERequest over IOSurfaces in binding order, on a worker
//            thread with a timeout.
//   reload:  the donor protocol (ANE-WEIGHTS-BAKED: rewriting weights/ and
//            reloading the same model keeps the old weights): a new model
//            with the patched BLOBFILE, the donor's net.plist copied into
//            its directory, the BLOBFILE written as weights/... and as
//            `data`, loaded without a compile; then the donor is released.
//
//===----------------------------------------------------------------------===//

#include "AneFramework.h"
#include "AneObjC.h"
#include "AneSurface.h"
#include "EvalWorker.h"

#include "orion/format/BlobFile.h"
#include "orion/format/Manifest.h"
#include "orion/format/MILProgram.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace orion::rt {

namespace ane_bridge {
namespace {

/// Successful compiles in this process: the ANE's budget is per process,
/// whatever the number of devices.
std::atomic<uint64_t> processCompiles{0};

/// One descriptor + model and the directory the framework reads.
struct AneModel {
  ObjcRef model;
  std::string dir; // <tmp>/<hexStringIdentifier>
  bool loaded = false;
};

class AneProgram : public CompiledProgram {
public:
  AneProgram(milast::Function f, std::string programDir, std::string label,
             std::string milText, std::vector<std::string> blobKeys,
             unsigned qos, bool keepTempDirs)
      : CompiledProgram(std::move(f), std::move(programDir)),
        label(std::move(label)), milText(std::move(milText)),
        blobKeys(std::move(blobKeys)), qos(qos), keepTempDirs(keepTempDirs) {}
  ~AneProgram() override { release(current); }

  /// Unloads `m` if loaded and removes its directory (unless kept).
  void release(AneModel &m);
  std::string milPath(const AneModel &m) const { return m.dir + "/model.mil"; }

  std::string label; // the program's name, for messages
  std::string milText;
  std::vector<std::string> blobKeys; // @model_path/... paths, sorted
  unsigned qos;
  bool keepTempDirs;
  AneModel current;
  bool verifyPending = false; // first reload done, not yet compared
  bool verified = false;
  size_t inputCount = 0, outputCount = 0;
};

void AneProgram::release(AneModel &m) {
  if (!m.model)
    return;
  (void)guarded("unloadWithQoS:error:", [&]() -> Status {
    if (m.loaded) {
      NSError *error = nil;
      [(_ANEInMemoryModel *)m.model.get() unloadWithQoS:qos error:&error];
    }
    if (!keepTempDirs && !m.dir.empty())
      [[NSFileManager defaultManager] removeItemAtPath:nsString(m.dir)
                                                 error:NULL];
    return Status::ok();
  });
  m = AneModel();
}

/// The weights dictionary: each BLOBFILE path of the MIL to the whole file
/// as it is now in `programDir`.
Expected<ObjcRef> weightsDictionary(const std::string &programDir,
                                    const std::vector<std::string> &keys) {
  ObjcRef dict;
  Status s = guarded("weights dictionary", [&]() -> Status {
    NSMutableDictionary *weights = [NSMutableDictionary dictionary];
    for (const std::string &key : keys) {
      Expected<std::string> rel = blobFileRelativePath(key);
      if (!rel)
        return rel.error();
      auto bytes = readFile(programDir + "/" + *rel);
      if (!bytes)
        return bytes.error();
      NSData *data = [NSData dataWithBytes:bytes->data() length:bytes->size()];
      [weights setObject:@{@"offset" : @0, @"data" : data}
                  forKey:nsString(key)];
    }
    dict = ObjcRef(weights); // @{} when the program has no weights
    return Status::ok();
  });
  if (!s)
    return s.error();
  return dict;
}

Status writeData(NSData *data, const std::string &path) {
  if (![data writeToFile:nsString(path) atomically:YES])
    return Error("cannot write " + path);
  return Status::ok();
}

Status makeDirectory(const std::string &path) {
  NSError *error = nil;
  if (![[NSFileManager defaultManager] createDirectoryAtPath:nsString(path)
                                 withIntermediateDirectories:YES
                                                  attributes:nil
                                                       error:&error])
    return Error("cannot create " + path + ": " + describe(error));
  return Status::ok();
}

std::string dirName(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

class AneDevice : public Device {
public:
  AneDevice(const AneFramework *fw, AneOptions options)
      : fw_(fw), options_(std::move(options)) {}
  std::string name() const override { return "ane"; }

  Expected<std::unique_ptr<CompiledProgram>>
  compile(const std::string &milText, const std::string &programDir) override;
  Status load(CompiledProgram &program) override;
  Status eval(CompiledProgram &program, const std::vector<Surface *> &inputs,
              const std::vector<Surface *> &outputs) override;
  Status unload(CompiledProgram &program) override;
  Status reload(CompiledProgram &program) override;
  Expected<std::unique_ptr<Surface>> allocateSurface(size_t bytes) override {
    return IOSurfaceBuffer::create(bytes);
  }
  bool canBind(const Surface &surface) const override {
    return dynamic_cast<const IOSurfaceBuffer *>(&surface) != nullptr;
  }

private:
  /// A new descriptor and model over `weights`, and its directory name.
  Expected<AneModel> makeModel(const AneProgram &p, id weights);
  /// Writes model.mil and the weight files into m.dir.
  Status stage(const AneProgram &p, const AneModel &m, id weights);
  Status compileModel(AneProgram &p, AneModel &m);
  Status loadModel(AneProgram &p, AneModel &m);
  Status evaluate(AneProgram &p, AneModel &m,
                  const std::vector<Surface *> &inputs,
                  const std::vector<Surface *> &outputs);
  /// A fresh compile of the weights now on disk, loaded.
  Expected<AneModel> freshModel(AneProgram &p);
  Status verifyAgainstFreshCompile(AneProgram &p,
                                   const std::vector<Surface *> &inputs,
                                   const std::vector<Surface *> &outputs);
  std::string where(const AneProgram &p, const AneModel &m) const {
    return "ane: program '" + p.label + "' (MIL " + p.milPath(m) + ")";
  }

  const AneFramework *fw_;
  AneOptions options_;
  EvalWorker worker_;
  bool reloadByCompile_ = false; // a reload failed verification
};

AneProgram *asAne(CompiledProgram &p) { return dynamic_cast<AneProgram *>(&p); }

Expected<AneModel> AneDevice::makeModel(const AneProgram &p, id weights) {
  AneModel m;
  Status s = guarded("modelWithMILText:weights:optionsPlist:", [&]() -> Status {
    NSData *mil = [NSData dataWithBytes:p.milText.data()
                                 length:p.milText.size()];
    id descriptor = [fw_->descriptorClass modelWithMILText:mil
                                                   weights:weights
                                              optionsPlist:nil];
    if (!descriptor) {
      std::string why = fw_->lastRejection();
      return Error("ane: program '" + p.label +
                   "': the framework refused the MIL text and weights "
                   "(modelWithMILText:weights:optionsPlist: returned nil" +
                   (why.empty() ? std::string(")") : "; " + why + ")"));
    }
    id model = [fw_->modelClass inMemoryModelWithDescriptor:descriptor];
    if (!model)
      return Error("ane: program '" + p.label +
                   "': inMemoryModelWithDescriptor: returned nil");
    std::string hex = utf8([(_ANEInMemoryModel *)model hexStringIdentifier]);
    if (hex.empty() || hex.find('/') != std::string::npos || hex[0] == '.')
      return Error("ane: program '" + p.label +
                   "': unusable hexStringIdentifier '" + hex + "'");
    m.model = ObjcRef(model);
    m.dir = utf8(NSTemporaryDirectory()) + "/" + hex;
    return Status::ok();
  });
  if (!s)
    return s.error();
  return m;
}

Status AneDevice::stage(const AneProgram &p, const AneModel &m, id weights) {
  return guarded("staging the temp directory", [&]() -> Status {
    if (Status s = makeDirectory(m.dir); !s)
      return s;
    NSData *mil = [NSData dataWithBytes:p.milText.data()
                                 length:p.milText.size()];
    if (Status s = writeData(mil, p.milPath(m)); !s)
      return s;
    for (const std::string &key : p.blobKeys) {
      Expected<std::string> rel = blobFileRelativePath(key);
      if (!rel)
        return rel.error();
      const std::string path = m.dir + "/" + *rel;
      if (Status s = makeDirectory(dirName(path)); !s)
        return s;
      NSDictionary *entry = [(NSDictionary *)weights objectForKey:nsString(key)];
      if (Status s = writeData([entry objectForKey:@"data"], path); !s)
        return s;
    }
    return Status::ok();
  });
}

Status AneDevice::compileModel(AneProgram &p, AneModel &m) {
  if (processCompiles.load() >= options_.compileBudget)
    return Error("ane: program '" + p.label +
                 "': compile budget exhausted: " +
                 std::to_string(processCompiles.load()) +
                 " compiles already in this process (the ANE allows about "
                 "119 per process, docs/ane-constraints.md "
                 "ANE-COMPILE-BUDGET); compile fewer programs (orion compile "
                 "--granularity block or model), or checkpoint and resume in "
                 "a new process; ORION_ANE_COMPILE_BUDGET sets the limit");
  Status s = guarded("compileWithQoS:options:error:", [&]() -> Status {
    NSError *error = nil;
    if (![(_ANEInMemoryModel *)m.model.get() compileWithQoS:options_.qos
                                                    options:@{}
                                                      error:&error])
      return Error(where(p, m) + ": compileWithQoS:options:error: failed: " +
                   describe(error) + "; temp directory kept for a repro: " +
                   m.dir);
    return Status::ok();
  });
  if (!s)
    return s;
  ++processCompiles;
  ++counters_.compiles;
  return Status::ok();
}

Status AneDevice::loadModel(AneProgram &p, AneModel &m) {
  std::string first;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    Status s = guarded("loadWithQoS:options:error:", [&]() -> Status {
      NSError *error = nil;
      if (![(_ANEInMemoryModel *)m.model.get() loadWithQoS:options_.qos
                                                   options:@{}
                                                     error:&error])
        return Error(describe(error));
      return Status::ok();
    });
    if (s) {
      m.loaded = true;
      ++counters_.loads;
      return Status::ok();
    }
    if (first.empty())
      first = s.error().message();
  }
  return Error(where(p, m) + ": loadWithQoS:options:error: failed twice (" +
               first + "); temp directory kept for a repro: " + m.dir);
}

Expected<std::unique_ptr<CompiledProgram>>
AneDevice::compile(const std::string &milText, const std::string &programDir) {
  auto parsed = milast::parseMIL(milText, "model.mil");
  if (!parsed)
    return parsed.error();
  const milast::Function *f = parsed->findFunction("main");
  if (!f && parsed->functions.size() == 1)
    f = &parsed->functions[0];
  if (!f)
    return Error("model.mil: no function 'main' (and not exactly one "
                 "function)");
  std::string label = programDir;
  while (label.size() > 1 && label.back() == '/')
    label.pop_back();
  label = label.substr(label.rfind('/') + 1);
  auto p = std::make_unique<AneProgram>(*f, programDir, label, milText,
                                        blobFilePaths(*parsed), options_.qos,
                                        options_.keepTempDirs);
  p->inputCount = f->inputs.size();
  p->outputCount = f->outputs.size();
  auto weights = weightsDictionary(programDir, p->blobKeys);
  if (!weights)
    return Error("ane: program '" + label + "': " + weights.error().message());
  auto m = makeModel(*p, weights->get());
  if (!m)
    return m.error();
  p->current = std::move(*m);
  if (Status s = stage(*p, p->current, weights->get()); !s)
    return Error(where(*p, p->current) + ": " + s.error().message());
  if (Status s = compileModel(*p, p->current); !s) {
    p->keepTempDirs = true; // the repro the message points at
    return s.error();
  }
  return std::unique_ptr<CompiledProgram>(std::move(p));
}

Status AneDevice::load(CompiledProgram &program) {
  AneProgram *p = asAne(program);
  if (!p)
    return Error("ane: program was not compiled by the ane device");
  if (p->loaded())
    return Error(where(*p, p->current) + ": already loaded");
  if (Status s = loadModel(*p, p->current); !s) {
    p->keepTempDirs = true;
    return s;
  }
  setLoaded(*p, true);
  return Status::ok();
}

Status AneDevice::evaluate(AneProgram &p, AneModel &m,
                           const std::vector<Surface *> &inputs,
                           const std::vector<Surface *> &outputs) {
  ObjcRef request, model = m.model;
  Status built = guarded("requestWithInputs:...procedureIndex:", [&]() -> Status {
    NSMutableArray *ins = [NSMutableArray array], *inIdx = [NSMutableArray array];
    NSMutableArray *outs = [NSMutableArray array], *outIdx = [NSMutableArray array];
    auto add = [&](const std::vector<Surface *> &surfaces, NSMutableArray *objs,
                   NSMutableArray *idx, const char *kind) -> Status {
      for (size_t i = 0; i < surfaces.size(); ++i) {
        auto *io = dynamic_cast<const IOSurfaceBuffer *>(surfaces[i]);
        if (!io)
          return Error(std::string(kind) + " " + std::to_string(i) +
                       " is not an IOSurface the ane device allocated");
        id object = [fw_->surfaceClass objectWithIOSurface:io->surface()];
        if (!object)
          return Error("objectWithIOSurface: returned nil for " +
                       std::string(kind) + " " + std::to_string(i));
        [objs addObject:object];
        [idx addObject:@(i)]; // binding order is the symbol order
      }
      return Status::ok();
    };
    if (Status s = add(inputs, ins, inIdx, "input"); !s)
      return s;
    if (Status s = add(outputs, outs, outIdx, "output"); !s)
      return s;
    id r = [fw_->requestClass requestWithInputs:ins
                                   inputIndices:inIdx
                                        outputs:outs
                                  outputIndices:outIdx
                                  weightsBuffer:nil
                                      perfStats:nil
                                 procedureIndex:@0];
    if (!r)
      return Error("requestWithInputs:...procedureIndex: returned nil");
    request = ObjcRef(r);
    return Status::ok();
  });
  if (!built)
    return Error(where(p, m) + ": " + built.error().message());
  const unsigned qos = options_.qos;
  bool timedOut = false;
  Status s = worker_.run(
      [model, request, qos]() -> Status {
        return guarded("evaluateWithQoS:options:request:error:", [&]() -> Status {
          NSError *error = nil;
          if (![(_ANEInMemoryModel *)model.get() evaluateWithQoS:qos
                                                        options:@{}
                                                        request:request.get()
                                                          error:&error])
            return Error("evaluateWithQoS:options:request:error: failed: " +
                         describe(error));
          return Status::ok();
        });
      },
      options_.evalTimeoutSeconds, timedOut);
  if (!s)
    return Error(where(p, m) + ": " +
                 (timedOut ? "evaluateWithQoS:options:request:error: " : "") +
                 s.error().message() +
                 (timedOut ? "; the device refuses further evaluations" : ""));
  ++counters_.evals;
  for (Surface *in : inputs)
    counters_.bytesIn += in->size();
  for (Surface *out : outputs)
    counters_.bytesOut += out->size();
  return Status::ok();
}

Status AneDevice::eval(CompiledProgram &program,
                       const std::vector<Surface *> &inputs,
                       const std::vector<Surface *> &outputs) {
  AneProgram *p = asAne(program);
  if (!p || !p->loaded())
    return Error("ane: eval of a program that is not loaded");
  if (inputs.size() != p->inputCount || outputs.size() != p->outputCount)
    return Error(where(*p, p->current) + ": takes " +
                 std::to_string(p->inputCount) + " inputs and " +
                 std::to_string(p->outputCount) + " outputs, got " +
                 std::to_string(inputs.size()) + " and " +
                 std::to_string(outputs.size()));
  if (Status s = evaluate(*p, p->current, inputs, outputs); !s)
    return s;
  if (p->verifyPending)
    return verifyAgainstFreshCompile(*p, inputs, outputs);
  return Status::ok();
}

Status AneDevice::unload(CompiledProgram &program) {
  AneProgram *p = asAne(program);
  if (!p || !p->loaded())
    return Error("ane: unload of a program that is not loaded");
  Status s = guarded("unloadWithQoS:error:", [&]() -> Status {
    NSError *error = nil;
    if (![(_ANEInMemoryModel *)p->current.model.get() unloadWithQoS:options_.qos
                                                              error:&error])
      return Error(where(*p, p->current) +
                   ": unloadWithQoS:error: failed: " + describe(error));
    return Status::ok();
  });
  p->current.loaded = false;
  setLoaded(*p, false);
  ++counters_.unloads;
  return s;
}

Expected<AneModel> AneDevice::freshModel(AneProgram &p) {
  auto weights = weightsDictionary(p.programDir(), p.blobKeys);
  if (!weights)
    return Error("ane: program '" + p.label + "': " + weights.error().message());
  auto m = makeModel(p, weights->get());
  if (!m)
    return m.error();
  if (Status s = stage(p, *m, weights->get()); !s)
    return Error(where(p, *m) + ": " + s.error().message());
  if (Status s = compileModel(p, *m); !s)
    return s.error();
  if (Status s = loadModel(p, *m); !s)
    return s.error();
  return m;
}

Status AneDevice::reload(CompiledProgram &program) {
  AneProgram *p = asAne(program);
  if (!p)
    return Error("ane: program was not compiled by the ane device");
  if (p->blobKeys.empty() || !p->loaded())
    return Device::reload(program); // nothing baked to replace
  if (p->blobKeys.size() != 1)
    return Error(where(*p, p->current) +
                 ": a weight reload needs one BLOBFILE per program (the "
                 "compiled `data` file is one BLOBFILE); this one reads " +
                 std::to_string(p->blobKeys.size()));
  if (reloadByCompile_) { // reloads were found not to take: recompile
    auto fresh = freshModel(*p);
    if (!fresh)
      return fresh.error();
    ++counters_.reloadCompiles;
    p->release(p->current);
    p->current = std::move(*fresh);
    ++counters_.reloads;
    return Status::ok();
  }
  auto weights = weightsDictionary(p->programDir(), p->blobKeys);
  if (!weights)
    return Error("ane: program '" + p->label + "': " +
                 weights.error().message());
  auto next = makeModel(*p, weights->get());
  if (!next)
    return next.error();
  AneModel &donor = p->current;
  const bool sameDir = next->dir == donor.dir;
  if (sameDir) { // the identifier ignores weight values: reuse the directory
    if (Status s = unload(*p); !s)
      return s;
  }
  Status staged = guarded("staging the reload", [&]() -> Status {
    if (Status s = stage(*p, *next, weights->get()); !s)
      return s;
    NSFileManager *fm = [NSFileManager defaultManager];
    if (!sameDir) {
      NSString *plist = nsString(next->dir + "/net.plist");
      [fm removeItemAtPath:plist error:NULL];
      NSError *error = nil;
      if (![fm copyItemAtPath:nsString(donor.dir + "/net.plist")
                       toPath:plist
                        error:&error])
        return Error("cannot copy the donor's net.plist from " + donor.dir +
                     ": " + describe(error));
    }
    NSDictionary *entry =
        [(NSDictionary *)weights->get() objectForKey:nsString(p->blobKeys[0])];
    return writeData([entry objectForKey:@"data"], next->dir + "/data");
  });
  if (!staged)
    return Error(where(*p, *next) + ": " + staged.error().message());
  if (Status s = loadModel(*p, *next); !s) {
    p->keepTempDirs = true;
    return s;
  }
  if (sameDir) // the directory now belongs to the new model
    donor = AneModel{donor.model, "", false};
  p->release(donor);
  p->current = std::move(*next);
  setLoaded(*p, true);
  ++counters_.reloads;
  if (options_.verifyReload && !p->verified)
    p->verifyPending = true;
  return Status::ok();
}

Status AneDevice::verifyAgainstFreshCompile(
    AneProgram &p, const std::vector<Surface *> &inputs,
    const std::vector<Surface *> &outputs) {
  p.verifyPending = false;
  p.verified = true;
  auto fresh = freshModel(p);
  if (!fresh)
    return Error("ORION_ANE_VERIFY: " + fresh.error().message());
  ++counters_.verificationCompiles;
  std::vector<std::unique_ptr<Surface>> scratch;
  std::vector<Surface *> freshOut;
  for (Surface *out : outputs) {
    auto s = allocateSurface(out->size());
    if (!s)
      return s.error();
    freshOut.push_back(s->get());
    scratch.push_back(std::move(*s));
  }
  if (Status s = evaluate(p, *fresh, inputs, freshOut); !s)
    return s;
  bool same = true;
  for (size_t i = 0; i < outputs.size() && same; ++i) {
    SurfaceAccess a(*outputs[i], true), b(*freshOut[i], true);
    if (!a.status() || !b.status())
      return !a.status() ? a.status() : b.status();
    same = std::memcmp(outputs[i]->data(), freshOut[i]->data(),
                       outputs[i]->size()) == 0;
  }
  if (same) {
    p.release(*fresh);
    std::fprintf(stderr,
                 "ane: ORION_ANE_VERIFY: program '%s': outputs after a weight "
                 "reload equal a fresh compile, bit for bit\n",
                 p.label.c_str());
    return Status::ok();
  }
  std::fprintf(stderr,
               "ane: ORION_ANE_VERIFY: program '%s': outputs after a weight "
               "reload differ from a fresh compile of the same weights; "
               "recompiling after every reload from now on (this spends "
               "compile budget)\n",
               p.label.c_str());
  for (size_t i = 0; i < outputs.size(); ++i) {
    SurfaceAccess a(*outputs[i], false), b(*freshOut[i], true);
    if (!a.status() || !b.status())
      return !a.status() ? a.status() : b.status();
    std::memcpy(outputs[i]->data(), freshOut[i]->data(), outputs[i]->size());
  }
  p.release(p.current);
  p.current = std::move(*fresh);
  reloadByCompile_ = true;
  return Status::ok();
}

} // namespace
} // namespace ane_bridge

Expected<std::unique_ptr<Device>> createAneDevice(const AneOptions &options) {
  auto fw = ane_bridge::openAneFramework(options.frameworkPath);
  if (!fw)
    return Error("ane device unavailable: " + fw.error().message());
  return std::unique_ptr<Device>(
      std::make_unique<ane_bridge::AneDevice>(*fw, options));
}

} // namespace orion::rt
