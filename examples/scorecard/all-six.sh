#!/usr/bin/env bash
# One `brownout scorecard` over six systems, side by side, with one seed on the fault-server backend:
#   the reference router; the three examples of examples/systems/ (in process); Portkey's gateway
#   started fresh per scenario (--target-cmd, its config in the x-portkey-config header); and one
#   long-lived LiteLLM proxy (--target: it takes 70 s or more to start, too slow per scenario).
# Each gateway gets its own headers (--target-headers-env): LiteLLM's master key never reaches
# Portkey, and neither gateway's headers reach the other's run.
#
#   examples/scorecard/all-six.sh [OUT_DIR] [scenario files...]
#
# OUT_DIR defaults to reports/scorecard-all-six; the scenarios default to the suite without
# dns-failure (a name is resolved before it reaches a fault server). Env: SEED (7), GREP (passed
# as --grep), LITELLM_PORT (4100), FAULT_SERVER_PORT (9797), LITELLM_VENV
# (~/.cache/brownout-peers/litellm-1.108.0-venv), LITELLM_MASTER_KEY (random when unset),
# READY_TIMEOUT_S (LiteLLM's start, 400), BROWNOUT (default `npx brownout`). Needs both gateways
# installed: examples/gateways/portkey/install.sh and examples/gateways/litellm/install.sh.
# Exit status: the scorecard's (0 every system's run wrote its report, 1 one did not, 2 bad
# usage), or 2 when LiteLLM never came up. LiteLLM is stopped on exit, Ctrl+C included.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
out=${1:-reports/scorecard-all-six}
[ $# -gt 0 ] && shift
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  for f in scenarios/*.ts; do
    case "$f" in *dns-failure*) ;; *) files+=("$f") ;; esac
  done
fi
seed=${SEED:-7}
litellm_port=${LITELLM_PORT:-4100}
fault_port=${FAULT_SERVER_PORT:-9797}
export LITELLM_VENV=${LITELLM_VENV:-$HOME/.cache/brownout-peers/litellm-1.108.0-venv}
brownout=${BROWNOUT:-npx brownout}
# The key is given only to LiteLLM's start.sh and to LITELLM_HEADERS, never exported: no other
# system's run (nor the Portkey processes it starts) has it in its environment.
master_key=${LITELLM_MASTER_KEY:-sk-$(node -p 'require("node:crypto").randomBytes(16).toString("hex")')}
unset LITELLM_MASTER_KEY BROWNOUT_TARGET_HEADERS

portkey_version=$(node -p 'require("./examples/gateways/portkey/package-lock.json").packages["node_modules/@portkey-ai/gateway"].version')
litellm_version=$(sed -nE 's/^litellm(\[[^]]*\])?==([^ ;#]+).*/\2/p' examples/gateways/litellm/requirements.txt)
[ -f examples/gateways/portkey/node_modules/@portkey-ai/gateway/package.json ] ||
  { echo "Portkey is not installed: run examples/gateways/portkey/install.sh" >&2; exit 2; }
[ -x "$LITELLM_VENV/bin/litellm" ] ||
  { echo "LiteLLM is not installed in $LITELLM_VENV: run examples/gateways/litellm/install.sh" >&2; exit 2; }

# Portkey's routing config, {upstream} left for brownout to fill in per scenario.
PORTKEY_HEADERS="$(examples/gateways/portkey/headers.sh '{upstream}')"
LITELLM_HEADERS="$(LITELLM_MASTER_KEY=$master_key examples/gateways/litellm/headers.sh)"
export PORTKEY_HEADERS LITELLM_HEADERS

mkdir -p "$out"
litellm_log="$out/litellm.log"
litellm_pid=
stop_litellm() {
  [ -n "$litellm_pid" ] || return 0
  # Its own process group (setsid): start.sh and the proxy it runs stop together.
  kill -TERM -- "-$litellm_pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 -- "-$litellm_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$litellm_pid" 2>/dev/null
  wait "$litellm_pid" 2>/dev/null
  litellm_pid=
}
trap 'stop_litellm; exit 130' INT TERM
trap stop_litellm EXIT

echo "all-six: starting LiteLLM $litellm_version on port $litellm_port (its output: $litellm_log)" >&2
LITELLM_MASTER_KEY=$master_key setsid examples/gateways/litellm/start.sh "$litellm_port" \
  "http://127.0.0.1:$fault_port" >"$litellm_log" 2>&1 &
litellm_pid=$!
deadline=$((SECONDS + ${READY_TIMEOUT_S:-400}))
# Up once it answers HTTP at all (its upstream, the fault server, starts with each run).
until curl -s -o /dev/null -m 2 "http://127.0.0.1:$litellm_port/"; do
  if ! kill -0 "$litellm_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "all-six: LiteLLM did not come up on port $litellm_port; its output:" >&2
    tail -n 40 "$litellm_log" >&2
    exit 2
  fi
  sleep 1
done
echo "all-six: LiteLLM is up after ${SECONDS} s" >&2

$brownout scorecard "${files[@]}" \
  --reference --name "brownout reference router" \
  --system examples/systems/openai-sdk-fallback.ts --name "openai SDK fallback" \
  --system examples/systems/vercel-ai-fallback.ts --name "Vercel AI SDK fallback" \
  --system examples/systems/langchain-fallbacks.ts --name "LangChain withFallbacks" \
  --target-cmd 'examples/gateways/portkey/start.sh {port}' --name "Portkey $portkey_version" \
  --target-headers-env PORTKEY_HEADERS \
  --target "http://127.0.0.1:$litellm_port" --name "LiteLLM $litellm_version" \
  --target-headers-env LITELLM_HEADERS \
  --fault-server-port "$fault_port" --backend server --seed "$seed" \
  ${GREP:+--grep "$GREP"} --out "$out"
status=$?
stop_litellm
exit $status
