# capella-mock: every task a developer or CI runs. `make test` is exactly what CI runs.

SWIFT      ?= swift
ARGS       ?=
# Zero warnings in our code: CI and `make test` treat a warning as an error.
STRICT     := -Xswiftc -warnings-as-errors
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib
BIN        := .build/release/capella-mock

.PHONY: build run test test-swift test-readme test-python python-deps test-tsan clean

## build: release binary at .build/release/capella-mock
build:
	$(RELEASE)

## run: build, then start on 127.0.0.1:8080 (pass flags with ARGS="--token dev-token --time-scale 0")
run: build
	$(BIN) $(ARGS)

## test: build with warnings as errors, run every Swift test, then the README's session and pytest example
test: test-swift test-readme test-python

test-swift:
	$(SWIFT) build --build-tests $(STRICT)
	$(SWIFT) test --skip-build

## test-readme: runs the README's curl session against a fresh server, as a user would
test-readme: build
	bash Tests/readme/run-readme-session.sh $(BIN)

## test-python: the README's pytest example, run against the built server
test-python: build python-deps
	CAPELLA_MOCK_BIN=$(BIN) python3 -m pytest -q Tests/python

# pytest and requests, installed only when missing.
python-deps:
	@python3 -c 'import pytest, requests' 2>/dev/null || python3 -m pip install -q pytest requests

## test-tsan: the Swift suite under ThreadSanitizer (0 reports expected)
test-tsan:
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=thread --scratch-path .build/tsan

clean:
	rm -rf .build
