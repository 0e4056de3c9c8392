#!/usr/bin/env bash
# Soak: a long mixed editor session (open/edit/hover/symbols/references/close across 200 documents) against
# the real binary; reports p50/p99 latency per request and the server's peak memory.
# Usage: Tests/Soak/soak.sh [--short] [--release] [--seconds N] [--documents N] [--seed N]
#   --short     a CI-sized run (~20 s of traffic)
#   --release   build and soak the release binary (default: debug, which CI has built already)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
config=debug
args=()
for a in "$@"; do
  case "$a" in
    --release) config=release ;;
    *) args+=("$a") ;;
  esac
done
swift build -c "$config" --product policy-lsp 2>&1 | tail -1
bin="$(swift build -c "$config" --show-bin-path)/policy-lsp"
exec python3 Tests/Soak/soak.py "$bin" "${args[@]}"
