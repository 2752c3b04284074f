#!/usr/bin/env bash
# Starts the LiteLLM proxy on 127.0.0.1:PORT in the foreground, its upstreams at UPSTREAM (the
# fault server's origin), usable as brownout's
#   --target-cmd 'examples/gateways/litellm/start.sh {port} {upstream}'
# Stops on SIGTERM/SIGINT. The venv is ./.venv or LITELLM_VENV. LiteLLM 1.108 refuses to start
# without a master key: set LITELLM_MASTER_KEY (sk-...) and send it (see headers.sh).
set -euo pipefail
port=${1:?usage: start.sh PORT UPSTREAM_ORIGIN}
upstream=${2:?usage: start.sh PORT UPSTREAM_ORIGIN   e.g. http://127.0.0.1:9797}
here="$(cd "$(dirname "$0")" && pwd)"
venv=${LITELLM_VENV:-$here/.venv}
: "${LITELLM_MASTER_KEY:?set LITELLM_MASTER_KEY=sk-... (the key clients must send; see headers.sh)}"
config=$(mktemp "${TMPDIR:-/tmp}/litellm-config.XXXXXX.yaml")
trap 'rm -f "$config"' EXIT
sed "s#{upstream}#$upstream#g" "$here/config.template.yaml" > "$config"
# No network at start: LiteLLM would fetch its model cost map from the internet otherwise.
export LITELLM_LOCAL_MODEL_COST_MAP=True
export NO_DOCS=True
"$venv/bin/litellm" --config "$config" --host 127.0.0.1 --port "$port" --num_workers 1 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; rm -f "$config"; exit 0' TERM INT
wait "$child"
