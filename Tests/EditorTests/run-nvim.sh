#!/usr/bin/env bash
# Drives the built server from headless Neovim on a corpus document. Usage: run-nvim.sh [policy-lsp binary]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=${1:-$root/.build/debug/policy-lsp}
# The test runs from a temporary folder: make a relative binary path absolute first.
case "$server" in /*) ;; *) server="$PWD/$server" ;; esac
corpus="$root/../shared/corpus/000_f380c44fdf15ab1d.txt"
# A git worktree of the repository may sit elsewhere; the shared data then lives at /work/shared.
[ -f "$corpus" ] || corpus="/work/shared/corpus/000_f380c44fdf15ab1d.txt"
if [ ! -f "$corpus" ]; then
  echo "SKIP nvim end-to-end: $corpus is absent"
  exit 0
fi
if ! command -v nvim >/dev/null; then
  echo "FAIL nvim end-to-end: nvim is not installed" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$corpus" "$work/"
cd "$work"
POLICY_LSP_NVIM_EXTRA="${POLICY_LSP_NVIM_EXTRA-$here/nvim-e2e-extra.lua}" POLICY_LSP="$server" timeout 120 nvim --headless -u NONE -i NONE -n \
  -c "luafile $here/nvim-e2e.lua" "$work/$(basename "$corpus")"
