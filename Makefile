# Hypercube: `make run` builds and serves the default scene (player URL printed); `make test` runs every test.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SCENE ?= tesseract
SIZE ?= 640x360
FPS ?= 30
PORT ?= 5000
OUT ?= out

.PHONY: deps test-deps build run render test bench gpu-bundle clean

deps:
	@scripts/install-deps.sh run

test-deps:
	@scripts/install-deps.sh test

build: deps
	swift build -c release --product hypercube

run: build
	.build/release/hypercube devices
	.build/release/hypercube serve --port $(PORT) --size $(SIZE) --fps $(FPS) --scene $(SCENE)

render: build
	@mkdir -p $(OUT)
	.build/release/hypercube render --scene $(SCENE) --size $(SIZE) --time 1.5 --out $(OUT)/$(SCENE).png
	.build/release/hypercube render --scene $(SCENE) --size $(SIZE) --frames 90 --fps 30 --out $(OUT)/$(SCENE)-frames
	.build/release/hypercube render --scene $(SCENE) --size $(SIZE) --seconds 5 --fps 60 --codec vp8 --bitrate 2M --out $(OUT)/$(SCENE).ivf
	@echo
	@echo "Picture:  $(abspath $(OUT))/$(SCENE).png"
	@echo "Frames:   $(abspath $(OUT))/$(SCENE)-frames/ (90 PNGs, 3 s at 30 fps)"
	@echo "Video:    $(abspath $(OUT))/$(SCENE).ivf (VP8, 5 s at 60 fps; play with: ffplay $(OUT)/$(SCENE).ivf)"

test: test-deps
	swift build --build-tests
	swift test --skip-build
	swift build --product hypercube
	Tests/cli/run.sh .build/debug/hypercube
	Tests/deploy/run.sh .build/debug/hypercube
	Tests/e2e/run.sh .build/debug/hypercube

bench: build
	@scripts/install-deps.sh bench
	.build/release/hypercube bench run --json .build/bench.json

# A folder (and gpu-bundle.tar.xz) that runs the GPU benchmarks on a machine with only a GPU driver.
gpu-bundle: deps
	scripts/gpu-bundle.sh release

clean:
	rm -rf .build $(OUT) gpu-bundle gpu-bundle.tar.xz

.PHONY: benchmarks

# package-benchmark suite in the nested Benchmarks/ package (see Benchmarks/README.md).
benchmarks: deps
	cd Benchmarks && swift package benchmark
