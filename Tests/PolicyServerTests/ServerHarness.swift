import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer

/// Drives an in-process `LanguageServer` over a real pipe: the test sends messages as the reader thread
/// would and reads the server's output back through the framer.
final class ServerHarness: @unchecked Sendable {
    // @unchecked: `received` and `exitCodes` are guarded by `condition`.
    let server: LanguageServer
    private let output = Pipe()
    private let condition = NSCondition()
    private var received: [Message] = []
    private var exitCodes: [Int32] = []
    private var nextID = 1000

    /// Pipes are never closed: a harness's reader thread keeps blocking on its descriptor after the test,
    /// and a closed descriptor number would be reused by the next harness's pipe and read by the old thread.
    private static let retainedPipes = Mutex<[Pipe]>([])

    init() {
        let pipe = output
        Self.retainedPipes.withLock { $0.append(pipe) }
        let writer = MessageWriter(fileDescriptor: output.fileHandleForWriting.fileDescriptor)
        let box = ExitBox()
        server = LanguageServer(writer: writer, log: Log(), exit: { code in box.record(code) })
        box.harness = self
        MessageReader(fileDescriptor: output.fileHandleForReading.fileDescriptor).start { [weak self] event in
            guard let self, case .message(let m) = event else { return }
            self.condition.lock()
            self.received.append(m)
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    final class ExitBox: @unchecked Sendable {
        weak var harness: ServerHarness?
        func record(_ code: Int32) {
            guard let h = harness else { return }
            h.condition.lock()
            h.exitCodes.append(code)
            h.condition.broadcast()
            h.condition.unlock()
        }
    }

    func send(_ message: Message) {
        server.receive(.message(message))
    }

    func notify(_ method: String, _ params: JSONValue? = nil) {
        send(.notification(method: method, params: params))
    }

    @discardableResult
    func request(_ method: String, _ params: JSONValue? = nil, id: RequestID? = nil,
                 file: StaticString = #filePath, line: UInt = #line) -> Result<JSONValue, ResponseError> {
        let id = id ?? makeID()
        send(.request(id: id, method: method, params: params))
        return response(to: id, file: file, line: line)
    }

    func makeID() -> RequestID {
        condition.lock()
        defer { condition.unlock() }
        nextID += 1
        return .int(nextID)
    }

    func response(to id: RequestID, file: StaticString = #filePath, line: UInt = #line) -> Result<JSONValue, ResponseError> {
        let m = waitFor(file: file, line: line) {
            if case .response(let rid, _) = $0 { return rid == id }
            return false
        }
        if case .response(_, let result)? = m { return result }
        return .failure(ResponseError(code: 0, message: "no response"))
    }

    /// Waits (up to `timeout`) for a message matching `predicate` and removes it from the inbox.
    @discardableResult
    func waitFor(timeout: TimeInterval = 10, failOnTimeout: Bool = true, file: StaticString = #filePath,
                 line: UInt = #line, _ predicate: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = received.firstIndex(where: predicate) {
                return received.remove(at: i)
            }
            if !condition.wait(until: deadline) {
                if failOnTimeout { XCTFail("timed out waiting for a message", file: file, line: line) }
                return nil
            }
        }
    }

    func diagnostics(for uri: String, version: Int? = nil, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        let m = waitFor(file: file, line: line) {
            guard case .notification("textDocument/publishDiagnostics", let p?) = $0, p["uri"]?.stringValue == uri else { return false }
            if let version { return p["version"]?.intValue == version }
            return true
        }
        if case .notification(_, let p)? = m { return p?["diagnostics"] }
        return nil
    }

    func waitForExit(timeout: TimeInterval = 5) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while exitCodes.isEmpty {
            if !condition.wait(until: deadline) { return nil }
        }
        return exitCodes.first
    }

    func initialize(encodings: [String]? = nil, extra: [String: JSONValue] = [:]) -> JSONValue? {
        var capabilities: [String: JSONValue] = [
            "textDocument": .object([
                "documentSymbol": .object(["hierarchicalDocumentSymbolSupport": .bool(true)]),
                "hover": .object(["contentFormat": .array([.string("markdown"), .string("plaintext")])]),
            ]),
        ]
        if let encodings {
            capabilities["general"] = .object(["positionEncodings": .array(encodings.map { .string($0) })])
        }
        var params: [String: JSONValue] = ["processId": .null, "rootUri": .null, "capabilities": .object(capabilities)]
        for (k, v) in extra { params[k] = v }
        let result = request("initialize", .object(params))
        notify("initialized", .object([:]))
        return try? result.get()
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", .object(["textDocument": .object([
            "uri": .string(uri), "languageId": .string("plaintext"), "version": .int(version), "text": .string(text),
        ])]))
    }

    /// Blocks the server's queue until the returned closure is called: lets a test line up messages.
    func pauseServer() -> () -> Void {
        let gate = DispatchSemaphore(value: 0)
        server.queue.async { gate.wait() }
        return { gate.signal() }
    }
}

extension Result where Success == JSONValue, Failure == ResponseError {
    var errorCode: Int? {
        if case .failure(let e) = self { return e.code }
        return nil
    }
    var value: JSONValue? { try? get() }
}

func position(_ line: Int, _ character: Int) -> JSONValue {
    .object(["line": .int(line), "character": .int(character)])
}

func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> JSONValue {
    .object(["start": position(l1, c1), "end": position(l2, c2)])
}

func docParams(_ uri: String) -> JSONValue {
    .object(["textDocument": .object(["uri": .string(uri)])])
}

func positionParams(_ uri: String, _ line: Int, _ character: Int) -> JSONValue {
    .object(["textDocument": .object(["uri": .string(uri)]), "position": position(line, character)])
}
