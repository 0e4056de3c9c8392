#!/usr/bin/env bash
# Times two Python peers on the same text the bench analyses, in a throwaway venv:
#   jieba.posseg.cut (segmentation + part-of-speech tags) and jionlp.ner.extract_money (money amounts).
# Usage: peers.sh [TEXT_FILE] [OUT_JSON]
#   TEXT_FILE  the text to time (default: the shared corpus concatenated and repeated to ~200 KB)
#   OUT_JSON   where to write the JSON (default: standard output)
# A package that fails to install is reported in the JSON ("failed") and the other one is still timed.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
text="${1:-}"
out="${2:-}"
venv="$(mktemp -d -t policy-lsp-peers.XXXXXX)"
trap 'rm -rf "$venv"' EXIT

python="${PYTHON:-python3}"
if ! "$python" -m venv "$venv" >&2; then
    echo '{"error": "python3 -m venv failed", "peers": []}' | { if [ -n "$out" ]; then cat > "$out"; else cat; fi; }
    exit 0
fi
failed=()
for pkg in jieba jionlp; do
    echo "peers.sh: pip install $pkg" >&2
    if ! "$venv/bin/pip" install --disable-pip-version-check -q "$pkg" >&2; then
        echo "peers.sh: could not install $pkg; going on without it" >&2
        failed+=("$pkg")
    fi
done
args=()
[ -n "$text" ] && args+=(--text "$text")
[ -n "$out" ] && args+=(--out "$out")
for f in "${failed[@]}"; do args+=(--failed "$f"); done
"$venv/bin/python" "$here/peers.py" "${args[@]}"
