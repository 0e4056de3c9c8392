#!/usr/bin/env python3
"""Soak test: a long mixed editor session against the real policy-lsp binary over pipes.

Opens, edits, hovers, asks for symbols/references/definitions and closes across 200 documents (built from
the corpus and the sample), checks the server's copy of every open document against the client's at the
end, and reports p50/p99 latency per request kind, diagnostics latency, and the server's peak memory.

Exit status: 0 when the session completed with every request answered, no internal error, every text
matching and memory within bounds; 1 otherwise. Standard library only.

  soak.py BINARY [--short] [--seconds N] [--documents N] [--seed N]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_sources():
    texts = []
    for d in (os.path.join(ROOT, "..", "shared", "corpus"), "/work/shared/corpus"):
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                if name.endswith(".txt"):
                    with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                        texts.append(f.read())
            break
    sample = os.path.join(ROOT, "samples", "sample-policy-news.txt")
    if os.path.exists(sample):
        with open(sample, encoding="utf-8") as f:
            texts.append(f.read())
    if not texts:
        texts.append("工业和信息化部印发《工业互联网创新发展行动计划》（以下简称《行动计划》）。\n营收1697.2亿元，增长16.6%。\n")
    return texts


PIECES = ["", "政策", "𠀀", "😀", "\r\n", "\n", "a", "《规划》", "《", "》", "１６．６％", "年均增长16.6%",
          "1697.2亿元", "工业和信息化部", "（以下简称《计划》）", "第一条 ", "一是", "江苏省工信厅"]


class Doc:
    def __init__(self, uri, text):
        self.uri = uri
        self.text = text
        self.version = 1

    def safe(self, o):
        t = self.text
        if 0 < o < len(t) and t[o - 1] == "\r" and t[o] == "\n":
            return o - 1
        return o

    def position(self, o):
        """UTF-16 LSP position of a code point offset (never inside a CRLF)."""
        t = self.text
        line = t.count("\n", 0, o) + t.count("\r", 0, o) - t.count("\r\n", 0, o)
        start = max(t.rfind("\n", 0, o), t.rfind("\r", 0, o)) + 1
        col = len(t[start:o].encode("utf-16-le")) // 2
        return {"line": line, "character": col}


class Server:
    def __init__(self, binary):
        env = dict(os.environ)
        env.setdefault("POLICY_LSP_LOG", "error")
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env)
        self.lock = threading.Condition()
        self.responses = {}
        self.diag_sent = {}     # (uri, version) -> send time
        self.diag_latency = []  # seconds from didChange/didOpen to its publishDiagnostics
        self.diag_versions = {}
        self.backwards = []
        self.next_id = 0
        self.ended = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        f = self.proc.stdout
        while True:
            length = None
            while True:
                line = f.readline()
                if not line:
                    with self.lock:
                        self.ended = True
                        self.lock.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
            body = f.read(length or 0)
            msg = json.loads(body)
            with self.lock:
                if "id" in msg and "method" not in msg:
                    self.responses[msg["id"]] = (time.monotonic(), msg)
                elif msg.get("method") == "textDocument/publishDiagnostics":
                    p = msg["params"]
                    uri, version = p["uri"], p.get("version")
                    if version is not None:
                        if version < self.diag_versions.get(uri, -1):
                            self.backwards.append((uri, version, self.diag_versions[uri]))
                        self.diag_versions[uri] = version
                        sent = self.diag_sent.pop((uri, version), None)
                        if sent is not None:
                            self.diag_latency.append(time.monotonic() - sent)
                    else:
                        # didClose clears a document's diagnostics without a version; a reopen starts
                        # its versions again, so ordering is checked per open-close span.
                        self.diag_versions.pop(uri, None)
                elif "id" in msg and "method" in msg:
                    # A server-to-client request (workspace/configuration): answer with nothing configured.
                    threading.Thread(target=self.send, args=({"jsonrpc": "2.0", "id": msg["id"], "result": [None]},),
                                     daemon=True).start()
                self.lock.notify_all()

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        with self.lock:  # one writer at a time
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=60):
        with self.lock:
            self.next_id += 1
            rid = self.next_id
        start = time.monotonic()
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = start + timeout
        with self.lock:
            while rid not in self.responses:
                if self.ended or not self.lock.wait(max(0, deadline - time.monotonic())) and time.monotonic() >= deadline:
                    return None, None
            end, msg = self.responses.pop(rid)
        return msg, end - start

    def status(self, field):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return None


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--short", action="store_true", help="a CI-sized run (~20 s)")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--documents", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    seconds = 20 if args.short else args.seconds
    rng = random.Random(args.seed)
    sources = load_sources()
    failures = []

    server = Server(args.binary)
    init, _ = server.request("initialize", {
        "processId": os.getpid(), "rootUri": None,
        "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                         "workspace": {"configuration": True},
                         "textDocument": {"hover": {"contentFormat": ["markdown"]},
                                          "documentSymbol": {"hierarchicalDocumentSymbolSupport": True}}},
        "initializationOptions": {"diagnosticsDelayMs": 20}})
    if not init or "result" not in init:
        print("soak: initialize failed: %r" % (init,))
        return 1
    caps = init["result"]["capabilities"]
    server.notify("initialized", {})
    kinds = ["textDocument/hover", "textDocument/documentSymbol"]
    for cap, method in [("referencesProvider", "textDocument/references"), ("definitionProvider", "textDocument/definition"),
                        ("documentHighlightProvider", "textDocument/documentHighlight"),
                        ("foldingRangeProvider", "textDocument/foldingRange")]:
        if caps.get(cap):
            kinds.append(method)

    rss_start = server.status("VmRSS")
    docs = {}
    closed = []
    latencies = {}
    ops = {"open": 0, "edit": 0, "close": 0}
    start = time.monotonic()
    n_docs = args.documents

    def open_doc(i):
        src = sources[i % len(sources)]
        # Different slices of different lengths, so documents differ.
        a = rng.randrange(0, max(1, len(src) // 2))
        text = "\n".join([src[a:], src[:a]]) if i % 3 else src
        d = Doc("file:///soak/doc%03d.txt" % i, text)
        docs[d.uri] = d
        server.diag_sent[(d.uri, 1)] = time.monotonic()
        server.notify("textDocument/didOpen", {"textDocument": {"uri": d.uri, "languageId": "plaintext",
                                                                "version": 1, "text": text}})
        ops["open"] += 1

    for i in range(n_docs):
        open_doc(i)

    while time.monotonic() - start < seconds:
        r = rng.random()
        uri = rng.choice(list(docs)) if docs else None
        if uri is None or r < 0.02:
            if closed:
                open_doc(int(closed.pop(rng.randrange(len(closed))).split("doc")[1].split(".")[0]))
            continue
        d = docs[uri]
        if r < 0.04:
            server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            del docs[uri]
            closed.append(uri)
            ops["close"] += 1
        elif r < 0.60:
            # A burst of typing: several edits in a row on one document.
            for _ in range(rng.randint(1, 8)):
                n = len(d.text)
                a = d.safe(rng.randint(0, n))
                b = max(a, d.safe(min(n, a + rng.randint(0, 6))))
                piece = rng.choice(PIECES)
                rng_ = {"start": d.position(a), "end": d.position(b)}
                d.text = d.text[:a] + piece + d.text[b:]
                d.version += 1
                server.diag_sent[(uri, d.version)] = time.monotonic()
                server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": d.version},
                                                         "contentChanges": [{"range": rng_, "text": piece}]})
                ops["edit"] += 1
        else:
            method = rng.choice(kinds)
            o = d.safe(rng.randint(0, len(d.text)))
            params = {"textDocument": {"uri": uri}}
            if method not in ("textDocument/documentSymbol", "textDocument/foldingRange"):
                params["position"] = d.position(o)
            if method == "textDocument/references":
                params["context"] = {"includeDeclaration": True}
            msg, latency = server.request(method, params)
            if msg is None:
                failures.append("%s unanswered (server %s)" % (method, "ended" if server.ended else "silent"))
                break
            if "error" in msg:
                failures.append("%s error: %s" % (method, msg["error"]))
            latencies.setdefault(method, []).append(latency)

    elapsed = time.monotonic() - start
    # Every open document's text must match the client's.
    mismatched = 0
    for uri, d in docs.items():
        msg, _ = server.request("policyLsp/documentText", {"textDocument": {"uri": uri}})
        if not msg or msg.get("result", {}).get("text") != d.text or msg["result"].get("version") != d.version:
            mismatched += 1
    if mismatched:
        failures.append("%d document(s) differ from the client's text" % mismatched)
    # Final diagnostics arrive for the latest version of each open document.
    deadline = time.monotonic() + 60
    with server.lock:
        while time.monotonic() < deadline and any(server.diag_versions.get(u) != d.version for u, d in docs.items()):
            server.lock.wait(1)
        stale = [u for u, d in docs.items() if server.diag_versions.get(u) != d.version]
    if stale:
        failures.append("%d document(s) never got diagnostics for their latest version" % len(stale))
    if server.backwards:
        failures.append("diagnostics went backwards: %r" % server.backwards[:5])

    peak = server.status("VmHWM")
    rss_end = server.status("VmRSS")
    msg, _ = server.request("shutdown", None)
    server.notify("exit", None)
    try:
        code = server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        code = None
    if msg is None or code != 0:
        failures.append("shutdown/exit: response %r, exit code %r" % (msg, code))

    print("soak: %.0f s, %d documents, %d opens, %d edits, %d closes, %d requests"
          % (elapsed, n_docs, ops["open"], ops["edit"], ops["close"], sum(len(v) for v in latencies.values())))
    for method, values in sorted(latencies.items()):
        print("soak: %-32s n=%-6d p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
              % (method, len(values), 1000 * percentile(values, 50), 1000 * percentile(values, 99), 1000 * max(values)))
    dl = server.diag_latency
    print("soak: %-32s n=%-6d p50 %7.2f ms  p99 %7.2f ms" % ("diagnostics (change→publish)", len(dl),
                                                           1000 * percentile(dl, 50), 1000 * percentile(dl, 99)))
    if peak:
        print("soak: server memory: start %d MB, end %d MB, peak %d MB"
              % ((rss_start or 0) >> 20, (rss_end or 0) >> 20, peak >> 20))
        if peak > 2 << 30:
            failures.append("peak memory %d MB exceeds 2 GB" % (peak >> 20))
    for f in failures:
        print("soak: FAIL " + f)
    print("soak: %d passed, %d failed" % (1 if not failures else 0, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
