//===- ManifestTest.cpp - manifest.json parsing and printing --------------===//

#include "orion/format/Manifest.h"

#include <gtest/gtest.h>

using namespace orion::rt;

namespace {

const char *kMinimal = R"({
  "format": "orion-package", "version": 1, "spelling": "compact",
  "programs": [{
    "name": "attn", "mil": "programs/attn/model.mil", "device": "ane",
    "inputs": [{"name": "x", "shape": [1, 768, 1, 32], "dtype": "fp16",
                "surface_bytes": 49152, "binding": 0}],
    "outputs": [{"name": "y", "shape": [1, 768, 1, 32], "dtype": "fp16",
                 "surface_bytes": 49152, "binding": 0}],
    "weights": [{"file": "programs/attn/weights/weight.bin",
                 "mil_path": "@model_path/weights/weight.bin", "offset": 64,
                 "dtype": "fp16", "shape": [768, 768, 1, 1],
                 "sources": [{"param": "wq", "param_shape": [768, 768]}]}]
  }]
})";

std::string errorFor(std::string text, const std::string &from,
                     const std::string &to) {
  text.replace(text.find(from), from.size(), to);
  auto m = parseManifest(text, "m.json");
  return m ? "<no error>" : m.error().message();
}

TEST(Manifest, RoundTrips) {
  auto m = parseManifest(kMinimal, "m.json");
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_EQ(m->programs.size(), 1u);
  EXPECT_EQ(m->programs[0].weights[0].sources[0].transformName(), "identity");
  auto again = parseManifest(printManifest(*m), "m.json");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(printManifest(*again), printManifest(*m));
}

TEST(Manifest, RejectsEscapingPaths) {
  EXPECT_EQ(errorFor(kMinimal, "programs/attn/weights/weight.bin",
                     "../secret.bin"),
            "m.json: programs[0].weights[0].file: '../secret.bin' escapes the "
            "package (paths must be relative, without '..')");
  EXPECT_EQ(errorFor(kMinimal, "programs/attn/model.mil", "/etc/passwd"),
            "m.json: programs[0].mil: '/etc/passwd' escapes the package "
            "(paths must be relative, without '..')");
}

TEST(Manifest, RejectsInconsistentEntries) {
  EXPECT_EQ(errorFor(kMinimal, "\"version\": 1", "\"version\": 7"),
            "m.json: manifest.version: unsupported version 7 (this Orion "
            "reads version 1)");
  EXPECT_EQ(errorFor(kMinimal, "\"surface_bytes\": 49152, \"binding\": 0}],\n"
                               "    \"outputs\"",
                     "\"surface_bytes\": 100, \"binding\": 0}],\n"
                     "    \"outputs\""),
            "m.json: programs[0].inputs[0].surface_bytes: 100 bytes cannot "
            "hold shape of 49152 bytes");
  EXPECT_EQ(errorFor(kMinimal, "\"offset\": 64", "\"offset\": 65"),
            "m.json: programs[0].weights[0].offset: must be 64-byte aligned");
  EXPECT_EQ(errorFor(kMinimal, "\"param_shape\": [768, 768]",
                     "\"param_shape\": [768, 767]"),
            "m.json: programs[0].weights[0].sources: sources hold 589056 "
            "elements but the blob has 589824");
  EXPECT_EQ(errorFor(kMinimal, "\"name\": \"attn\", ", ""),
            "m.json: programs[0]: missing field 'name'");
  EXPECT_EQ(errorFor(kMinimal, "{", "["), "m.json: not valid JSON");
}

TEST(Manifest, SafeRelativePaths) {
  EXPECT_TRUE(isSafeRelativePath("programs/a/model.mil"));
  EXPECT_FALSE(isSafeRelativePath("programs/../x"));
  EXPECT_FALSE(isSafeRelativePath("programs//x"));
  EXPECT_FALSE(isSafeRelativePath("./x"));
  EXPECT_FALSE(isSafeRelativePath(""));
  EXPECT_FALSE(isSafeRelativePath("x/"));
}

} // namespace
