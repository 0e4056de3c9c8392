import Foundation
import JSONRPC
import PolicyAnalysis
import PolicyText

// policy-lsp-bench: throughput of the full analysis against a plain UTF-8 pass measured in the same run,
// latency through the real server over a pipe, start-up and memory. Ratios matter more than absolute
// times on a shared machine. Usage: policy-lsp-bench [--short] [--json FILE] [--server PATH]

struct Options {
    var short = false
    var jsonPath: String?
    var server: String?
    var corpus: String?
}

var options = Options()
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--short": options.short = true
    case "--json": options.jsonPath = args.popFirst()
    case "--server": options.server = args.popFirst()
    case "--corpus": options.corpus = args.popFirst()
    default:
        FileHandle.standardError.write(Data("usage: policy-lsp-bench [--short] [--json FILE] [--server PATH] [--corpus DIR]\n".utf8))
        exit(2)
    }
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

let executableDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let corpusDir = options.corpus ?? root.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
var corpusTexts: [(String, String)] = []
if let names = try? FileManager.default.contentsOfDirectory(atPath: corpusDir) {
    for name in names.sorted() where name.hasSuffix(".txt") {
        if let s = try? String(contentsOfFile: corpusDir + "/" + name, encoding: .utf8) { corpusTexts.append((name, s)) }
    }
}
if corpusTexts.isEmpty {
    // Without the shared corpus, measure on the bundled sample.
    let sample = root.appendingPathComponent("samples/sample-policy-news.txt").path
    if let s = try? String(contentsOfFile: sample, encoding: .utf8) { corpusTexts.append(("sample-policy-news.txt", s)) }
    FileHandle.standardError.write(Data("note: \(corpusDir) absent; benchmarking the bundled sample\n".utf8))
}
let joined = corpusTexts.map(\.1).joined(separator: "\n\n")

func synthetic(bytes: Int) -> String {
    var s = ""
    s.reserveCapacity(bytes + joined.utf8.count)
    while s.utf8.count < bytes { s += joined + "\n\n" }
    return s
}

/// The floor: validate UTF-8 and count lines, nothing else.
func plainPass(_ bytes: [UInt8]) -> Int {
    var lines = 0
    var i = 0
    let n = bytes.count
    bytes.withUnsafeBufferPointer { p in
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b == 0x0A { lines += 1 }
                i += 1
            } else if b & 0xE0 == 0xC0, i + 1 < n, p[i + 1] & 0xC0 == 0x80 {
                i += 2
            } else if b & 0xF0 == 0xE0, i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 {
                i += 3
            } else if b & 0xF8 == 0xF0, i + 3 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 {
                i += 4
            } else {
                lines = -1
                i = n
            }
        }
    }
    return lines
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return 0 }
    return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
}

struct ThroughputRow: Codable {
    var name: String
    var bytes: Int
    var analysisMs: Double
    var analysisMBps: Double
    var plainMBps: Double
    var ratio: Double
    var entities: Int
    var findings: Int
}

func measureThroughput(name: String, text: String, repeats: Int) -> ThroughputRow {
    let bytes = Array(text.utf8)
    var analysisTimes: [Double] = []
    var plainTimes: [Double] = []
    var model = DocumentModel()
    for _ in 0..<repeats {
        let t0 = now()
        let document = DocumentText(text)
        model = DocumentAnalyzer.analyze(document)
        let t1 = now()
        precondition(plainPass(bytes) >= 0)
        let t2 = now()
        analysisTimes.append(Double(t1 - t0) / 1e6)
        plainTimes.append(Double(t2 - t1) / 1e6)
    }
    let a = median(analysisTimes), p = max(median(plainTimes), 1e-6)
    let mb = Double(bytes.count) / 1_000_000
    let entities = model.policies.count + model.figures.count + model.organizations.count + model.dates.count
        + model.programmes.count
    return ThroughputRow(name: name, bytes: bytes.count, analysisMs: a, analysisMBps: mb / (a / 1000),
                         plainMBps: mb / (p / 1000), ratio: a / p, entities: entities, findings: model.findings.count)
}

print("policy-lsp benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(options.short ? "short" : "full") run")
var throughput: [ThroughputRow] = []
for (name, text) in corpusTexts {
    throughput.append(measureThroughput(name: name, text: text, repeats: options.short ? 3 : 20))
}
let sizes: [(String, Int, Int)] = options.short
    ? [("synthetic 200 KB", 200_000, 3)]
    : [("synthetic 200 KB", 200_000, 15), ("synthetic 2 MB", 2_000_000, 5), ("synthetic 20 MB", 20_000_000, 2)]
