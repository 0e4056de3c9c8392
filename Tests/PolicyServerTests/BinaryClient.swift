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

/// Runs the real binary over pipes and speaks framed JSON-RPC to it.
final class BinaryClient: @unchecked Sendable {
    // @unchecked: `inbox` is guarded by `condition`.
    let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    let stderr = Pipe()
    private let condition = NSCondition()
    private var inbox: [Message] = []
    private var ended = false

    init(arguments: [String] = []) throws {
        signal(SIGPIPE, SIG_IGN)  // writing to a server that already exited must not kill the test process
        process.executableURL = try policyLSPExecutable()
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        MessageReader(fileDescriptor: stdout.fileHandleForReading.fileDescriptor).start { [weak self] event in
            guard let self else { return }
            self.condition.lock()
            switch event {
            case .message(let m): self.inbox.append(m)
            case .endOfInput: self.ended = true
            default: self.inbox.append(.errorWithoutID(ResponseError(code: 1, message: "client could not decode server output")))
            }
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    func writeRaw(_ bytes: Data) {
        try? stdin.fileHandleForWriting.write(contentsOf: bytes)
    }

    func send(_ message: Message) {
        writeRaw(frame(try! JSONCoding.encoder.encode(message.jsonValue)))
    }

    func closeInput() {
        try? stdin.fileHandleForWriting.close()
    }

    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ predicate: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = inbox.firstIndex(where: predicate) { return inbox.remove(at: i) }
            if ended || !condition.wait(until: deadline) { return nil }
        }
    }

    func request(_ id: Int, _ method: String, _ params: JSONValue?) -> Result<JSONValue, ResponseError>? {
        send(.request(id: .int(id), method: method, params: params))
        let m = waitFor { if case .response(.int(id), _) = $0 { return true } else { return false } }
        if case .response(_, let r)? = m { return r }
        return nil
    }

    func initialize() -> JSONValue? {
        let r = request(0, "initialize", .object(["processId": .null, "capabilities": .object([:])]))
        send(.notification(method: "initialized", params: .object([:])))
        return try? r?.get()
    }

    /// Waits for the process to end; nil when it did not within the timeout (then it is killed).
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        return process.terminationStatus
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
