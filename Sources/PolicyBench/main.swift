import Foundation
import JSONRPC
import PolicyAnalysis
import PolicyText

// policy-lsp-bench: throughput of the full analysis against a plain UTF-8 pass measured in the same run,
// latency through the real server over a pipe, start-up, memory, workspace indexing, and (with --peers)
// two Python peers on the same text. Ratios matter more than absolute times on a shared machine.

let usage = """
    usage: policy-lsp-bench [--short] [--json FILE] [--markdown FILE] [--server PATH] [--corpus DIR]
                            [--workspace-docs N] [--no-workspace] [--peers] [--peers-script PATH]
                            [--row-budget SECONDS] [--only PARTS] [--profile-only N [--profile-bytes B]]
                            [--profile-edits N] [--default-allocator] [--dump-model FILE…]
      --short            CI smoke run (< 1 min): every part runs once with few repetitions; no timing checks
      --json FILE        write all results as JSON (with core count, git commit, load average)
      --markdown FILE    also write the Markdown tables to FILE
      --server PATH      the policy-lsp binary (default: beside this one)
      --corpus DIR       the corpus folder (default: ../shared/corpus, then /work/shared/corpus)
      --workspace-docs N documents generated for the workspace-indexing run (default 10000; 200 with --short)
      --no-workspace     skip the workspace-indexing run
      --peers            time jieba and JioNLP on the same 200 KB text (runs Tests/Bench/peers.sh: needs PyPI)
      --row-budget S     stop a latency row after S seconds once it has 20 samples (default 120; 10 with
                         --short): slow builds still finish, and the row's n shows how many were taken
      --only PARTS       run only these parts: a comma list of throughput, latency, workspace, peers
      --profile-only N   only analyse the synthetic 200 KB document N times (a driver for callgrind)
      --profile-bytes B  with --profile-only: the synthetic document's size in bytes (e.g. 20000000 for perf)
      --profile-edits N  only re-analyse the synthetic 2 MB document after N one-character edits (callgrind)
      --default-allocator leave glibc's allocator as it starts; by default the bench keeps freed memory
                         for reuse, as the server and the batch commands do (AnalysisMemory.retainFreedMemory)
      --dump-model FILE… print the whole document model of each file (compare before/after a speed change)

    """

struct Options {
    var short = false
    var jsonPath: String?
    var markdownPath: String?
    var server: String?
    var corpus: String?
    var workspaceDocs: Int?
    var workspace = true
    var peers = false
    var peersScript: String?
    var profileOnly: Int?
    /// Size of the synthetic document --profile-only analyses (default 200 KB).
    var profileBytes = 200_000
    var profileEdits: Int?
    /// Files whose full document model is printed (a byte-exact reference for speed work).
    var dumpModels: [String]?
    var rowBudget: Double?
    /// Parts to run; nil means all (peers still need --peers).
    var parts: Set<String>?
    /// Skips `AnalysisMemory.retainFreedMemory()`, to show what page faults cost.
    var defaultAllocator = false
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n" + usage).utf8))
    exit(2)
}

var options = Options()
var args = CommandLine.arguments.dropFirst()
@MainActor func nextValue(_ problem: String) -> String {
    guard let v = args.popFirst() else { fail(problem) }
    return v
}
while let a = args.popFirst() {
    switch a {
    case "--short": options.short = true
    case "--json": options.jsonPath = nextValue("--json needs a file")
    case "--markdown": options.markdownPath = nextValue("--markdown needs a file")
    case "--server": options.server = nextValue("--server needs a path")
    case "--corpus": options.corpus = nextValue("--corpus needs a folder")
    case "--workspace-docs":
        guard let n = Int(nextValue("--workspace-docs needs a number")), n > 0 else { fail("--workspace-docs needs a positive number") }
        options.workspaceDocs = n
    case "--no-workspace": options.workspace = false
    case "--row-budget":
        guard let b = Double(nextValue("--row-budget needs seconds")), b > 0 else { fail("--row-budget needs positive seconds") }
        options.rowBudget = b
    case "--only":
        let list = Set(nextValue("--only needs a list").split(separator: ",").map(String.init))
        let known: Set<String> = ["throughput", "latency", "workspace", "peers"]
        guard !list.isEmpty, list.isSubset(of: known) else { fail("--only takes a comma list of \(known.sorted().joined(separator: ","))") }
        options.parts = list
        if list.contains("peers") { options.peers = true }
    case "--peers": options.peers = true
    case "--default-allocator": options.defaultAllocator = true
    case "--peers-script": options.peersScript = nextValue("--peers-script needs a path")
    case "--profile-only":
        guard let n = Int(nextValue("--profile-only needs a number")), n > 0 else { fail("--profile-only needs a positive number") }
        options.profileOnly = n
    case "--profile-bytes":
        guard let n = Int(nextValue("--profile-bytes needs a number")), n > 0 else { fail("--profile-bytes needs a positive number") }
        options.profileBytes = n
    case "--profile-edits":
        guard let n = Int(nextValue("--profile-edits needs a number")), n > 0 else { fail("--profile-edits needs a positive number") }
        options.profileEdits = n
    case "--dump-model":
        options.dumpModels = Array(args)
        args.removeAll()
        guard !options.dumpModels!.isEmpty else { fail("--dump-model needs files") }
    case "-h", "--help":
        print(usage)
        exit(0)
    default: fail("unknown argument \(a)")
    }
}

