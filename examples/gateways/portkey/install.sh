#!/usr/bin/env bash
# Installs Portkey's open-source gateway, pinned by this folder's package-lock.json, into
# ./node_modules (outside brownout's own). Skips the install when that exact version is there.
# Portkey's own postinstall (patch-package, husky) is for its developers: --ignore-scripts.
set -euo pipefail
cd "$(dirname "$0")"
want=$(node -p 'require("./package-lock.json").packages["node_modules/@portkey-ai/gateway"].version')
have=$(node -p 'try { require("./node_modules/@portkey-ai/gateway/package.json").version } catch { "" }')
if [ "$have" = "$want" ]; then
  echo "portkey: @portkey-ai/gateway $have already installed"
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
echo "portkey: installed @portkey-ai/gateway $want"
