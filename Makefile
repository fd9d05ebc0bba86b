# capella-mock: every task a developer or CI runs. `make test` is exactly what CI runs.

SWIFT      ?= swift
ARGS       ?=
# Zero warnings in our code: CI and `make test` treat a warning as an error.
STRICT     := -Xswiftc -warnings-as-errors
# Same flags as docker/build.sh, so the two share one build.
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib $(STRICT)
BIN        := .build/release/capella-mock

.PHONY: bench fuzz test-fuzz system-deps build run test test-swift test-readme test-python test-load soak test-docker-recipe test-schemathesis python-deps test-tsan test-asan docker-stage docker-build docker-run openapi clean

## build: release binary at .build/release/capella-mock
build: system-deps
	$(RELEASE)

# The OpenSSL and zlib headers the build links against (apt-get install libssl-dev zlib1g-dev).
system-deps:
	@test -f /usr/include/openssl/ssl.h -a -f /usr/include/zlib.h || { echo "capella-mock needs the OpenSSL and zlib headers: apt-get install libssl-dev zlib1g-dev" >&2; exit 1; }

## run: build, then start on 127.0.0.1:8080 (pass flags with ARGS="--token dev-token --time-scale 0")
run: build
	$(BIN) $(ARGS)

## test: build with warnings as errors, run every Swift test, then the README's session and pytest
## example, the load and hostile-client tests, the container recipe as far as this machine allows,
## and schemathesis against the spec
test: test-swift test-fuzz test-readme test-python test-load test-docker-recipe test-schemathesis

# Suites that start capella-mock as a subprocess (Foundation's Process) run in a test process of
# their own, apart from the suites that run servers in-process: a rare libdispatch crash
# (SIGSEGV in _dispatch_event_loop_drain) was seen with both in one process. Tests/swift-test.sh
# reruns a suite once only when its process died of exactly that; see the README's known issues.
SUBPROCESS_SUITES := ExecutableTests|OptionLimitTests|LogFormatTests|TLSAndGzipExecutableTests|SeedAndStateFileTests|StartupSignalTests

test-swift: system-deps
	$(SWIFT) build --build-tests $(STRICT)
	SWIFT=$(SWIFT) bash Tests/swift-test.sh --skip '$(SUBPROCESS_SUITES)'
	SWIFT=$(SWIFT) bash Tests/swift-test.sh --filter '$(SUBPROCESS_SUITES)'

## test-fuzz: builds the libFuzzer targets and runs every checked-in seed and regression input once
test-fuzz:
	bash Tests/fuzz/run.sh --replay

## fuzz: the request parser and the JSON body fuzzers, side by side, FUZZ_SECONDS each (default 120);
## crashes land in .build/fuzz/crashes (not in make test)
FUZZ_SECONDS ?= 120
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Tests/fuzz/run.sh

## test-readme: runs the README's curl session against a fresh server, as a user would
test-readme: build
	bash Tests/readme/run-readme-session.sh $(BIN)

## test-python: the README's pytest example, run against the built server
test-python: build python-deps
	CAPELLA_MOCK_BIN=$(BIN) python3 -m pytest -q Tests/python

## test-load: concurrent writers, a mixed load (LOAD_SECONDS, default 60) and hostile clients
## (slowloris, silent connections) against the built server
LOAD_SECONDS ?= 60
test-load: build python-deps
	CAPELLA_MOCK_BIN=$(BIN) LOAD_SECONDS=$(LOAD_SECONDS) python3 -m pytest -q -s -p no:cacheprovider Tests/load

## soak: SOAK_SECONDS (default 600) of mixed load with connection churn; fails when the server's
## memory grows by 10 % or more after the warm-up, or its descriptors do not come back (not in make test)
SOAK_SECONDS ?= 600
soak: build
	CAPELLA_MOCK_BIN=$(BIN) SOAK_SECONDS=$(SOAK_SECONDS) python3 Tests/load/soak.py

# pytest and requests, installed only when missing.
python-deps:
	@python3 -c 'import pytest, requests' 2>/dev/null || python3 -m pip install -q pytest requests

## test-docker-recipe: docker/build.sh, then the staged binary run and health-checked as the image would
test-docker-recipe: build
	bash Tests/docker/test-recipe.sh

## docker-stage: what the image's build stage does, into .build/docker-stage (no Docker engine needed)
docker-stage:
	docker/build.sh .build/docker-stage

## docker-build / docker-run: the image (needs a Docker engine)
docker-build:
	@docker info >/dev/null 2>&1 || { echo "make docker-build: no Docker engine is running here (the docker client alone cannot build images); 'make docker-stage' runs the same build steps" >&2; exit 1; }
	docker build -f docker/Dockerfile -t capella-mock .

docker-run: docker-build
	docker run --rm -p 8080:8080 -e CAPELLA_MOCK_TOKEN=$${CAPELLA_MOCK_TOKEN:-dev-token} capella-mock

## test-schemathesis: the server against openapi/capella-mock.yaml (schemathesis from PyPI, ~90 s)
test-schemathesis: build
	bash Tests/python/schemathesis/run.sh $(BIN)

## openapi: embed openapi/capella-mock.yaml in the binary (served at GET /_mock/openapi.yaml)
openapi:
	python3 openapi/embed.py

## test-tsan: the Swift suite under ThreadSanitizer (0 reports expected)
test-tsan:
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=thread --scratch-path .build/tsan

## test-asan: the Swift suite under AddressSanitizer and LeakSanitizer (0 reports expected; the
## suppressions file lists the Swift runtime's and XCTest's known false leak reports, nothing of ours)
test-asan:
	SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/sanitizers/lsan-suppressions.txt:print_suppressions=0 \
		$(SWIFT) test --sanitize=address --scratch-path .build/asan

## bench: capella-mock beside nginx under wrk (GET key, list page of 10,000 keys, POST), startup
## time and memory; installs nginx and wrk through apt when missing; writes bench/results.md (~9 min)
bench: build
	python3 bench/bench.py

clean:
	rm -rf .build
