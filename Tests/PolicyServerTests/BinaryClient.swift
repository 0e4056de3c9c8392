import Foundation
import XCTest
import JSONRPC

/// The built `policy-lsp` executable, next to the test bundle.
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

/// The real `policy-lsp` binary over pipes, speaking framed JSON-RPC: for end-to-end, abuse, storm and
/// soak-style tests. Keeps the order of everything received (to check diagnostics versions), writes raw
/// bytes in pieces, and reads the server's resident memory.
final class BinaryClient: @unchecked Sendable {
    // @unchecked: `inbox`, `published`, `undecodable`, `ended` and `nextID` are guarded by `condition`; the
    // rest is immutable after init.
    let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let condition = NSCondition()
    private var inbox: [Message] = []
    /// (uri, version) of every publishDiagnostics, in arrival order.
    private var published: [(String, Int?)] = []
    private var undecodable = 0
    private var ended = false
    private var nextID = 1

    init(arguments: [String] = [], environment: [String: String] = [:]) throws {
        signal(SIGPIPE, SIG_IGN)  // writing to a server that already exited must not kill the test process
        process.executableURL = try policyLSPExecutable()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["POLICY_LSP_LOG"] = env["POLICY_LSP_LOG"] ?? "error"  // abuse makes many warnings; keep test logs short
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Drain stderr so a chatty server never blocks on a full pipe.
        let errFD = stderr.fileHandleForReading.fileDescriptor
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while read(errFD, &buffer, buffer.count) > 0 {}
        }
        MessageReader(fileDescriptor: stdout.fileHandleForReading.fileDescriptor).start { [weak self] event in
            guard let self else { return }
            self.condition.lock()
            switch event {
            case .message(let m):
                if case .notification("textDocument/publishDiagnostics", let p?) = m {
                    self.published.append((p["uri"]?.stringValue ?? "", p["version"]?.intValue))
                }
                self.inbox.append(m)
            case .endOfInput: self.ended = true
            default: self.undecodable += 1
            }
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    var pid: Int32 { process.processIdentifier }

    func writeRaw(_ bytes: Data) {
        try? stdin.fileHandleForWriting.write(contentsOf: bytes)
    }

    func writeRaw(_ s: String) { writeRaw(Data(s.utf8)) }

    func send(_ message: Message) {
        guard let body = try? JSONCoding.encoder.encode(message.jsonValue) else { return XCTFail("unencodable") }
        writeRaw(frame(body))
    }

    func notify(_ method: String, _ params: JSONValue?) {
        send(.notification(method: method, params: params))
    }

    func closeInput() {
        try? stdin.fileHandleForWriting.close()
    }

    func makeID() -> Int {
        condition.lock()
        defer { condition.unlock() }
        nextID += 1
        return nextID
    }

    @discardableResult
    func waitFor(timeout: TimeInterval = 30, _ predicate: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = inbox.firstIndex(where: predicate) { return inbox.remove(at: i) }
            if ended || !condition.wait(until: deadline) { return nil }
        }
    }

    /// Sends a request and waits for its response (nil: no answer within the timeout).
    func request(_ method: String, _ params: JSONValue?, timeout: TimeInterval = 30) -> Result<JSONValue, ResponseError>? {
        let id = makeID()
        send(.request(id: .int(id), method: method, params: params))
        return response(to: id, timeout: timeout)
    }

    func response(to id: Int, timeout: TimeInterval = 30) -> Result<JSONValue, ResponseError>? {
        let m = waitFor(timeout: timeout) { if case .response(.int(id), _) = $0 { return true } else { return false } }
        if case .response(_, let r)? = m { return r }
        return nil
    }

    func initialize(encodings: [String] = ["utf-16"], options: JSONValue? = nil) -> JSONValue? {
        var params: [String: JSONValue] = [
            "processId": .null,
            "capabilities": .object(["general": .object(["positionEncodings": .array(encodings.map { .string($0) })])]),
        ]
        if let options { params["initializationOptions"] = options }
        let r = request("initialize", .object(params))
        notify("initialized", .object([:]))
        return try? r?.get()
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", .object(["textDocument": .object([
            "uri": .string(uri), "languageId": .string("plaintext"), "version": .int(version), "text": .string(text),
        ])]))
    }

    /// The server's copy of a document (the debug request).
    func documentText(_ uri: String) -> (text: String, version: Int)? {
        guard case .success(let v)? = request("policyLsp/documentText", docParams(uri)),
              let text = v["text"]?.stringValue, let version = v["version"]?.intValue else { return nil }
        return (text, version)
    }

    /// A cheap request that must succeed while the server is running: the answer proves it is alive.
    func isAlive(timeout: TimeInterval = 30) -> Bool {
        // documentSymbol on a document that is not open is an answered error; any answer will do.
        request("textDocument/documentSymbol", docParams("file:///reliability-liveness-probe.txt"), timeout: timeout) != nil
    }

    /// Waits for a publishDiagnostics for `uri` with exactly `version`.
    func diagnostics(_ uri: String, version: Int, timeout: TimeInterval = 30) -> JSONValue? {
        let m = waitFor(timeout: timeout) {
            guard case .notification("textDocument/publishDiagnostics", let p?) = $0 else { return false }
            return p["uri"]?.stringValue == uri && p["version"]?.intValue == version
        }
        if case .notification(_, let p)? = m { return p?["diagnostics"] }
        return nil
    }

    /// Drops everything received so far (keeps the inbox small in long runs); `published` is kept.
    func clearInbox() {
        condition.lock()
        inbox.removeAll()
        condition.unlock()
    }

    var publishedVersions: [(String, Int?)] {
        condition.lock()
        defer { condition.unlock() }
        return published
    }

    var undecodableCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return undecodable
    }

    /// The server's resident memory in bytes (Linux /proc), nil elsewhere.
    func residentBytes() -> Int? { Self.procStatus(pid: pid, "VmRSS") }
    func peakResidentBytes() -> Int? { Self.procStatus(pid: pid, "VmHWM") }

    static func procStatus(pid: Int32, _ field: String) -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            if let kb = line.split(separator: " ").compactMap({ Int($0) }).first { return kb * 1024 }
        }
        return nil
    }

    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    var isRunning: Bool { process.isRunning }

    /// shutdown + exit, asserting the clean exit code 0.
    func shutdownAndExit(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(try request("shutdown", nil)?.get(), .null, file: file, line: line)
        notify("exit", nil)
        XCTAssertEqual(waitForExit(), 0, file: file, line: line)
    }
}

/// Runs the binary to completion and returns (status, stdout, stderr).
func runPolicyLSP(_ arguments: [String], cwd: URL? = nil) throws -> (Int32, String, String) {
    let p = Process()
    p.executableURL = try policyLSPExecutable()
    p.arguments = arguments
    if let cwd { p.currentDirectoryURL = cwd }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
