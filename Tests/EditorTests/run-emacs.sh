#!/usr/bin/env bash
# Emacs (batch) + eglot drive the built server on the sample document. Usage: run-emacs.sh [policy-lsp binary]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=$(realpath "${1:-$root/.build/debug/policy-lsp}")
if ! command -v emacs >/dev/null; then
  echo "FAIL emacs end-to-end: emacs is not installed (apt-get install emacs-nox elpa-eglot)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/samples/sample-policy-news.txt" "$work/"
cd "$work"
HOME="$work" POLICY_LSP="$server" POLICY_LSP_DOC="$work/sample-policy-news.txt" timeout 120 \
  emacs -Q --batch -l "$root/editors/emacs/policy-lsp.el" -l "$here/emacs-eglot-e2e.el"
