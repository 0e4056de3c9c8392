import Foundation
@testable import PolicyAnalysis
import PolicyBatch
import XCTest

/// A scratch folder removed when the test ends.
final class TempDir {
    let path: String
    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("policy-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let full = (path as NSString).appendingPathComponent(relative)
        let parent = (full as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }

    func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).appendingPathComponent(relative), withIntermediateDirectories: true)
    }

    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: (path as NSString).appendingPathComponent(relative), withDestinationPath: target)
    }
}

/// A stand-in analysis whose findings are easy to predict: every `ERR` is an error, `WARN` a warning,
/// `INFO` an information, `HINT` a hint; each 《…》 is a policy, each `亿元` figure a figure.
let fakeAnalyzer: Analyzer = { scalars in
    var model = DocumentModel()
    let n = scalars.count
    func word(_ w: String, at i: Int) -> Bool {
        let ws = Array(w.unicodeScalars)
        guard i + ws.count <= n else { return false }
        for k in 0..<ws.count where scalars[i + k] != ws[k] { return false }
        return true
    }
    var i = 0
    while i < n {
        for (w, sev, code) in [("ERR", FindingSeverity.error, "fake-error"), ("WARN", .warning, "fake-warning"),
                               ("INFO", .information, "fake-info"), ("HINT", .hint, "fake-hint")] where word(w, at: i) {
            model.findings.append(Finding(code: code, severity: sev, range: i..<(i + w.count),
                                          message: "发现\(w)", messageEnglish: "found \(w)"))
        }
        if scalars[i] == "《", let close = scalars[i...].firstIndex(of: "》") {
            var t = String.UnicodeScalarView()
            t.append(contentsOf: scalars[(i + 1)..<close])
            model.policies.append(PolicyMention(title: String(t), range: i..<(close + 1), kind: .plan))
        }
        i += 1
    }
    return model
}

/// Runs a batch command in-process with captured output.
func runCommand(_ command: ([String], CommandContext) -> Int32, _ args: [String], in directory: String,
         analyzer: @escaping Analyzer = fakeAnalyzer) -> (code: Int32, stdout: String, stderr: String) {
    let out = OutputSink(), err = OutputSink()
    let context = CommandContext(stdout: out, stderr: err, directory: directory, analyzer: analyzer, stderrIsTerminal: false)
    let code = command(args, context)
    return (code, out.captured, err.captured)
}

func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The built `policy-lsp` executable next to the test bundle.
func policyLSPExecutable() throws -> URL {
    let candidates = Bundle.allBundles.map(\.bundleURL) + [URL(fileURLWithPath: CommandLine.arguments[0])]
    for bundle in candidates {
        var dir = bundle.deletingLastPathComponent()
        for _ in 0..<3 {
            let exe = dir.appendingPathComponent("policy-lsp")
            if FileManager.default.isExecutableFile(atPath: exe.path) { return exe }
            dir = dir.deletingLastPathComponent()
        }
    }
    throw XCTSkip("policy-lsp executable not built next to the tests")
}

/// Runs a program to completion; stdout and stderr separately.
func runProcess(_ executable: String, _ args: [String], directory: String? = nil,
                environment: [String: String] = [:]) throws -> (code: Int32, stdout: String, stderr: String) {
    let p = Process()
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes concurrently so a full stderr pipe cannot block the child.
    let errData = LockedData()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !errData.done { usleep(1000) }
    return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.value, as: UTF8.self))
}

/// `@unchecked Sendable`: guarded by `lock`.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func set(_ d: Data) { lock.lock(); data = d; finished = true; lock.unlock() }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// Validates a JSON file against a schema under Tests/PolicyBatchTests/Schemas with Python's jsonschema.
func validate(json: String, schema: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let dir = try TempDir()
    let doc = try dir.write("doc.json", json)
    let schemas = packageRoot().appendingPathComponent("Tests/PolicyBatchTests/Schemas")
    // The python3 on PATH first (a pip-installed jsonschema lives there), then the system one.
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/python3" }
    let python = (path + ["/usr/bin/python3", "/usr/local/bin/python3"]).first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let python else {
        if ProcessInfo.processInfo.environment["CI"] != nil { return XCTFail("python3 is missing in CI", file: file, line: line) }
        throw XCTSkip("python3 is not installed: cannot validate against the JSON schema")
    }
    let r = try runProcess(python, [schemas.appendingPathComponent("validate.py").path, schemas.appendingPathComponent(schema).path, doc])
    if r.code == 3 {
        if ProcessInfo.processInfo.environment["CI"] != nil { return XCTFail(r.stdout, file: file, line: line) }
        throw XCTSkip(r.stdout)
    }
    XCTAssertEqual(r.code, 0, "schema \(schema): \(r.stdout)\(r.stderr)", file: file, line: line)
}

func jsonObject(_ s: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(s.utf8), options: [.fragmentsAllowed])
}