// Measure the allocator the way the server and batch commands run it.
if !options.defaultAllocator { AnalysisMemory.retainFreedMemory() }

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
let benchStarted = now()

let executableDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
/// The package root, from this source file's path (the binary is run from the package's .build).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let corpusCandidates = options.corpus.map { [$0] }
    ?? [root.deletingLastPathComponent().appendingPathComponent("shared/corpus").path, "/work/shared/corpus"]
var corpusTexts: [(String, String)] = []
var corpusDir = corpusCandidates[0]
for dir in corpusCandidates where corpusTexts.isEmpty {
    if let names = try? FileManager.default.contentsOfDirectory(atPath: dir) {
        for name in names.sorted() where name.hasSuffix(".txt") {
            if let s = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) { corpusTexts.append((name, s)) }
        }
        if !corpusTexts.isEmpty { corpusDir = dir }
    }
}
if corpusTexts.isEmpty {
    // Without the shared corpus, measure on the bundled sample.
    let sample = root.appendingPathComponent("samples/sample-policy-news.txt").path
    if let s = try? String(contentsOfFile: sample, encoding: .utf8) { corpusTexts.append(("sample-policy-news.txt", s)) }
    FileHandle.standardError.write(Data("note: \(corpusCandidates.joined(separator: ", ")) absent; benchmarking the bundled sample\n".utf8))
}
let joined = corpusTexts.map(\.1).joined(separator: "\n\n")

/// The corpus concatenated and repeated until it is at least `bytes` long (deterministic).
func synthetic(bytes: Int) -> String {
    var s = ""
    s.reserveCapacity(bytes + joined.utf8.count)
    while s.utf8.count < bytes { s += joined + "\n\n" }
    return s
}

if let files = options.dumpModels {
    // Every field of the model, so a change that should only be faster can be checked to be byte-exact.
    for path in files {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path) as UTF-8") }
        print("== \(URL(fileURLWithPath: path).lastPathComponent)")
        dump(DocumentAnalyzer.analyze(DocumentText(text)))
    }
    exit(0)
}

if let n = options.profileEdits {
    // Callgrind driver for the incremental path: one full analysis, then N edits reusing unchanged articles.
    var scalars = DocumentText(synthetic(bytes: 2_000_000)).scalars
    var cache = AnalysisCache()
    _ = DocumentAnalyzer.analyze(scalars: scalars, reusing: &cache)
    let middle = scalars.count / 2
    for i in 0..<n {
        if i % 2 == 0 { scalars.insert("的", at: middle) } else { scalars.remove(at: middle) }
        _ = DocumentAnalyzer.analyze(scalars: scalars, reusing: &cache)
    }
    print("re-analysed \(scalars.count) scalars after \(n) edits; last: \(cache.analysedSegments) analysed, \(cache.reusedSegments) reused")
    exit(0)
}

if let n = options.profileOnly {
    // Callgrind driver: nothing but the analysis, so the profile shows only analysis costs.
    let text = synthetic(bytes: options.profileBytes)
    var entities = 0
    for _ in 0..<n {
        let model = DocumentAnalyzer.analyze(DocumentText(text))
        entities &+= model.policies.count + model.figures.count + model.organizations.count + model.dates.count
    }
    print("analysed \(text.utf8.count) bytes \(n)×, \(entities) entities")
    exit(0)
}

