#!/usr/bin/env bash
# Builds the release binaries once and runs the full benchmark (with the Python peers unless --no-peers).
# Results go to scratch/bench-results/ (gitignored): bench-results.json, bench-results.md, bench-results.log.
# Usage: Tests/Bench/run-bench.sh [--no-peers] [--short] [more policy-lsp-bench arguments…]
# Environment: BENCH_OUT=DIR to write elsewhere.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${BENCH_OUT:-$root/scratch/bench-results}"
mkdir -p "$out"

peers=(--peers)
rest=()
for a in "$@"; do
    case "$a" in
        --no-peers) peers=() ;;
        *) rest+=("$a") ;;
    esac
done

echo "== building release (policy-lsp-bench, policy-lsp)" >&2
swift build -c release --product policy-lsp-bench >&2
swift build -c release --product policy-lsp >&2
bin="$(swift build -c release --show-bin-path)"

echo "== running the bench; results in $out" >&2
"$bin/policy-lsp-bench" --server "$bin/policy-lsp" --json "$out/bench-results.json" \
    --markdown "$out/bench-results.md" "${peers[@]}" "${rest[@]}" 2>&1 | tee "$out/bench-results.log"
