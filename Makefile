# Thin wrapper around CMake: deps, build, demo, test, bench. Everything real lives in CMakeLists.txt
# and scripts/.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	bash scripts/demo.sh $(BUILD)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

bench: build
	bash scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)/CMakeFiles $(BUILD)/bin $(BUILD)/annotate $(BUILD)/scoring $(BUILD)/cli $(BUILD)/tests
