#!/usr/bin/env bash
# Creates (idempotently) the virtualenv the official-SDK interop tests run in, and prints its python.
#
#   emulator/interop/setup.sh [VENV_DIR]      # default: target/interop-venv under the workspace root
#
# Then: CLOUDFN_REQUIRE_INTEROP=1 cargo test -p cloudfn-emulator --test python_interop
# (the tests find target/interop-venv/bin/python, or the python named by $CLOUDFN_INTEROP_PYTHON).
# Needs python3 (>= 3.8) with the venv module, and PyPI. Set $PYTHON to choose the interpreter.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${1:-$root/target/interop-venv}"
requirements="$here/requirements.txt"
python="${PYTHON:-python3}"

stamp="$venv/.cloudfn-interop-requirements"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]] \
    && "$venv/bin/python" -c 'import fc2, huaweicloudsdkfunctiongraph' 2>/dev/null; then
    echo "interop venv up to date: $venv" >&2
else
    if [[ -f "$venv/pyvenv.cfg" ]] && ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
        echo "interop venv $venv is broken (its python does not run): recreating it" >&2
        rm -rf "$venv"
    fi
    if [[ ! -x "$venv/bin/python" ]]; then
        echo "creating interop venv: $venv ($("$python" --version 2>&1))" >&2
        mkdir -p "$(dirname "$venv")"
        "$python" -m venv "$venv" || {
            echo "error: '$python -m venv' failed; install Python 3 with its venv module (Debian: python3-venv)" >&2
            exit 1
        }
    fi
    echo "installing $requirements" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
    "$venv/bin/python" -c 'import fc2, huaweicloudsdkfunctiongraph' >&2
    echo "$wanted" > "$stamp"
fi
echo "$venv/bin/python"
