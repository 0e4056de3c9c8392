#!/usr/bin/env bash
# Prints a captured screen (tmux capture-pane) of Neovim, set up with editors/nvim, showing the hover
# at a place in the sample document. Used for the screen in editors/nvim/README.md.
# Usage: capture-nvim-hover.sh NEEDLE [CHARACTERS-INTO-NEEDLE] [policy-lsp binary]
#   e.g. capture-nvim-hover.sh 5000亿元 1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
needle=${1:?usage: capture-nvim-hover.sh NEEDLE [OFFSET] [BINARY]}
offset=${2:-0}
server=$(realpath "${3:-$root/.build/debug/policy-lsp}")
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
cp "$root/samples/sample-policy-news.txt" "$work/"
cat > "$work/init.lua" <<LUA
vim.opt.runtimepath:prepend('$root/editors/nvim')
vim.o.signcolumn = 'yes'
vim.o.number = true
vim.o.laststatus = 2
vim.o.swapfile = false
require('policy_lsp').setup({ cmd = { '$server' } })
LUA
tmux -S "$sock" new-session -d -s cap -x 100 -y 30 \
  "cd '$work' && HOME='$work' XDG_STATE_HOME='$work/state' XDG_DATA_HOME='$work/data' nvim -u '$work/init.lua' -i NONE -n sample-policy-news.txt"
# Wait for the client to attach, then put the cursor on the needle and ask for the hover.
for _ in $(seq 50); do
  sleep 0.2
  tmux -S "$sock" send-keys -t cap Escape ":lua vim.g.attached = #vim.lsp.buf_get_clients() > 0 and 1 or 0" Enter
  tmux -S "$sock" send-keys -t cap ":echo 'ATTACHED=' . get(g:, 'attached', 0)" Enter
  tmux -S "$sock" capture-pane -p -t cap | grep -q 'ATTACHED=1' && break
done
sleep 1
tmux -S "$sock" send-keys -t cap Escape ":call search('$needle')" Enter
[ "$offset" -gt 0 ] && tmux -S "$sock" send-keys -t cap "${offset}l"
tmux -S "$sock" send-keys -t cap ":lua vim.lsp.buf.hover()" Enter
sleep 2
tmux -S "$sock" capture-pane -p -t cap
