#!/usr/bin/env bash
# run-bench.sh of gpu-bundle (scripts/gpu-bundle.sh): the GPU benchmarks from the bundle alone. Each one's output
# goes to $OUT (or ./out beside this script) as <name>.txt, and `hypercube bench run`'s report as bench.json (checked
# against the bundled thresholds/gpu.json); `--quick` runs tiny cases, for checking the bundle.
#
#   gpu-bundle/run-bench.sh [--quick]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/out}"
mkdir -p "$out"
glibc="$(getconf GNU_LIBC_VERSION | awk '{print $2}')"
if [ "$(printf '%s\n2.36\n' "$glibc" | sort -V | head -1)" != 2.36 ]; then
    echo "this host's glibc is $glibc; the bundle needs 2.36 or newer" >&2
    exit 1
fi
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export HYPERCUBE_SCENES_DIR="$here/scenes"
# NVIDIA's containers keep the driver's ICD out of the loader's search path.
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ] &&
    ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1; then
    export VK_DRIVER_FILES="$nvidia_icd"
fi
status=0
run() {
    local name="$1"
    shift
    echo "== $name: hypercube $*"
    "$here/bin/hypercube" "$@" 2>&1 | tee "$out/$name.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "== $name failed" | tee -a "$out/$name.txt"; status=1; }
}
vpxenc=(--vpxenc "$here/bin/vpxenc")
[ -x "$here/bin/vpxenc" ] || vpxenc=()
run devices devices
if [ "${1:-}" = --quick ]; then
    run bench bench run --quick --stages render,latency --json "$out/bench.json"
else
    run bench bench run --stages render,encode,latency --reference-frames 2 --reference-threads "$(nproc)" \
        "${vpxenc[@]}" --eyes 640x360,1280x720,1920x1080 --json "$out/bench.json" \
        --thresholds "$here/thresholds/gpu.json"
    run latency-4 bench latency --eyes 1280x720 --fps 90 --headsets 4 --seconds 5
fi
exit "$status"