var markdown: [String] = []
/// Parts that did not run as they should: the bench exits 1 when there are any (the CI check).
var problems: [String] = []
/// Prints a line of the report and keeps it for --markdown.
@MainActor func out(_ line: String = "") {
    print(line)
    markdown.append(line)
}

func shell(_ arguments: [String], in directory: String? = nil) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

let commit = shell(["git", "rev-parse", "HEAD"], in: root.path) ?? "unknown"
let dirty = !(shell(["git", "status", "--porcelain", "--untracked-files=no"], in: root.path) ?? "").isEmpty
let loadAverage = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
    .split(separator: " ").prefix(3).joined(separator: " ")
let cores = ProcessInfo.processInfo.activeProcessorCount
@MainActor func runs(_ part: String) -> Bool { options.parts?.contains(part) ?? true }
let dateString = ISO8601DateFormatter().string(from: Date())

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
        let fresh = DocumentAnalyzer.analyze(document)
        let t1 = now()
        // Freeing the previous run's model is not part of this analysis: it happens outside both timings.
        model = fresh
        let t2 = now()
        precondition(plainPass(bytes) >= 0)
        let t3 = now()
        analysisTimes.append(Double(t1 - t0) / 1e6)
        plainTimes.append(Double(t3 - t2) / 1e6)
    }
    let a = max(median(analysisTimes), 1e-6), p = max(median(plainTimes), 1e-6)
    let mb = Double(bytes.count) / 1_000_000
    let entities = model.policies.count + model.figures.count + model.organizations.count + model.dates.count
        + model.programmes.count
    return ThroughputRow(name: name, bytes: bytes.count, analysisMs: a, analysisMBps: mb / (a / 1000),
                         plainMBps: mb / (p / 1000), ratio: a / p, entities: entities, findings: model.findings.count)
}

out("# policy-lsp benchmark")
out()
out("\(cores) cores, \(options.short ? "short (smoke) run: few repetitions, numbers are not comparable" : "full run"), "
    + "commit \(commit.prefix(12))\(dirty ? " (with local changes)" : ""), \(dateString), load average \(loadAverage)"
    + (options.defaultAllocator ? ", glibc's default allocator settings" : ", freed memory kept for reuse (as the server does)"))
/// Re-analysis after a one-character edit in the middle, in process: the analysis reuses the articles the
/// edit did not touch (AnalysisCache). Compared with analysing the same text from scratch in the same run.
struct ReanalysisRow: Codable {
    var name: String
    var bytes: Int
    var segments: Int
    var analysedAfterEdit: Int
    var fullMs: Double
    var afterEditMs: Double
    var ratio: Double
}

func measureReanalysis(name: String, text: String, repeats: Int) -> ReanalysisRow {
    var scalars = DocumentText(text).scalars
    var fullTimes: [Double] = []
    var editTimes: [Double] = []
    var cache = AnalysisCache()
    var segments = 0, analysed = 0
    let middle = scalars.count / 2
    for i in 0..<repeats {
        var fresh = AnalysisCache()
        let t0 = now()
        _ = DocumentAnalyzer.analyze(scalars: scalars, reusing: &fresh)
        fullTimes.append(Double(now() - t0) / 1e6)
        segments = fresh.analysedSegments
        if i == 0 { cache = fresh }
        // Type a character, then delete it: each analysis sees a text one edit away from the last.
        if i % 2 == 0 { scalars.insert("的", at: middle) } else { scalars.remove(at: middle) }
        let t1 = now()
        _ = DocumentAnalyzer.analyze(scalars: scalars, reusing: &cache)
        editTimes.append(Double(now() - t1) / 1e6)
        analysed = cache.analysedSegments
    }
    let f = max(median(fullTimes), 1e-6), e = max(median(editTimes), 1e-6)
    return ReanalysisRow(name: name, bytes: text.utf8.count, segments: segments, analysedAfterEdit: analysed,
                         fullMs: f, afterEditMs: e, ratio: f / e)
}

