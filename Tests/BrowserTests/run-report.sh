#!/usr/bin/env bash
# Builds the HTML report for the four corpus documents with the built binary, loads it in headless
# Chromium, checks the rendered DOM and takes a screenshot.
# Usage: run-report.sh [policy-lsp binary] [--html FILE]   (--html: check an existing report instead)
# Output: scratch/browser-tests/report.html, report.png, report.dom.html (scratch/ is gitignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=${1:-$root/.build/debug/policy-lsp}
html=""
if [ "${2:-}" = "--html" ]; then html=$3; fi
out="$root/scratch/browser-tests"
mkdir -p "$out"

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "FAIL report browser test: chromium is not installed (apt-get install chromium)" >&2
  exit 3
fi

if [ -z "$html" ]; then
  corpus=""
  for c in "$root/../shared/corpus" /work/shared/corpus; do
    if [ -f "$c/000_f380c44fdf15ab1d.txt" ]; then corpus=$c; break; fi
  done
  if [ -z "$corpus" ]; then
    echo "SKIP report browser test: the corpus is absent"
    exit 0
  fi
  html="$out/report.html"
  "$server" report "$corpus"/0*.txt -o "$html" --title "policy-lsp corpus report"
  expected_sections=4
else
  expected_sections=$(grep -c '<section class="document"' "$html" || true)
fi
name=$(basename "$html" .html)
dom="$out/$name.dom.html"
png="$out/$name.png"

# Headless Chromium without network: the page must render from the file alone.
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars
       --user-data-dir="$out/profile" --proxy-server=127.0.0.1:9 --virtual-time-budget=3000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$html" >"$dom" 2>"$out/chromium-dom.log" || {
  echo "FAIL chromium --dump-dom failed; see $out/chromium-dom.log" >&2; exit 1; }
timeout 120 "$browser" "${flags[@]}" --window-size=1280,2000 --screenshot="$png" "file://$html" \
  >"$out/chromium-shot.log" 2>&1 || { echo "FAIL chromium --screenshot failed; see $out/chromium-shot.log" >&2; exit 1; }

fail=0
check() {  # check DESCRIPTION COUNT MINIMUM
  if [ "$2" -ge "$3" ]; then echo "ok   $1 ($2)"; else echo "FAIL $1: found $2, want at least $3" >&2; fail=1; fi
}
count() { { grep -o "$1" "$dom" || true; } | wc -l | tr -d ' '; }
check "documents rendered" "$(count '<section class="document"')" "$expected_sections"
check "policy highlights in the text" "$(count '<span class="hl-policy[^"]*" title=')" 1
check "policy index entries" "$(count '<ul class="policy-index">')" 1
check "index links to mentions" "$(count 'href="#doc[0-9]*-p[0-9]*"')" 1
check "summary tables" "$(count '<table class="summary">')" "$expected_sections"
check "title attributes on highlights (hover text)" "$(count 'title="政策 policy')" 1
for kind in hl-figure hl-org; do
  n=$(count "<span class=\"[^\"]*$kind[^\"]*\" title=")
  echo "info $kind highlights in the text: $n"
  if [ "${REQUIRE_ALL_HIGHLIGHTS:-0}" = 1 ]; then check "$kind highlights" "$n" 1; fi
done
diags=$(count '<span class="[^"]*diag diag-[a-z]*[^"]*" title=')
echo "info underlined findings: $diags"
if [ "${REQUIRE_ALL_HIGHLIGHTS:-0}" = 1 ]; then check "underlined findings" "$diags" 1; fi
# Nothing may be fetched: no http(s) references in src/href attributes.
ext=$({ grep -Eo '(src|href)="https?:[^"]*"' "$html" || true; } | wc -l | tr -d ' ')
if [ "$ext" -ne 0 ]; then echo "FAIL the report references $ext external resources" >&2; fail=1; else echo "ok   no external resources"; fi
if [ ! -s "$png" ]; then echo "FAIL no screenshot at $png" >&2; fail=1; else echo "ok   screenshot $png ($(stat -c %s "$png") bytes)"; fi

if [ $fail -ne 0 ]; then exit 1; fi
echo "all report browser checks passed"
