#!/usr/bin/env bash
# Vim 9 + ALE (Debian vim-ale) driven in tmux against the built server on the sample document:
# diagnostics in the sign column, :ALEHover, :ALEGoToDefinition. Usage: run-vim-ale.sh [policy-lsp binary]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=$(realpath "${1:-$root/.build/debug/policy-lsp}")
for need in vim tmux; do
  command -v $need >/dev/null || { echo "FAIL vim-ale end-to-end: $need is not installed (apt-get install vim vim-ale tmux)" >&2; exit 1; }
done
[ -f /usr/share/vim-ale/plugin/ale.vim ] || { echo "FAIL vim-ale end-to-end: ALE is not installed (apt-get install vim-ale)" >&2; exit 1; }

work=$(mktemp -d)
sock="$work/tmux.sock"
t() { tmux -S "$sock" "$@"; }
cleanup() { t kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp "$root/samples/sample-policy-news.txt" "$work/"
doc="$work/sample-policy-news.txt"

failures=0
check() { if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; failures=$((failures + 1)); fi; }
screen() { t capture-pane -p -t e2e; }
# wait_for SECONDS COMMAND…: retries COMMAND every 0.2 s.
wait_for() { local end=$((SECONDS + $1)); shift; until "$@"; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done; }
keys() { t send-keys -t e2e "$@"; }
ex() { keys Escape; keys ":$1" Enter; }

t new-session -d -s e2e -x 140 -y 45 \
  "cd '$work' && HOME='$work' POLICY_LSP='$server' POLICY_LSP_ROOT='$root' E2E_DIR='$work' vim -Nu '$here/vim-ale-e2e.vimrc' -i NONE -n '$doc'"

# 1. Diagnostics: ALE's loclist (from the LSP) and signs on the screen.
wait_for 30 test -f "$work/loclist.json"; check $? "ALE ran the policy_lsp linter (ALELintPost fired)"
has_loclist() { [ -s "$work/loclist.json" ] && [ "$(cat "$work/loclist.json")" != "[]" ]; }
wait_for 15 has_loclist; check $? "ALE received diagnostics from policy-lsp"
loclist=$(cat "$work/loclist.json" 2>/dev/null || echo '[]')
echo "     loclist codes: $(grep -o '"code":"[a-z-]*"' <<<"$loclist" | sort -u | tr '\n' ' ')"
grep -q '"code":"range-order"' <<<"$loclist"; check $? "the reversed range 2026—2024年 is diagnosed (range-order)"
! grep -q '"code":"impossible-share"' <<<"$loclist"; check $? "impossible-share is off as configured through ALE (settings reach the server)"
signs() { screen | grep -qE '^(E>|W>|I>).*2026—2024'; }
wait_for 10 signs; check $? "a sign in the sign column on the line with 2026—2024年"
screen > "$work/screen-diagnostics.txt"

# 2. Hover on the title wrapped across two lines, shown in the preview window.
ex "call search('《江苏省光伏')"
keys 3l
ex "ALEHover"
hover() { screen | tr -d ' ' | grep -q '江苏省光伏产业高质量发展行动方案'; }
wait_for 10 hover; check $? ":ALEHover shows the joined title in the preview window"
screen > "$work/screen-hover.txt"
ex "pclose"

# 3. Go to definition: from the abbreviation 《行动方案》 (line 10) to where it is defined (lines 8–9).
ex "call search('《行动方案》提出')"
keys 2l
ex "call writefile([line('.')], '$work/before.txt')"
ex "ALEGoToDefinition"
sleep 2
ex "call writefile([line('.')], '$work/after.txt')"
wait_for 5 test -s "$work/after.txt"
before=$(cat "$work/before.txt" 2>/dev/null); after=$(cat "$work/after.txt" 2>/dev/null)
[ "$before" = 10 ] && { [ "$after" = 8 ] || [ "$after" = 9 ]; }
check $? ":ALEGoToDefinition jumps from the abbreviation on line 10 to its definition (line $before → $after)"

ex "qa!"
if [ $failures -gt 0 ]; then
  echo "--- screen with diagnostics:"; cat "$work/screen-diagnostics.txt" 2>/dev/null
  echo "--- screen after :ALEHover:"; cat "$work/screen-hover.txt" 2>/dev/null
  echo "$failures check(s) failed"; exit 1
fi
echo "all vim ale checks passed"
