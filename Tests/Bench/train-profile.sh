#!/usr/bin/env bash
# Trains the profile that release builds of the analysis layers (PolicyText, PolicyAnalysis) are
# optimized with: Tests/Bench/analysis.profdata (about 270 KB), see Package.swift. Builds an instrumented
# policy-lsp-bench and runs it over texts that are NOT the benchmark's corpus: the public news sentences
# in ../shared/external and the bundled sample. It makes full analyses and edit re-analyses, then merges
# the counts. Rerun after changing the analysis: a function whose code changed since the training is
# compiled as if there were no profile.
# Usage: Tests/Bench/train-profile.sh   (needs python3 and the toolchain's llvm-profdata)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
toolchain="$(dirname "$(readlink -f "$(command -v swift)")")"
runtime="$(ls "$toolchain"/../lib/clang/*/lib/linux/libclang_rt.profile-x86_64.a | head -1)"
work="$root/.build/profile-training"
rm -rf "$work"
mkdir -p "$work/texts" "$work/raw"

external=""
for d in "$root/../shared/external" /work/shared/external; do
    if [ -d "$d" ]; then external="$d"; break; fi
done
[ -n "$external" ] || { echo "no shared/external folder: nothing to train on" >&2; exit 1; }
# One text file per data set, a sentence per line (the bench joins the files into its synthetic documents).
python3 - "$external" "$work/texts" <<'PY'
import json, pathlib, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(src.rglob("*.jsonl")):
    lines = [json.loads(l)["text"] for l in f.open(encoding="utf-8") if l.strip()]
    (dst / (f.stem + ".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")
PY
cp samples/*.txt "$work/texts/"

echo "== building an instrumented policy-lsp-bench" >&2
swift build -c release --product policy-lsp-bench --scratch-path "$work/build" \
    -Xswiftc -Xfrontend -Xswiftc -ir-profile-generate="$work/raw" \
    -Xlinker -u -Xlinker __llvm_profile_runtime -Xlinker "$runtime" >&2
bench="$work/build/release/policy-lsp-bench"

echo "== training" >&2
export LLVM_PROFILE_FILE="$work/raw/run-%p.profraw"
"$bench" --corpus "$work/texts" --profile-only 40 --profile-bytes 400000 >&2
"$bench" --corpus "$work/texts" --profile-edits 40 >&2
"$bench" --dump-model "$work"/texts/*.txt > /dev/null

"$toolchain/llvm-profdata" merge --sparse -o "$root/Tests/Bench/analysis.profdata" "$work"/raw/*.profraw
# SwiftPM does not see the profile as an input of the modules it optimizes, and touching their sources
# does not rebuild them either (the build compares contents): drop their release objects, so the next
# release build compiles them with the new profile.
rm -rf "$root/.build/release/PolicyText.build" "$root/.build/release/PolicyAnalysis.build"
echo "== wrote Tests/Bench/analysis.profdata ($(wc -c < "$root/Tests/Bench/analysis.profdata") bytes)" >&2
