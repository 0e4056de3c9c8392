#!/usr/bin/env bash
# Profiles the analysis with callgrind: builds the release bench, runs `policy-lsp-bench --profile-only N`
# (the synthetic ~200 KB document analysed N times, nothing else) under valgrind, and prints the top 15
# functions by inclusive instruction count, then the top 15 by own (exclusive) count, Swift names demangled.
# Usage: Tests/Bench/profile.sh [N=3]   (the callgrind file is kept in scratch/bench-results/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
n="${1:-3}"
for tool in valgrind callgrind_annotate; do
    command -v "$tool" >/dev/null || { echo "profile.sh: $tool not found (apt-get install valgrind)" >&2; exit 1; }
done
out="${BENCH_OUT:-$root/scratch/bench-results}"
mkdir -p "$out"
swift build -c release --product policy-lsp-bench >&2
bin="$(swift build -c release --show-bin-path)"
file="$out/callgrind.out"
[ -n "${PROFILE_REUSE:-}" ] && [ -f "$file" ] || valgrind --tool=callgrind --callgrind-out-file="$file" "$bin/policy-lsp-bench" --profile-only "$n" >&2

demangle() { if command -v swift-demangle >/dev/null; then swift-demangle --simplified; else swift demangle --simplified; fi; }
# callgrind_annotate lists "count (pct) file:function [object]" rows after a header. Inlining splits one
# function over several files, so rows are merged by function name (largest count kept); the process
# wrappers (program totals, below main, the bench's own main) are left out.
top() {
    callgrind_annotate --auto=no --inclusive="$1" --threshold=100 "$file" 2>/dev/null | demangle \
        | awk '/^ *[0-9,]+ +\([ 0-9.]+%\) / {
                   count = $1; gsub(",", "", count)
                   name = $0; sub(/^ *[0-9,]+ +\([ 0-9.]+%\) +/, "", name); sub(/ \[[^]]*\]$/, "", name)
                   sub(/^[^:]*:/, "", name); sub(/ \([0-9,]+x\)$/, "", name); sub(/^specialized /, "", name)
                   if (name ~ /PROGRAM TOTALS/) total = count
                   if (name ~ /PROGRAM TOTALS|events annotated|below main|__libc_start|^0x|policy_lsp_bench_main/) next
                   if (!(name in best)) order[++k] = name
                   if (count + 0 > best[name] + 0) best[name] = count
               }
               END { for (i = 1; i <= k; i++) printf "%15s %6.2f%%  %s\n", best[order[i]], 100 * best[order[i]] / (total ? total : 1), order[i] }' \
        | sort -k1,1nr | sed -n 1,15p | cut -c1-200  # sed reads to the end: no SIGPIPE under pipefail
}
echo "== top 15 by inclusive instruction count (--profile-only $n)"
top yes
echo
echo "== top 15 by own instruction count"
top no
