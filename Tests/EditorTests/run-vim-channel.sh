#!/usr/bin/env bash
# Vim 9's own LSP channel drives the built server on the sample document (exact answers).
# Usage: run-vim-channel.sh [policy-lsp binary]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=$(realpath "${1:-$root/.build/debug/policy-lsp}")
if ! command -v vim >/dev/null || ! vim --version | grep -q '+channel'; then
  echo "FAIL vim channel test: vim with +channel is not installed (apt-get install vim)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/samples/sample-policy-news.txt" "$work/"
cd "$work"
status=0
HOME="$work" POLICY_LSP="$server" POLICY_LSP_DOC="$work/sample-policy-news.txt" POLICY_LSP_LOG="$work/log.txt" \
  timeout 120 vim -Nu NONE -i NONE -es \
  -c "try | source $here/vim-lsp-channel.vim | catch | call writefile(['FAIL script error: ' .. v:exception .. ' at ' .. v:throwpoint], \$POLICY_LSP_LOG, 'a') | cquit 2 | endtry" \
  </dev/null || status=$?
if [ -f "$work/log.txt" ]; then cat "$work/log.txt"; else echo "FAIL vim wrote no log (status $status)"; status=1; fi
exit $status
