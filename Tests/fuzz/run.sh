#!/usr/bin/env bash
# make fuzz:        both fuzzers side by side (one per core) for FUZZ_SECONDS each (default 120).
#                   They start from the checked-in seeds and keep what they learn in
#                   .build/fuzz/corpus, so a later run goes on where this one stopped. A crash
#                   lands in .build/fuzz/crashes and fails the run.
# make test-fuzz:   (--replay) every seed and every saved regression input, once: part of make test.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.build/fuzz
MODE=${1:-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-120}
# A failed check ends in fatalError; Swift's own backtracer would then trip AddressSanitizer.
export SWIFT_BACKTRACE=enable=no

Tests/fuzz/build.sh "$OUT"

# fuzzer name, seed corpus, extra libFuzzer flags
targets=(
    "http-request-fuzzer http -max_len=8192 -dict=Tests/fuzz/http.dict"
    "json-body-fuzzer json -max_len=4096"
)

if [ "$MODE" = "--replay" ]; then
    for target in "${targets[@]}"; do
        read -r name corpus flags <<<"$target"
        inputs=(Tests/fuzz/corpus/"$corpus")
        [ -d Tests/fuzz/regressions/"$corpus" ] && inputs+=(Tests/fuzz/regressions/"$corpus")
        echo "fuzz: replaying ${inputs[*]} through $name"
        # -runs=0 runs each given input once and stops; any failed check aborts with a report.
        if ! "$OUT/$name" -runs=0 $flags "${inputs[@]}" >"$OUT/$name-replay.log" 2>&1; then
            echo "fuzz: $name failed on a saved input:" >&2
            tail -40 "$OUT/$name-replay.log" >&2
            exit 1
        fi
    done
    echo "fuzz: every saved input passed"
    exit 0
fi

mkdir -p "$OUT/crashes"
pids=()
for target in "${targets[@]}"; do
    read -r name corpus flags <<<"$target"
    mkdir -p "$OUT/corpus/$corpus"
    echo "fuzz: $name for ${SECONDS_EACH}s (log: $OUT/$name.log)"
    "$OUT/$name" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -artifact_prefix="$OUT/crashes/$name-" \
        $flags "$OUT/corpus/$corpus" Tests/fuzz/corpus/"$corpus" >"$OUT/$name.log" 2>&1 &
    pids+=($!)
done

status=0
for i in "${!pids[@]}"; do
    read -r name _ <<<"${targets[$i]}"
    if wait "${pids[$i]}"; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$name.log" | grep -o '[0-9]*$' || echo '?')
        echo "fuzz: $name: no crash in $runs inputs"
    else
        status=1
        echo "fuzz: $name FAILED; the input is in $OUT/crashes, the report in $OUT/$name.log:"
        grep -E 'Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY' "$OUT/$name.log" | head -5 || true
    fi
done
exit $status