var throughput: [ThroughputRow] = []
var reanalysis: [ReanalysisRow] = []
if runs("throughput") {
    for (name, text) in corpusTexts {
        throughput.append(measureThroughput(name: name, text: text, repeats: options.short ? 2 : 20))
    }
    // (name, bytes, repetitions from scratch, repetitions of the edit)
    let sizes: [(String, Int, Int, Int)] = options.short
        ? [("synthetic 200 KB", 200_000, 3, 3)]
        : [("synthetic 200 KB", 200_000, 15, 21), ("synthetic 2 MB", 2_000_000, 5, 9),
           ("synthetic 20 MB", 20_000_000, 3, 3)]
    for (name, size, repeats, editRepeats) in sizes {
        let text = synthetic(bytes: size)
        throughput.append(measureThroughput(name: name, text: text, repeats: repeats))
        reanalysis.append(measureReanalysis(name: name, text: text, repeats: editRepeats))
    }

    out("\n## Analysis throughput (median; full pipeline vs plain UTF-8 validation + line count, same run)\n")
    out("| input | bytes | analysis ms | analysis MB/s | plain MB/s | analysis/plain | entities | findings |")
    out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in throughput {
        out(String(format: "| %@ | %d | %.2f | %.1f | %.0f | %.1f× | %d | %d |", r.name, r.bytes, r.analysisMs,
                   r.analysisMBps, r.plainMBps, r.ratio, r.entities, r.findings))
    }
    out("\n## Re-analysis after a one-character edit in the middle (in process, median; unchanged articles reused)\n")
    out("| input | bytes | articles | analysed after the edit | from scratch ms | after the edit ms | speed-up |")
    out("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in reanalysis {
        out(String(format: "| %@ | %d | %d | %d | %.2f | %.2f | %.1f× |", r.name, r.bytes, r.segments,
                   r.analysedAfterEdit, r.fullMs, r.afterEditMs, r.ratio))
    }
}

// MARK: Through the server

struct LatencyRow: Codable {
    var name: String
    var count: Int
    var p50: Double
    var p99: Double
    var max: Double
}

let serverPath = options.server ?? executableDir.appendingPathComponent("policy-lsp").path
let serverAvailable = FileManager.default.isExecutableFile(atPath: serverPath)
var latency: [LatencyRow] = []
let rowBudget = options.rowBudget ?? (options.short ? 10 : 120)
var startup: [String: Double] = [:]

func latencyRow(_ name: String, _ xs: [Double]) -> LatencyRow {
    LatencyRow(name: name, count: xs.count, p50: percentile(xs, 0.5), p99: percentile(xs, 0.99), max: xs.max() ?? 0)
}

