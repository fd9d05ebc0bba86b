#!/usr/bin/env bash
# Runs the README's curl session against a freshly started capella-mock, exactly as written
# (only the port differs: the server takes a free one), and compares what it prints with the
# README's expected-output block. Ids, account numbers and project names change on every start,
# so both sides have them replaced by placeholders before the comparison.
#
# Usage: run-readme-session.sh path/to/capella-mock
set -euo pipefail

binary=${1:?usage: $0 path/to/capella-mock}
root=$(cd "$(dirname "$0")/../.." && pwd)
readme="$root/README.md"
work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

for tool in curl jq; do
    command -v "$tool" >/dev/null || { echo "run-readme-session: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done

# The fenced block between two markers, without its ``` lines.
block() {
    awk -v start="<!-- $1:start -->" -v end="<!-- $1:end -->" '
        $0 == start { inside = 1; next }
        $0 == end { inside = 0 }
        inside && !/^```/ { print }' "$readme"
}
# The README's pytest example must be the file make test runs.
block readme-pytest > "$work/pytest-example.py"
if ! diff -u "$root/Tests/python/test_testing_your_client.py" "$work/pytest-example.py"; then
    echo "run-readme-session: the README's pytest example differs from Tests/python/test_testing_your_client.py" >&2
    exit 1
fi

block readme-session > "$work/session.sh"
block readme-output > "$work/expected.txt"
[ -s "$work/session.sh" ] && [ -s "$work/expected.txt" ] || { echo "run-readme-session: README markers not found" >&2; exit 1; }

# Start the server as the README says (make run ARGS="--token dev-token"), on a free port.
"$binary" --token dev-token --port 0 > "$work/banner.txt" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q '^token:' "$work/banner.txt" 2>/dev/null && break
    sleep 0.05
done
url=$(sed -n 's/^capella-mock listening on //p' "$work/banner.txt")
[ -n "$url" ] || { echo "run-readme-session: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

sed "s|http://127.0.0.1:8080|$url|g" "$work/session.sh" > "$work/session-here.sh"
bash -euo pipefail "$work/session-here.sh" > "$work/actual.txt"

normalize() {
    sed -E -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
           -e 's/"aws-capella-account": "[0-9]{12}"/"aws-capella-account": "<account>"/' \
           -e 's/capella-prod-[a-z0-9]{8}/capella-prod-<id>/' "$1"
}
if diff -u <(normalize "$work/expected.txt") <(normalize "$work/actual.txt"); then
    echo "README session: output matches ($(wc -l < "$work/actual.txt") lines)"
else
    echo "README session: output differs from the README (see diff above)" >&2
    exit 1
fi
