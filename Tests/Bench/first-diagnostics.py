#!/usr/bin/env python3
"""Time from process start to `initialize` answered and to the first publishDiagnostics for a file.

Usage: Tests/Bench/first-diagnostics.py [policy-lsp binary] [file] [runs]
Defaults: .build/release/policy-lsp, the largest corpus file, 10 runs. Prints medians in ms.
"""
import json, os, statistics, subprocess, sys, time, pathlib

root = pathlib.Path(__file__).resolve().parents[2]
binary = sys.argv[1] if len(sys.argv) > 1 else str(root / ".build/release/policy-lsp")
corpus = root.parent / "shared/corpus"
default = max(corpus.glob("*.txt"), key=lambda p: p.stat().st_size) if corpus.is_dir() else root / "samples/sample-policy-news.txt"
path = (pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else default).resolve()  # a file URI needs an absolute path
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
text = path.read_text(encoding="utf-8")

def send(p, obj):
    body = json.dumps(obj).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()

def recv(p):
    length = None
    while True:
        line = p.stdout.readline()
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))

init_ms, diag_ms = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send(p, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
    while "id" not in (m := recv(p)) or m.get("id") != 1:
        pass
    t1 = time.perf_counter()
    send(p, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": path.as_uri(), "languageId": "plaintext", "version": 1, "text": text}}})
    while (m := recv(p)).get("method") != "textDocument/publishDiagnostics":
        if m.get("method") == "window/workDoneProgress/create" or ("id" in m and "method" in m):
            send(p, {"jsonrpc": "2.0", "id": m["id"], "result": None})
    t2 = time.perf_counter()
    init_ms.append((t1 - t0) * 1000)
    diag_ms.append((t2 - t0) * 1000)
    send(p, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send(p, {"jsonrpc": "2.0", "method": "exit"})
    p.wait(timeout=10)

print(f"{path.name} ({len(text.encode())} bytes), {runs} runs, {binary}")
print(f"process start -> initialize answered: median {statistics.median(init_ms):.1f} ms")
print(f"process start -> first publishDiagnostics: median {statistics.median(diag_ms):.1f} ms "
      f"(didOpen -> diagnostics {statistics.median(d - i for d, i in zip(diag_ms, init_ms)):.1f} ms)")
