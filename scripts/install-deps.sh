#!/usr/bin/env bash
# Installs the Debian packages Hypercube needs to build, run and test, skipping what is already there.
# Usage: scripts/install-deps.sh [run|test]
set -euo pipefail
profile="${1:-run}"

packages=(
    pkg-config libvulkan-dev libvulkan1 mesa-vulkan-drivers vulkan-tools glslang-dev glslang-tools spirv-tools
    libpng-dev libyuv-dev libvpx-dev libopus-dev libsrtp2-dev libssl-dev
)
if [ "$profile" = "bench" ] || [ "$profile" = "test" ]; then
    packages+=(vpx-tools)
fi
if [ "$profile" = "test" ]; then
    packages+=(python3 python3-venv ffmpeg prometheus shellcheck postgresql zbar-tools)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "note: add /opt/swift/usr/bin to PATH (the Makefile does this for you)"
    else
        echo "error: Swift 6.1 or newer is required (not in Debian's archive): install a toolchain from" \
            "swift.org into /opt/swift and put /opt/swift/usr/bin on PATH" >&2
        exit 1
    fi
fi
