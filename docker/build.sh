#!/usr/bin/env bash
# Builds the capella-mock release binary and stages what the runtime image needs, in one place:
# the Dockerfile's build stage runs this script, and so does `make docker-stage` on a machine
# without a Docker engine, so the image recipe is exercised either way.
#
# Usage: docker/build.sh OUTPUT_DIR
# Leaves OUTPUT_DIR/usr/local/bin/capella-mock (static Swift standard library; it needs only
# libc, libssl3 and zlib1g at run time) and checks that the binary starts.
set -euo pipefail

out=${1:?usage: docker/build.sh OUTPUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The build needs the OpenSSL and zlib headers (libssl-dev, zlib1g-dev).
for header in /usr/include/openssl/ssl.h /usr/include/zlib.h; do
    [ -f "$header" ] || { echo "docker/build.sh: $header is missing: apt-get install libssl-dev zlib1g-dev" >&2; exit 1; }
done

swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors
binary="$(swift build -c release --show-bin-path)/capella-mock"

mkdir -p "$out/usr/local/bin"
install -m 0755 "$binary" "$out/usr/local/bin/capella-mock"
strip "$out/usr/local/bin/capella-mock" 2>/dev/null || true

# The runtime image provides only these shared libraries: fail here, not at container start.
unexpected=$(ldd "$out/usr/local/bin/capella-mock" | awk '{print $1}' |
    grep -vE '^(linux-vdso\.so|/lib64/ld-linux|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libutil\.so|libgcc_s\.so|libstdc\+\+\.so|libssl\.so|libcrypto\.so|libz\.so)' || true)
if [ -n "$unexpected" ]; then
    echo "docker/build.sh: the binary needs libraries the runtime image does not have:" >&2
    echo "$unexpected" >&2
    exit 1
fi
"$out/usr/local/bin/capella-mock" --version
