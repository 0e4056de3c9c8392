#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer) and fuzzes each surface for a bounded time.
# Usage: Tests/Fuzz/run-fuzz.sh [seconds-per-surface] [surface…]   (default 30 s, every surface)
# A crash is saved under Tests/Fuzz/regressions/<surface>/ (commit it: the replay test then guards it)
# and the script exits 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-30}
shift || true
surfaces=("$@")
[ ${#surfaces[@]} -gt 0 ] || surfaces=(framer jsonrpc edits positions analysis)

# SwiftPM links executables with its own `main`, which clashes with libFuzzer's: build the modules with
# coverage and ASan through SwiftPM, then link their objects with libFuzzer here.
swift build --scratch-path .build-fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
  --target PolicyFuzzing 2>&1 | tail -2
bindir=$(swift build --scratch-path .build-fuzz -c debug --show-bin-path)
bin="$bindir/policy-lsp-fuzzer"
swiftc -sanitize=fuzzer,address -o "$bin" \
  "$bindir"/{JSONRPC,PolicyText,PolicyAnalysis,PolicyFuzzing}.build/*.o 2>&1 \
  | grep -vE "ld.gold: warning: Cannot export local symbol" || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for surface in "${surfaces[@]}"; do
  seeds="$work/seeds-$surface"
  mkdir -p "$seeds"
  # Seeds: the sample document, the corpus (when present) cut into pieces, and framed messages.
  cp samples/*.txt "$seeds/" 2>/dev/null || true
  if [ -d ../shared/corpus ]; then
    for f in ../shared/corpus/*.txt; do split -b 2048 "$f" "$seeds/$(basename "$f")."; done
  fi
  printf 'Content-Length: 52\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}' > "$seeds/framed"
  printf '{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"position":{"line":0}}}' > "$seeds/request"
  cp Tests/Fuzz/regressions/$surface/* "$seeds/" 2>/dev/null || true
  echo "fuzzing $surface for ${seconds}s"
  if ! POLICY_FUZZ_TARGET=$surface ASAN_OPTIONS=detect_leaks=0 "$bin" "$seeds" \
      -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="Tests/Fuzz/regressions/$surface/" -print_final_stats=1 > "$work/$surface.log" 2>&1; then
    echo "FAIL $surface: see the artifact in Tests/Fuzz/regressions/$surface/"
    tail -40 "$work/$surface.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$work/$surface.log" | tail -1
  fi
done
exit $status
