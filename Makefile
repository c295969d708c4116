# Thin wrapper over CMake/Ninja. `make` builds, `make test` runs every test,
# `make demo` runs Orion's main job, `make bench` writes benchmark JSON,
# `make fuzz` runs only the fuzzers and sanitizer tests.

BUILD_DIR ?= build
LLVM_DIR  ?= /usr/lib/llvm-22
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

CONFIGURED := $(BUILD_DIR)/build.ninja
DEPS_STAMP := $(BUILD_DIR)/.deps-installed

.PHONY: all deps configure build test fuzz demo bench clean

all: build

$(DEPS_STAMP): scripts/install-deps.sh
	./scripts/install-deps.sh
	@mkdir -p $(BUILD_DIR) && touch $@

deps: $(DEPS_STAMP)

$(CONFIGURED): $(DEPS_STAMP) CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=$(LLVM_DIR)/bin/clang \
	  -DCMAKE_CXX_COMPILER=$(LLVM_DIR)/bin/clang++ \
	  -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=$(LLVM_DIR)/bin/lit \
	  $(CMAKE_FLAGS)

configure: $(CONFIGURED)

build: $(CONFIGURED)
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Only the fuzz-* tests (ORION_FUZZ_SECONDS each, 15 by default) and the
# ASan/UBSan runtime tests; `make test` runs them too.
fuzz: $(CONFIGURED)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target orion-runtime-test-binaries
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L 'fuzz|sanitizer'

# Only what scripts/demo.sh runs: no tests, sanitizer copies or fuzzers.
DEMO_TARGETS := orion

demo: $(CONFIGURED)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target $(DEMO_TARGETS)
	./scripts/demo.sh $(BUILD_DIR)

bench: build
	./scripts/bench.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
