#!/usr/bin/env bash
# End-to-end tests of `hypercube serve`: real WHEP viewers (aiortc and headless Chromium) against the real server.
#
#   Tests/e2e/run.sh .build/debug/hypercube            # everything (about 2 minutes)
#   Tests/e2e/run.sh .build/debug/hypercube -m "not slow"   # skip the load and hostile-input tests
#   Tests/e2e/run.sh reference                          # the same tests against Tests/e2e/reference_server.py
#
# Creates or updates Tests/e2e/.venv from requirements.txt, installs Debian's chromium if it is missing, then runs
# pytest; any further arguments go to pytest. Exits non-zero when a test fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:?usage: Tests/e2e/run.sh <hypercube-binary | reference> [pytest arguments...]}"
shift

if [ "$target" = "reference" ] || [ "$target" = "--reference" ]; then
    export HYPERCUBE_E2E_SERVER=reference
    unset HYPERCUBE_BIN
else
    if [ ! -x "$target" ]; then
        echo "error: $target is not an executable file (build it first: swift build --product hypercube)" >&2
        exit 2
    fi
    HYPERCUBE_BIN="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"
    export HYPERCUBE_BIN
    export HYPERCUBE_E2E_SERVER=binary
fi

# --- Python environment: Tests/e2e/.venv, reinstalled when requirements.txt changes
venv="$here/.venv"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    echo "e2e: creating $venv"
    "$python" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "e2e: installing Python packages from requirements.txt"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$want" >"$stamp"
fi

# --- headless Chromium from Debian
if ! [ -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then
    echo "e2e: installing chromium"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

cd "$here"
exec "$venv/bin/python" -m pytest -c "$here/pytest.ini" "$@"
