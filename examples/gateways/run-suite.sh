#!/usr/bin/env bash
# Runs brownout's scenarios against a real gateway, one fresh gateway process per scenario (so no
# breaker, cooldown or cache carries from one scenario into the next), each into its own folder.
#
#   examples/gateways/run-suite.sh portkey|litellm OUT_DIR [scenario files...]
#
# Env: GATEWAY_PORT (9788), FAULT_SERVER_PORT (9797), SEED (1), BROWNOUT (the brownout command,
# default `npx brownout`), READY_TIMEOUT_S (60). Exit status: 0 every scenario passed, 1 one failed,
# 2 the gateway never came up. The gateway's own output is in OUT_DIR/<scenario>/gateway.log.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gateway=${1:?usage: run-suite.sh portkey|litellm OUT_DIR [scenario files...]}
out=${2:?usage: run-suite.sh portkey|litellm OUT_DIR [scenario files...]}
shift 2
[ -x "$here/$gateway/start.sh" ] || { echo "no gateway recipe $here/$gateway/start.sh" >&2; exit 2; }
gw_port=${GATEWAY_PORT:-9788}
fs_port=${FAULT_SERVER_PORT:-9797}
seed=${SEED:-1}
brownout=${BROWNOUT:-npx brownout}
upstream="http://127.0.0.1:$fs_port"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(scenarios/*.ts)
# LiteLLM wants a master key; one per suite run unless the caller gave one.
if [ -z "${LITELLM_MASTER_KEY:-}" ]; then
  LITELLM_MASTER_KEY="sk-$(node -p 'require("node:crypto").randomBytes(16).toString("hex")')"
  export LITELLM_MASTER_KEY
fi
if [ -x "$here/$gateway/headers.sh" ]; then
  BROWNOUT_TARGET_HEADERS="$("$here/$gateway/headers.sh" "$upstream")"
  export BROWNOUT_TARGET_HEADERS
fi

gw_pid=
stop_gateway() {
  [ -n "$gw_pid" ] || return 0
  kill -TERM "$gw_pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$gw_pid" 2>/dev/null
  wait "$gw_pid" 2>/dev/null
  gw_pid=
}
trap 'stop_gateway; exit 130' INT TERM
trap stop_gateway EXIT

status=0
for f in "${files[@]}"; do
  case "$f" in *dns-failure*) continue ;; esac   # a name is resolved before it reaches a fault server
  name=$(basename "$f"); name=${name%.*}
  mkdir -p "$out/$name"
  "$here/$gateway/start.sh" "$gw_port" "$upstream" > "$out/$name/gateway.log" 2>&1 &
  gw_pid=$!
  deadline=$((SECONDS + ${READY_TIMEOUT_S:-60}))
  # Up once it answers HTTP at all (any status: the fault server is not listening yet).
  until curl -s -o /dev/null -m 2 "http://127.0.0.1:$gw_port/"; do
    if ! kill -0 "$gw_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$gateway did not come up on port $gw_port; its output:" >&2
      tail -n 40 "$out/$name/gateway.log" >&2
      exit 2
    fi
    sleep 0.3
  done
  $brownout run "$f" --target "http://127.0.0.1:$gw_port" --fault-server-port "$fs_port" \
    --seed "$seed" --out "$out/$name" || status=1
  stop_gateway
done
exit $status
