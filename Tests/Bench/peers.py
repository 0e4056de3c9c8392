"""Times jieba part-of-speech tagging and JioNLP money extraction on one text; prints JSON with MB/s.

Both do less than policy-lsp's analysis (which also finds titles, abbreviations, organizations,
dates, structure, and checks figures): the numbers are a yardstick, not a like-for-like race.
"""
import argparse
import contextlib
import glob
import json
import os
import sys
import time


def default_text(target=200_000):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    for corpus in (os.path.join(os.path.dirname(root), "shared", "corpus"), "/work/shared/corpus"):
        files = sorted(glob.glob(os.path.join(corpus, "*.txt")))
        if files:
            break
    else:
        files = [os.path.join(root, "samples", "sample-policy-news.txt")]
    joined = "\n\n".join(open(f, encoding="utf-8").read() for f in files)
    s = ""
    while len(s.encode("utf-8")) < target:
        s += joined + "\n\n"
    return s


def timed(fn, text, min_seconds=2.0, max_runs=5):
    """Best of several runs (at least one, until min_seconds have passed)."""
    best, runs, total, items = None, 0, 0.0, 0
    while runs < max_runs and (runs == 0 or total < min_seconds):
        t0 = time.perf_counter()
        items = fn(text)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
        total += dt
        runs += 1
    return best, runs, items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--text")
    ap.add_argument("--out")
    ap.add_argument("--failed", action="append", default=[])
    a = ap.parse_args()
    text = open(a.text, encoding="utf-8").read() if a.text else default_text()
    nbytes = len(text.encode("utf-8"))
    result = {"bytes": nbytes, "python": sys.version.split()[0], "peers": [],
              "failed": [{"package": p, "why": "pip install failed"} for p in a.failed]}

    def record(name, package, does, fn, warm):
        try:
            with contextlib.redirect_stdout(sys.stderr):  # jionlp prints a banner on import
                mod = __import__(package)
            version = getattr(mod, "__version__", "?")
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(sys.stderr):
                warm()  # dictionaries and models load lazily; keep that out of the timing
            load = time.perf_counter() - t0
            best, runs, items = timed(fn, text)
            result["peers"].append({"name": name, "package": package, "version": version, "does": does,
                                    "seconds": best, "runs": runs, "loadSeconds": load, "items": items,
                                    "MBps": nbytes / 1e6 / best if best > 0 else None})
        except Exception as e:  # report and go on: one broken peer must not hide the other
            result["failed"].append({"package": package, "why": f"{type(e).__name__}: {e}"})

    if "jieba" not in a.failed:
        def posseg(t):
            import jieba.posseg as pseg
            return sum(1 for _ in pseg.cut(t))

        def warm_jieba():
            import jieba
            jieba.setLogLevel(60)
            import jieba.posseg as pseg
            list(pseg.cut(text[:2000]))

        record("jieba.posseg.cut", "jieba", "segmentation + part-of-speech tags", posseg, warm_jieba)

    if "jionlp" not in a.failed:
        def money(t):
            import jionlp as jio
            return len(jio.ner.extract_money(t))

        def warm_jio():
            import jionlp as jio
            jio.ner.extract_money(text[:2000])

        record("jionlp.ner.extract_money", "jionlp", "money amounts", money, warm_jio)

    s = json.dumps(result, ensure_ascii=False, indent=2)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(s + "\n")
    else:
        print(s)


if __name__ == "__main__":
    main()
