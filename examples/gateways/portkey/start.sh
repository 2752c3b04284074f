#!/usr/bin/env bash
# Starts Portkey's gateway on 127.0.0.1:PORT in the foreground (usable as brownout's
# --target-cmd 'examples/gateways/portkey/start.sh {port}'). Portkey takes its routing config per
# request, in the x-portkey-config header: see headers.sh. Stops on SIGTERM/SIGINT.
set -euo pipefail
port=${1:?usage: start.sh PORT}
dir="$(cd "$(dirname "$0")" && pwd)"
exec node "$dir/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$port" --headless
