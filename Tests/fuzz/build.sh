#!/usr/bin/env bash
# Builds the two libFuzzer targets with AddressSanitizer into $OUT (default .build/fuzz):
#   http-request-fuzzer: the MockHTTP head parser, body decoder and gzip inflater;
#   json-body-fuzzer:    the JSON parser and the CMEK, cluster and API-key body decoders, with
#                        the store calls they lead to.
# Each fuzzer is compiled together with the sources it tests (so it sees their internal types);
# MockJSON and CapellaDomain are built as instrumented modules of their own, as SwiftPM builds them.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-.build/fuzz}
mkdir -p "$OUT/modules"

SWIFTC=${SWIFTC:-swiftc}
# -use-ld=lld: the gold linker prints a warning per ASan symbol it cannot export.
FLAGS=(-swift-version 6 -O -g -sanitize=fuzzer,address -parse-as-library -warnings-as-errors -use-ld=lld)

# module NAME SOURCES... : an instrumented module (object + .swiftmodule) in $OUT/modules.
module() {
    local name=$1; shift
    "$SWIFTC" "${FLAGS[@]}" -enable-testing -whole-module-optimization -module-name "$name" \
        -I "$OUT/modules" -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
        -c -o "$OUT/modules/$name.o" "$@"
}

# Up to date when both binaries are newer than every source they are built from.
if [ -x "$OUT/http-request-fuzzer" ] && [ -x "$OUT/json-body-fuzzer" ] && [ -z "$(find Sources/MockHTTP Sources/MockJSON \
        Sources/CapellaDomain Sources/CapellaAPI/Decoding Tests/fuzz/*.swift Tests/fuzz/build.sh \
        -newer "$OUT/json-body-fuzzer" -o -newer "$OUT/http-request-fuzzer" | head -1)" ]; then
    echo "fuzz: the fuzzers in $OUT are up to date"
    exit 0
fi

echo "fuzz: building http-request-fuzzer"
"$SWIFTC" "${FLAGS[@]}" -module-name HTTPRequestFuzzer -I Sources/CZlib \
    Sources/MockHTTP/RequestHeadParser.swift Sources/MockHTTP/BodyDecoder.swift Sources/MockHTTP/ByteClasses.swift \
    Sources/MockHTTP/HTTPTypes.swift Sources/MockHTTP/GzipCodec.swift \
    Tests/fuzz/HTTPRequestFuzzer.swift -o "$OUT/http-request-fuzzer"

echo "fuzz: building json-body-fuzzer"
module MockJSON Sources/MockJSON/*.swift
module CapellaDomain $(find Sources/CapellaDomain -name '*.swift' | sort)
"$SWIFTC" "${FLAGS[@]}" -module-name JSONBodyFuzzer -I "$OUT/modules" \
    Sources/CapellaAPI/Decoding/JSONBody.swift Sources/CapellaAPI/Decoding/KeyConfigDecoder.swift \
    Sources/CapellaAPI/Decoding/ClusterDraftDecoder.swift Sources/CapellaAPI/Decoding/APIKeyDraftDecoder.swift \
    Tests/fuzz/JSONBodyFuzzer.swift "$OUT/modules/MockJSON.o" "$OUT/modules/CapellaDomain.o" \
    -o "$OUT/json-body-fuzzer"
