#!/usr/bin/env bash
# Makes a k6 binary available and prints its path on the last line of stdout.
# k6 has no npm or Debian package here: it is built from its Go module (needs Go 1.25+).
# The build goes to a cache folder reused across runs; an existing k6 ($K6_BINARY or on PATH) is used as is.
# k6 is AGPL-3.0: brownout runs it as a separate program; it is never linked into or shipped with brownout.
set -euo pipefail

K6_VERSION="${K6_VERSION:-v2.2.0}"
K6_MODULE="${K6_MODULE:-go.k6.io/k6/v2}"
CACHE="${BROWNOUT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brownout}/k6/${K6_VERSION}"
BIN="$CACHE/k6"

if [[ -n "${K6_BINARY:-}" && -x "${K6_BINARY}" ]]; then
  echo "k6: using K6_BINARY=$K6_BINARY ($("$K6_BINARY" version | head -1))" >&2
  echo "$K6_BINARY"
  exit 0
fi
if command -v k6 >/dev/null 2>&1; then
  echo "k6: using $(command -v k6) ($(k6 version | head -1))" >&2
  command -v k6
  exit 0
fi
if [[ -x "$BIN" ]]; then
  echo "k6: using the cached build $BIN ($("$BIN" version | head -1))" >&2
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "k6: not installed and Go is missing; install Go 1.25+ or k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/)" >&2; exit 2; }

started=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$CACHE"
# A throwaway module pins the version: `go install go.k6.io/k6/v2@VERSION` needs the module's
# version list from the proxy, which it does not serve for this module; `go get` of a pinned version works.
(
  cd "$work"
  go mod init k6build >/dev/null 2>&1
  printf '//go:build tools\npackage tools\nimport _ "%s"\n' "$K6_MODULE" > tools.go
  GOPROXY="${GOPROXY_K6:-https://proxy.golang.org}" GOFLAGS=-mod=mod go get "$K6_MODULE@$K6_VERSION" >&2
  GOPROXY="${GOPROXY_K6:-https://proxy.golang.org}" go build -trimpath -o "$BIN.tmp" "$K6_MODULE" >&2
)
mv "$BIN.tmp" "$BIN"
echo "k6: built $K6_MODULE@$K6_VERSION into $BIN in $(( $(date +%s) - started )) s ($("$BIN" version | head -1))" >&2
echo "$BIN"
