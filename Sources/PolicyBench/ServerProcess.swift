import Foundation
import JSONRPC

/// The real `policy-lsp` binary over pipes, as an editor would drive it. Requests the server sends to the
/// client (`window/workDoneProgress/create`, `client/registerCapability`, `workspace/configuration`) are
/// answered at once on the reader thread with a null result (an array of nulls for configuration), and
/// also kept in the inbox so a caller can see that they came.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: `inbox` is guarded by `condition`; writes to the server's stdin are serialised by
    // `writeLock` (the reader thread answers server requests while the main thread sends); `nextID` is
    // used from the main thread only.
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let condition = NSCondition()
    let writeLock = NSLock()
    var inbox: [Message] = []
    var nextID = 1
    /// Requests that got no answer in time or an error answer, with why (main thread only).
    var failures: [String] = []

    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        MessageReader(fileDescriptor: output.fileHandleForReading.fileDescriptor).start { [weak self] event in
            guard let self, case .message(let m) = event else { return }
            if case .request(let id, let method, let params) = m {
                var result: JSONValue = .null
                if method == "workspace/configuration", let items = params?["items"]?.arrayValue {
                    result = .array(items.map { _ in .null })
                }
                self.send(.response(id: id, result: .success(result)))
            }
            self.condition.lock()
            self.inbox.append(m)
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    func send(_ m: Message) {
        guard let body = try? JSONCoding.encoder.encode(m.jsonValue) else { return }
        let data = frame(body)
        writeLock.lock()
        defer { writeLock.unlock() }
        try? input.fileHandleForWriting.write(contentsOf: data)
    }

    /// Removes and returns the first message that matches, waiting up to `timeout` seconds.
    func wait(timeout: Double = 30, _ match: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = inbox.firstIndex(where: match) { return inbox.remove(at: i) }
            if !condition.wait(until: deadline) { return nil }
        }
    }

    func request(_ method: String, _ params: JSONValue?, timeout: Double = 60) -> JSONValue? {
        nextID += 1
        let id = RequestID.int(nextID)
        send(.request(id: id, method: method, params: params))
        guard case .response(_, let r)? = wait(timeout: timeout, { if case .response(id, _) = $0 { return true } else { return false } })
        else {
            failures.append("\(method): no answer within \(Int(timeout)) s")
            return nil
        }
        switch r {
        case .success(let v): return v
        case .failure(let e):
            failures.append("\(method): error \(e.code) \(e.message)")
            return nil
        }
    }

    func drain() {
        condition.lock()
        inbox.removeAll()
        condition.unlock()
    }

    /// A `kB` field of /proc/<pid>/status (`VmRSS`, `VmHWM`), or 0 when unreadable.
    func statusKB(_ field: String) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    var rssKB: Int { statusKB("VmRSS") }
    var peakRSSKB: Int { statusKB("VmHWM") }

    func stop() {
        _ = request("shutdown", nil, timeout: 30)
        send(.notification(method: "exit", params: nil))
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
