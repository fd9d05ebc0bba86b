# capella-mock: every task a developer or CI runs. `make test` is exactly what CI runs.

SWIFT      ?= swift
ARGS       ?=
# Zero warnings in our code: CI and `make test` treat a warning as an error.
STRICT     := -Xswiftc -warnings-as-errors
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib
BIN        := .build/release/capella-mock

.PHONY: build run test test-swift test-readme test-tsan clean

## build: release binary at .build/release/capella-mock
build:
	$(RELEASE)

## run: build, then start on 127.0.0.1:8080 (pass flags with ARGS="--token dev-token --time-scale 0")
run: build
	$(BIN) $(ARGS)

## test: build with warnings as errors, run every Swift test, then check the README tutorial
test: test-swift test-readme

test-swift:
	$(SWIFT) build --build-tests $(STRICT)
	$(SWIFT) test --skip-build

## test-readme: runs the README's curl session against a fresh server, as a user would
test-readme: build
	bash Tests/readme/run-readme-session.sh $(BIN)

## test-tsan: the Swift suite under ThreadSanitizer (0 reports expected)
test-tsan:
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=thread --scratch-path .build/tsan

clean:
	rm -rf .build
