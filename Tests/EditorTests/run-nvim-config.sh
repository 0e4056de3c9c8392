#!/usr/bin/env bash
# editors/nvim's Lua setup in headless Neovim against the built server. Usage: run-nvim-config.sh [policy-lsp binary]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=$(realpath "${1:-$root/.build/debug/policy-lsp}")
command -v nvim >/dev/null || { echo "FAIL nvim config test: nvim is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/samples/sample-policy-news.txt" "$work/"
cd "$work"
HOME="$work" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" POLICY_LSP="$server" POLICY_LSP_ROOT="$root" \
  timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim-config-e2e.lua" "$work/sample-policy-news.txt"