for (name, size, repeats) in sizes {
    throughput.append(measureThroughput(name: name, text: synthetic(bytes: size), repeats: repeats))
}

func pad(_ s: String, _ n: Int) -> String {
    let w = s.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
    return s + String(repeating: " ", count: max(0, n - w))
}

print("\n## Analysis throughput (median; full pipeline vs plain UTF-8 validation + line count, same run)\n")
print("| input | bytes | analysis ms | analysis MB/s | plain MB/s | analysis/plain | entities | findings |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in throughput {
    print(String(format: "| %@ | %d | %.2f | %.1f | %.0f | %.1f× | %d | %d |", r.name, r.bytes, r.analysisMs,
                 r.analysisMBps, r.plainMBps, r.ratio, r.entities, r.findings))
}

// MARK: Through the server

final class ServerProcess: @unchecked Sendable {
    // @unchecked: `inbox` is guarded by `condition`.
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let condition = NSCondition()
    var inbox: [Message] = []
    var nextID = 1

    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        MessageReader(fileDescriptor: output.fileHandleForReading.fileDescriptor).start { [weak self] event in
            guard let self, case .message(let m) = event else { return }
            self.condition.lock()
            self.inbox.append(m)
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    func send(_ m: Message) {
        let data = frame(try! JSONCoding.encoder.encode(m.jsonValue))
        try? input.fileHandleForWriting.write(contentsOf: data)
    }

    func wait(timeout: Double = 30, _ match: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = inbox.firstIndex(where: match) { return inbox.remove(at: i) }
            if !condition.wait(until: deadline) { return nil }
        }
    }

    func request(_ method: String, _ params: JSONValue?) -> JSONValue? {
        nextID += 1
        let id = RequestID.int(nextID)
        send(.request(id: id, method: method, params: params))
        if case .response(_, let r)? = wait(timeout: 60, { if case .response(id, _) = $0 { return true } else { return false } }) {
            return try? r.get()
        }
        return nil
    }

    func drain() {
        condition.lock()
        inbox.removeAll()
        condition.unlock()
    }

