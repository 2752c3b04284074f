#!/usr/bin/env bash
# Real peer gateways, driven by brownout end to end (test/peers): Portkey's open-source gateway
# from npm and the LiteLLM proxy from PyPI, at the versions pinned in examples/gateways/; Portkey
# also under `brownout load` (k6).
# Called by .ci/run after the main tests (needs `npm ci` done). Installs are cached outside the
# clone (BROWNOUT_PEERS_CACHE, default ~/.cache/brownout-peers), so a warm run takes a minute or
# two. A peer's own bugs are findings for docs/gateways.md; this fails only when brownout could
# not drive a peer (no answer, no report).
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${BROWNOUT_PEERS_CACHE:-$HOME/.cache/brownout-peers}
mkdir -p "$cache"

echo "::group::install peer gateways"
export LITELLM_VENV=${LITELLM_VENV:-$cache/litellm-1.108.0-venv}
examples/gateways/portkey/install.sh
examples/gateways/litellm/install.sh
# The load test against Portkey runs a real k6: the one .ci/run exported, else one found or built
# by .ci/install-k6.sh (cached). No k6 fails here, before any test, rather than skipping.
K6_BINARY="$(bash .ci/install-k6.sh | tail -n 1)"
export K6_BINARY
echo "::endgroup::"

echo "::group::peer gateways driven by brownout"
npx vitest run --config vitest.peers.config.ts
echo "::endgroup::"