if serverAvailable, runs("latency") {
    // Start-up: process start → initialize answered.
    var startTimes: [Double] = []
    var idleRSS = 0
    for i in 0..<(options.short ? 2 : 10) {
        let t0 = now()
        let s = try ServerProcess(path: serverPath)
        if s.request("initialize", .object(["capabilities": .object([:]), "processId": .null])) == nil {
            problems.append("start-up: initialize not answered")
        }
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
        if caps == nil { problems.append("initialize (\(label)): no capabilities") }
        s.send(.notification(method: "initialized", params: .object([:])))
        let uri = "file:///bench-\(size).txt"
        s.send(.notification(method: "textDocument/didOpen", params: .object(["textDocument": .object([
            "uri": .string(uri), "languageId": .string("plaintext"), "version": .int(1), "text": .string(text),
        ])])))
        if s.wait(timeout: 120, { if case .notification("textDocument/publishDiagnostics", _) = $0 { return true } else { return false } }) == nil {
            problems.append("didOpen (\(label)): no diagnostics within 120 s")
        }
        if size == 2_000_000 { startup["rssWith2MBOpenMB"] = Double(s.rssKB) / 1024 }
        let document = DocumentText(text)
        let middle = document.position(at: document.scalars.count / 2, encoding: .utf16)
        let edits = options.short ? 10 : 1000
        var editTimes: [Double] = []
        let editsStarted = now()
        for v in 0..<edits {
            if editTimes.count >= 20, Double(now() - editsStarted) / 1e9 > rowBudget { break }
            let insert = v % 2 == 0
            let start: JSONValue = .object(["line": .int(middle.line), "character": .int(middle.character)])
            let end: JSONValue = .object(["line": .int(middle.line), "character": .int(middle.character + (insert ? 0 : 1))])
            let t0 = now()
            s.send(.notification(method: "textDocument/didChange", params: .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(v + 2)]),
                "contentChanges": .array([.object(["range": .object(["start": start, "end": end]),
                                                   "text": .string(insert ? "数" : "")])]),
            ])))
            let published = s.wait(timeout: 120) {
                if case .notification("textDocument/publishDiagnostics", let p?) = $0 { return p["version"]?.intValue == v + 2 }
                return false
            }
            if published == nil {
                problems.append("didChange (\(label)): no diagnostics for version \(v + 2) within 120 s")
                break
            }
            editTimes.append(Double(now() - t0) / 1e6)
        }
        s.drain()
        if size == 2_000_000 { startup["rssWith2MBAfterEditsMB"] = Double(s.rssKB) / 1024 }
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
            let n = options.short ? 10 : (size > 1_000_000 && method.contains("semantic") ? 200 : 1000)
            let rowStarted = now()
            for _ in 0..<n {
                if times.count >= 20, Double(now() - rowStarted) / 1e9 > rowBudget { break }
                let t0 = now()
                _ = s.request(method, params)
                times.append(Double(now() - t0) / 1e6)
            }
            latency.append(latencyRow("\(method.replacingOccurrences(of: "textDocument/", with: "")), \(label)", times))
        }
        if size == 2_000_000 && !options.short {
            // The server hands freed analysis memory back after 2 s without analyses.
            Thread.sleep(forTimeInterval: 3)
            startup["rssWith2MBIdleMB"] = Double(s.rssKB) / 1024
        }
        s.stop()
        problems += s.failures.prefix(5).map { "server (\(label)): \($0)" }
    }
    out("\n## Latency through the server over a pipe (ms, client-observed, debounce set to 0)\n")
    out("| what | n | p50 | p99 | max |")
    out("| --- | ---: | ---: | ---: | ---: |")
    for r in latency { out(String(format: "| %@ | %d | %.2f | %.2f | %.2f |", r.name, r.count, r.p50, r.p99, r.max)) }
    if !options.short, latency.contains(where: { $0.count < 1000 && !$0.name.contains("semantic") || $0.count < 200 }) {
        out(String(format: "\nRows with n below 1000 (200 for semantic tokens on 2 MB) stopped at the %.0f s row budget.", rowBudget))
    }
    out("\n## Start-up and memory\n")
    out("| what | value |")
    out("| --- | ---: |")
    out(String(format: "| start → initialize answered (median of %d) | %.1f ms |", startTimes.count, startup["startupMsMedian"] ?? 0))
    out(String(format: "| RSS idle | %.1f MB |", startup["idleRSSMB"] ?? 0))
    if let r = startup["rssWith2MBOpenMB"] { out(String(format: "| RSS with the 2 MB document open | %.1f MB |", r)) }
    if let r = startup["rssWith2MBAfterEditsMB"] { out(String(format: "| RSS right after the 2 MB edits | %.1f MB |", r)) }
    if let r = startup["rssWith2MBIdleMB"] { out(String(format: "| RSS after the requests and 3 s idle, 2 MB still open | %.1f MB |", r)) }
} else if !serverAvailable {
    out("\n(server binary not found at \(serverPath): latency, start-up and workspace indexing skipped)")
    problems.append("server binary not found at \(serverPath)")
}

// MARK: Workspace indexing

struct WorkspaceResult: Codable {
    var available: Bool
    var note: String
    var files: Int
    var bytes: Int
    var generateSeconds: Double
    var seconds: Double?
    var filesPerSecond: Double?
    var MBps: Double?
    var peakRSSMB: Double?
    var endMessage: String?
}

var workspaceResult: WorkspaceResult?

/// The progress token of a `window/workDoneProgress/create` request or a `$/progress` notification.
func progressToken(_ m: Message) -> String? {
    switch m {
    case .request(_, "window/workDoneProgress/create", let p?), .notification("$/progress", let p?):
        if let s = p["token"]?.stringValue { return s }
        return p["token"]?.intValue.map(String.init)
    default: return nil
    }
}

