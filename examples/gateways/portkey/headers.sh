#!/usr/bin/env bash
# Prints the BROWNOUT_TARGET_HEADERS value that carries this folder's config.template.json, with
# {upstream} replaced by the fault server's origin:
#   export BROWNOUT_TARGET_HEADERS="$(examples/gateways/portkey/headers.sh http://127.0.0.1:9797)"
# With --target-cmd, pass '{upstream}' literally: brownout fills it in per scenario.
set -euo pipefail
upstream=${1:?usage: headers.sh UPSTREAM_ORIGIN   e.g. http://127.0.0.1:9797}
dir="$(cd "$(dirname "$0")" && pwd)"
node -e '
const fs = require("node:fs");
const config = JSON.parse(fs.readFileSync(process.argv[1], "utf8").replaceAll("{upstream}", process.argv[2]));
process.stdout.write(JSON.stringify({ "x-portkey-config": config }));
' "$dir/config.template.json" "$upstream"
