#!/usr/bin/env bash
# make gpu-bundle: a folder that runs the GPU benchmarks on a bare Linux GPU machine with only the driver
# (no Swift, no Debian packages): gpu-bundle/ holds the hypercube binary (stripped), every shared library it needs
# from this machine but glibc's own (the Swift runtime, Foundation and ICU, libvpx, libopus, libsrtp2, OpenSSL,
# libyuv, libpng and the Vulkan loader), vpxenc for the encode comparison, the scenes, Benchmarks/thresholds and
# run-bench.sh; and gpu-bundle.tar.xz of it to carry. The host's glibc must be 2.36 or newer (Debian 12's;
# run-bench.sh checks).
#
#   scripts/gpu-bundle.sh [release|debug] [DIR]
#
# debug bundles .build/debug/hypercube as built, into DIR (default gpu-bundle) with no archive: the offline check in
# Tests/deploy/run.sh runs it with a scrubbed environment.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="${1:-release}"
out="${2:-$root/gpu-bundle}"
case "$config" in
release)
    swift build -c release --scratch-path "$root/.build-release" --product hypercube --package-path "$root"
    binary="$root/.build-release/release/hypercube"
    ;;
debug) binary="$root/.build/debug/hypercube" ;;
*)
    echo "usage: scripts/gpu-bundle.sh [release|debug]" >&2
    exit 2
    ;;
esac
[ -x "$binary" ] || { echo "no $binary: build it first" >&2; exit 1; }
rm -rf "$out" "$out.tar.xz"
mkdir -p "$out/lib" "$out/bin"
cp "$binary" "$out/bin/hypercube"
[ "$config" = release ] && strip --strip-unneeded "$out/bin/hypercube"
# Every library the loader resolves for the binary and for vpxenc, but glibc's own (the host's must serve).
bundle_libraries() {
    ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | while read -r library; do
        case "$(basename "$library")" in
        libc.so.* | libm.so.* | libdl.so.* | libpthread.so.* | librt.so.* | libresolv.so.* | ld-linux*) ;;
        *) cp -Ln "$library" "$out/lib/" ;;
        esac
    done
}
bundle_libraries "$binary"
if [ -x /usr/bin/vpxenc ]; then
    cp /usr/bin/vpxenc "$out/bin/vpxenc"
    bundle_libraries /usr/bin/vpxenc
fi
cp -r "$root/assets/scenes" "$out/scenes"
cp -r "$root/Benchmarks/thresholds" "$out/thresholds"
cp "$root/scripts/gpu-bundle-run.sh" "$out/run-bench.sh"
chmod +x "$out/run-bench.sh"
if [ "$config" = release ]; then
    tar -C "$(dirname "$out")" -cJf "$out.tar.xz" "$(basename "$out")"
    echo "gpu-bundle: $(du -sh "$out" | cut -f1) in $out, $(du -h "$out.tar.xz" | cut -f1) as $out.tar.xz"
else
    echo "gpu-bundle: $(du -sh "$out" | cut -f1) in $out"
fi
