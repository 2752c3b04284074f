#!/usr/bin/env bash
# Prints the BROWNOUT_TARGET_HEADERS value that authenticates brownout's runner to the proxy with
# LITELLM_MASTER_KEY (it replaces the runner's own fake key in Authorization; the key stays out of
# the reports because brownout redacts every *KEY* variable of its environment):
#   export BROWNOUT_TARGET_HEADERS="$(examples/gateways/litellm/headers.sh)"
set -euo pipefail
: "${LITELLM_MASTER_KEY:?set LITELLM_MASTER_KEY=sk-... first}"
node -e 'process.stdout.write(JSON.stringify({ Authorization: `Bearer ${process.env.LITELLM_MASTER_KEY}` }))'
