#!/usr/bin/env bash
# Static checks of the editor setups that cannot run here with their plugin: the Vim files source
# without errors, policy-lsp.el byte-compiles without warnings, coc-settings.json and languages.toml parse
# and carry the policyLsp section. Usage: run-config-checks.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() { if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; failures=$((failures + 1)); fi; }

for f in ale.vim vim-lsp.vim yegappan-lsp.vim; do
  out=$(HOME="$work" vim -Nu NONE -i NONE -es -c "set rtp^=/usr/share/vim-ale" \
    -c "try | source $root/editors/vim/$f | catch | call writefile(['ERROR ' . v:exception], '$work/$f.err') | endtry" -c 'qa!' </dev/null 2>&1)
  [ ! -s "$work/$f.err" ]; check $? "editors/vim/$f sources without errors $(cat "$work/$f.err" 2>/dev/null) $out"
done

# coc-settings.json through Vim's own JSON decoder.
HOME="$work" vim -Nu NONE -i NONE -es -c "let d = json_decode(join(readfile('$root/editors/vim/coc-settings.json'), \"\n\"))" \
  -c "call writefile([d.languageserver['policy-lsp'].command, string(sort(keys(d.languageserver['policy-lsp'].settings.policyLsp)))], '$work/coc.txt')" \
  -c 'qa!' </dev/null
[ "$(cat "$work/coc.txt" 2>/dev/null)" = "policy-lsp
['diagnosticsDelayMs', 'inlayHints', 'locale', 'logToClient', 'rules']" ]
check $? "coc-settings.json parses and sets every policyLsp setting"

if command -v emacs >/dev/null; then
  cp "$root/editors/emacs/policy-lsp.el" "$work/"
  elpa=$(printf -- '-L %s ' /usr/share/emacs/site-lisp/elpa/*)
  # shellcheck disable=SC2086
  out=$(HOME="$work" emacs -Q --batch $elpa --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile "$work/policy-lsp.el" 2>&1)
  check $? "editors/emacs/policy-lsp.el byte-compiles without warnings $out"
else
  check 1 "emacs is installed (apt-get install emacs-nox elpa-eglot)"
fi

if command -v python3 >/dev/null && python3 -c 'import tomllib' 2>/dev/null; then
  python3 - "$root/editors/helix/languages.toml" <<'PY'
import sys, tomllib
d = tomllib.load(open(sys.argv[1], "rb"))
server = d["language-server"]["policy-lsp"]
assert server["command"] == "policy-lsp", server
section = server["config"]["policyLsp"]
assert set(section) == {"diagnosticsDelayMs", "logToClient", "locale", "rules", "inlayHints"}, section
langs = {l["name"]: l for l in d["language"]}
assert "policy-lsp" in langs["markdown"]["language-servers"] and "policy-lsp" in langs["text"]["language-servers"], langs
PY
  check $? "editors/helix/languages.toml parses and registers policy-lsp for markdown and text"
else
  echo "     (python3 with tomllib absent: languages.toml not parsed)"
fi

if [ $failures -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all config checks passed"