@MainActor func measureWorkspaceIndexing(documents count: Int) throws -> WorkspaceResult {
    guard let dir = WorkspaceCorpus.makeTemporaryDirectory() else {
        return WorkspaceResult(available: false, note: "could not create a temporary folder", files: 0, bytes: 0, generateSeconds: 0)
    }
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let g0 = now()
    let bytes = try WorkspaceCorpus.generate(into: dir, count: count, bases: corpusTexts.map(\.1))
    let generateSeconds = Double(now() - g0) / 1e9
    var result = WorkspaceResult(available: false, note: "", files: count, bytes: bytes, generateSeconds: generateSeconds)
    let folderURI = URL(fileURLWithPath: dir).absoluteString
    let s = try ServerProcess(path: serverPath)
    defer { s.stop() }
    _ = s.request("initialize", .object([
        "processId": .null,
        "rootUri": .string(folderURI),
        "workspaceFolders": .array([.object(["uri": .string(folderURI), "name": .string("bench")])]),
        "capabilities": .object([
            "window": .object(["workDoneProgress": .bool(true)]),
            "workspace": .object(["workspaceFolders": .bool(true)]),
            "general": .object(["positionEncodings": .array([.string("utf-16")])]),
        ]),
    ]))
    let t0 = now()
    s.send(.notification(method: "initialized", params: .object([:])))
    // Does this server index at all? It must ask for a progress token (or report progress) soon.
    let detectTimeout: Double = options.short ? 5 : 20
    guard let first = s.wait(timeout: detectTimeout, { progressToken($0) != nil }), let token = progressToken(first) else {
        result.note = "not available (no workspace-indexing progress within \(Int(detectTimeout)) s)"
        return result
    }
    let endTimeout: Double = options.short ? 40 : 1800
    let end = s.wait(timeout: endTimeout) { m in
        guard case .notification("$/progress", let p?) = m, progressToken(m) == token else { return false }
        return p["value"]?["kind"]?.stringValue == "end"
    }
    let seconds = Double(now() - t0) / 1e9
    result.peakRSSMB = Double(s.peakRSSKB) / 1024
    s.drain()
    guard let end, case .notification(_, let p?) = end else {
        result.note = "did not finish within \(Int(endTimeout)) s"
        problems.append("workspace indexing: progress began but did not end within \(Int(endTimeout)) s")
        return result
    }
    result.available = true
    result.seconds = seconds
    result.filesPerSecond = Double(count) / seconds
    result.MBps = Double(bytes) / 1e6 / seconds
    result.endMessage = p["value"]?["message"]?.stringValue
    result.note = "initialized → $/progress end"
    return result
}

if serverAvailable, options.workspace, runs("workspace") {
    let count = options.workspaceDocs ?? (options.short ? 200 : 10_000)
    do {
        let r = try measureWorkspaceIndexing(documents: count)
        workspaceResult = r
        out("\n## Workspace indexing (\(r.files) generated documents, \(String(format: "%.1f", Double(r.bytes) / 1e6)) MB, via rootUri + workspaceFolders)\n")
        out("| what | value |")
        out("| --- | ---: |")
        if r.available, let sec = r.seconds, let fps = r.filesPerSecond, let mbps = r.MBps {
            out(String(format: "| initialized → progress end | %.2f s |", sec))
            out(String(format: "| files/s | %.0f |", fps))
            out(String(format: "| MB/s | %.1f |", mbps))
            out(String(format: "| peak RSS (VmHWM) | %.1f MB |", r.peakRSSMB ?? 0))
            if let m = r.endMessage { out("| server says | \(m) |") }
        } else {
            out("| indexing | \(r.note) |")
            if let peak = r.peakRSSMB { out(String(format: "| peak RSS (VmHWM) | %.1f MB |", peak)) }
        }
        out(String(format: "| generating the documents (not part of the measure) | %.1f s |", r.generateSeconds))
    } catch {
        out("\n## Workspace indexing\n\nfailed: \(error)")
        problems.append("workspace indexing: \(error)")
    }
}

// MARK: Peers

struct PeerRow: Codable {
    var name: String
    var version: String
    var does: String
    var MBps: Double
    var ourMultiple: Double
}

struct PeersResult: Codable {
    var bytes: Int
    var ourMBps: Double
    var peers: [PeerRow]
    var failed: [String]
}

var peersResult: PeersResult?

