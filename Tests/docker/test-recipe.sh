#!/usr/bin/env bash
# Exercises the container recipe as far as a machine without a Docker engine allows: runs the
# same build script as the Dockerfile's build stage, then starts the staged binary the way the
# image does (environment variables only, 0.0.0.0), runs the image's health check against it,
# and stops it with SIGTERM as `docker stop` would.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$stage"
}
trap cleanup EXIT

"$root/docker/build.sh" "$stage" > "$stage/build.log" 2>&1 || { cat "$stage/build.log" >&2; exit 1; }
binary="$stage/usr/local/bin/capella-mock"

# A free port, then the container's configuration: environment variables only.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env -i PATH="$PATH" CAPELLA_MOCK_HOST=0.0.0.0 CAPELLA_MOCK_PORT="$port" CAPELLA_MOCK_TOKEN=ci-token \
    "$binary" > "$stage/banner.txt" 2> "$stage/server.log" &
pid=$!
for _ in $(seq 1 100); do
    grep -q '^token:' "$stage/banner.txt" 2>/dev/null && break
    sleep 0.05
done
grep -q "^capella-mock listening on http://0.0.0.0:$port$" "$stage/banner.txt" || { echo "unexpected banner:" >&2; cat "$stage/banner.txt" "$stage/server.log" >&2; exit 1; }
grep -q '^token: ci-token$' "$stage/banner.txt" || { echo "CAPELLA_MOCK_TOKEN was not used" >&2; exit 1; }

CAPELLA_MOCK_PORT="$port" "$root/docker/healthcheck.sh" || { echo "the health check failed" >&2; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || { echo "the server exited $status on SIGTERM" >&2; exit 1; }
echo "Docker recipe: build script, environment configuration, health check and SIGTERM all good"