    var rssKB: Int {
        guard let s = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    func stop() {
        _ = request("shutdown", nil)
        send(.notification(method: "exit", params: nil))
        process.waitUntilExit()
    }
}

struct LatencyRow: Codable {
    var name: String
    var count: Int
    var p50: Double
    var p99: Double
    var max: Double
}

let serverPath = options.server ?? executableDir.appendingPathComponent("policy-lsp").path
var latency: [LatencyRow] = []
var startup: [String: Double] = [:]

func latencyRow(_ name: String, _ xs: [Double]) -> LatencyRow {
    LatencyRow(name: name, count: xs.count, p50: percentile(xs, 0.5), p99: percentile(xs, 0.99), max: xs.max() ?? 0)
}

if FileManager.default.isExecutableFile(atPath: serverPath) {
    // Start-up: process start → initialize answered.
    var startTimes: [Double] = []
    var idleRSS = 0
    for i in 0..<(options.short ? 3 : 10) {
        let t0 = now()
        let s = try ServerProcess(path: serverPath)
        _ = s.request("initialize", .object(["capabilities": .object([:]), "processId": .null]))
        startTimes.append(Double(now() - t0) / 1e6)
        if i == 0 {
            s.send(.notification(method: "initialized", params: .object([:])))
            usleep(200_000)
            idleRSS = s.rssKB
        }
        s.stop()
    }
    startup["startupMsMedian"] = median(startTimes)
    startup["idleRSSMB"] = Double(idleRSS) / 1024

    for (label, size) in options.short ? [("200 KB", 200_000)] : [("200 KB", 200_000), ("2 MB", 2_000_000)] {
        let text = synthetic(bytes: size)
        let s = try ServerProcess(path: serverPath)
        let initResult = s.request("initialize", .object([
            "capabilities": .object(["general": .object(["positionEncodings": .array([.string("utf-16")])])]),
            "processId": .null,
            "initializationOptions": .object(["diagnosticsDelayMs": .int(0)]),
        ]))
        let caps = initResult?["capabilities"]
        s.send(.notification(method: "initialized", params: .object([:])))
        let uri = "file:///bench-\(size).txt"
        s.send(.notification(method: "textDocument/didOpen", params: .object(["textDocument": .object([
            "uri": .string(uri), "languageId": .string("plaintext"), "version": .int(1), "text": .string(text),
        ])])))
        _ = s.wait { if case .notification("textDocument/publishDiagnostics", _) = $0 { return true } else { return false } }
        if size == 2_000_000 { startup["rssWith2MBOpenMB"] = Double(s.rssKB) / 1024 }
        let document = DocumentText(text)
        let middle = document.position(at: document.scalars.count / 2, encoding: .utf16)
        let edits = options.short ? 100 : 1000
        var editTimes: [Double] = []
        for v in 0..<edits {
            let insert = v % 2 == 0
            let start: JSONValue = .object(["line": .int(middle.line), "character": .int(middle.character)])
            let end: JSONValue = .object(["line": .int(middle.line), "character": .int(middle.character + (insert ? 0 : 1))])
            let t0 = now()
            s.send(.notification(method: "textDocument/didChange", params: .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(v + 2)]),
                "contentChanges": .array([.object(["range": .object(["start": start, "end": end]),
                                                   "text": .string(insert ? "数" : "")])]),
            ])))
            _ = s.wait {
                if case .notification("textDocument/publishDiagnostics", let p?) = $0 { return p["version"]?.intValue == v + 2 }
                return false
            }
            editTimes.append(Double(now() - t0) / 1e6)
        }
        latency.append(latencyRow("edit → diagnostics, \(label)", editTimes))
        let probe = document.position(at: document.scalars.count / 3, encoding: .utf16)
        let positionParams: JSONValue = .object(["textDocument": .object(["uri": .string(uri)]),
                                                 "position": .object(["line": .int(probe.line), "character": .int(probe.character)])])
        var methods: [(String, JSONValue)] = [
            ("textDocument/hover", positionParams),
            ("textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(uri)])])),
        ]
        if caps?["semanticTokensProvider"] != nil {
            methods.append(("textDocument/semanticTokens/full", .object(["textDocument": .object(["uri": .string(uri)])])))
        }
        if caps?["referencesProvider"] != nil {
            methods.append(("textDocument/references", .object(["textDocument": .object(["uri": .string(uri)]),
                "position": .object(["line": .int(probe.line), "character": .int(probe.character)]),
                "context": .object(["includeDeclaration": .bool(true)])])))
        }
        if caps?["definitionProvider"] != nil { methods.append(("textDocument/definition", positionParams)) }
        for (method, params) in methods {
            var times: [Double] = []
            let n = options.short ? 50 : (size > 1_000_000 && method.contains("semantic") ? 200 : 1000)
            for _ in 0..<n {
                let t0 = now()
                _ = s.request(method, params)
                times.append(Double(now() - t0) / 1e6)
            }
            latency.append(latencyRow("\(method.replacingOccurrences(of: "textDocument/", with: "")), \(label)", times))
        }
        s.stop()
    }
    print("\n## Latency through the server over a pipe (ms, client-observed, debounce set to 0)\n")
    print("| what | n | p50 | p99 | max |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in latency { print(String(format: "| %@ | %d | %.2f | %.2f | %.2f |", r.name, r.count, r.p50, r.p99, r.max)) }
    print("\n## Start-up and memory\n")
    print(String(format: "| start → initialize answered (median) | %.1f ms |", startup["startupMsMedian"] ?? 0))
    print("| --- | --- |")
    print(String(format: "| RSS idle | %.1f MB |", startup["idleRSSMB"] ?? 0))
    if let r = startup["rssWith2MBOpenMB"] { print(String(format: "| RSS with the 2 MB document open | %.1f MB |", r)) }
} else {
    print("\n(server binary not found at \(serverPath): latency and start-up skipped)")
}

struct Report: Codable {
    var cores: Int
    var short: Bool
    var throughput: [ThroughputRow]
    var latency: [LatencyRow]
    var startup: [String: Double]
}
if let path = options.jsonPath {
    let report = Report(cores: ProcessInfo.processInfo.activeProcessorCount, short: options.short,
                        throughput: throughput, latency: latency, startup: startup)
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
    try enc.encode(report).write(to: URL(fileURLWithPath: path))
    print("\nJSON written to \(path)")
}
