#!/usr/bin/env bash
# Installs the LiteLLM proxy, pinned by requirements.txt, into a virtualenv: ./.venv, or the
# folder LITELLM_VENV names (CI keeps it in a cache outside the clone). Skips the install when
# that venv already has the pinned version.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv=${LITELLM_VENV:-$here/.venv}
want=$(sed -nE 's/^litellm(\[[^]]*\])?==([^ ;#]+).*/\2/p' "$here/requirements.txt")
have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))' 2>/dev/null || true)
if [ "$have" = "$want" ] && [ -x "$venv/bin/litellm" ]; then
  echo "litellm: $have already installed in $venv"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
echo "litellm: installed $want in $venv"