@MainActor func runPeers() -> PeersResult? {
    let script = options.peersScript ?? root.appendingPathComponent("Tests/Bench/peers.sh").path
    guard FileManager.default.fileExists(atPath: script), let dir = WorkspaceCorpus.makeTemporaryDirectory() else {
        out("\n## Peers\n\n(\(script) not found: skipped)")
        return nil
    }
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // The same text as the "synthetic 200 KB" row, analysed again here for a same-moment comparison.
    let text = synthetic(bytes: 200_000)
    let textPath = dir + "/text.txt", jsonPath = dir + "/peers.json"
    guard (try? Data(text.utf8).write(to: URL(fileURLWithPath: textPath))) != nil else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["bash", script, textPath, jsonPath]
    p.standardOutput = FileHandle.standardError
    p.standardError = FileHandle.standardError
    guard (try? p.run()) != nil else { return nil }
    p.waitUntilExit()
    let ours = measureThroughput(name: "peers text", text: text, repeats: options.short ? 2 : 10)
    guard let data = FileManager.default.contents(atPath: jsonPath),
          let json = try? JSONDecoder().decode(JSONValue.self, from: data) else {
        out("\n## Peers\n\n(peers.sh wrote no results: see its messages above)")
        return nil
    }
    var result = PeersResult(bytes: text.utf8.count, ourMBps: ours.analysisMBps, peers: [], failed: [])
    for peer in json["peers"]?.arrayValue ?? [] {
        guard let name = peer["name"]?.stringValue, let mbps = peer["MBps"].flatMap(doubleValue), mbps > 0 else { continue }
        result.peers.append(PeerRow(name: name, version: peer["version"]?.stringValue ?? "?",
                                    does: peer["does"]?.stringValue ?? "", MBps: mbps, ourMultiple: ours.analysisMBps / mbps))
    }
    for f in json["failed"]?.arrayValue ?? [] {
        result.failed.append("\(f["package"]?.stringValue ?? "?"): \(f["why"]?.stringValue ?? "?")")
    }
    if let e = json["error"]?.stringValue { result.failed.append(e) }
    return result
}

func doubleValue(_ v: JSONValue) -> Double? {
    if case .double(let d) = v { return d }
    return v.intValue.map(Double.init)
}

if options.peers {
    if let r = runPeers() {
        peersResult = r
        out(String(format: "\n## Peers on the same %.0f KB text (Python, best of several runs, dictionaries loaded first)\n", Double(r.bytes) / 1000))
        out(String(format: "policy-lsp full analysis on this text: %.2f MB/s (one core). "
            + "The peers do less than policy-lsp: each does one part of its job.\n", r.ourMBps))
        out("| peer | what it does | peer MB/s | policy-lsp speed as a multiple |")
        out("| --- | --- | ---: | ---: |")
        for p in r.peers {
            out(String(format: "| %@ %@ | %@ | %.3f | %.1f× (the peer does less: %@ only) |", p.name, p.version, p.does,
                       p.MBps, p.ourMultiple, p.does))
        }
        for f in r.failed { out("| \(f) | — | — | — |") }
    }
}

// MARK: Report

struct Report: Codable {
    var cores: Int
    var commit: String
    var dirty: Bool
    var date: String
    var loadAverage: String
    var defaultAllocator: Bool
    var short: Bool
    var corpus: String
    var throughput: [ThroughputRow]
    var reanalysis: [ReanalysisRow]
    var latency: [LatencyRow]
    var startup: [String: Double]
    var workspace: WorkspaceResult?
    var peers: PeersResult?
    var benchSeconds: Double
    var problems: [String]
}

let elapsed = Double(now() - benchStarted) / 1e9
out(String(format: "\nBench ran %.1f s.", elapsed))
if let path = options.jsonPath {
    let report = Report(cores: cores, commit: commit, dirty: dirty, date: dateString, loadAverage: loadAverage,
                        defaultAllocator: options.defaultAllocator, short: options.short, corpus: corpusDir, throughput: throughput, reanalysis: reanalysis, latency: latency,
                        startup: startup, workspace: workspaceResult, peers: peersResult, benchSeconds: elapsed,
                        problems: problems)
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try enc.encode(report).write(to: URL(fileURLWithPath: path))
    print("JSON written to \(path)")
}
if let path = options.markdownPath {
    try Data((markdown.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    print("Markdown written to \(path)")
}
if problems.isEmpty {
    print("Every part ran.")
} else {
    FileHandle.standardError.write(Data(("Problems:\n" + problems.map { "  - " + $0 }.joined(separator: "\n") + "\n").utf8))
    exit(1)
}
