import Foundation

/// Logs go to stderr (never stdout, which carries the protocol) and, when the client asked for it,
/// to `window/logMessage` through `forward`.
public final class Log: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case error = 1, warning, info, debug
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    private let state = Mutex(State())
    private struct State {
        var level: Level = .info
        var forward: (@Sendable (Level, String) -> Void)?
    }

    public init() {}

    public func setLevel(_ level: Level) { state.withLock { $0.level = level } }
    public func setForward(_ forward: (@Sendable (Level, String) -> Void)?) { state.withLock { $0.forward = forward } }

    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        let (threshold, forward) = state.withLock { ($0.level, $0.forward) }
        guard level <= threshold else { return }
        let text = message()
        FileHandle.standardError.write(Data("policy-lsp [\(level)] \(text)\n".utf8))
        forward?(level, text)
    }

    public func error(_ m: @autoclosure () -> String) { log(.error, m()) }
    public func warning(_ m: @autoclosure () -> String) { log(.warning, m()) }
    public func info(_ m: @autoclosure () -> String) { log(.info, m()) }
    public func debug(_ m: @autoclosure () -> String) { log(.debug, m()) }
}

/// A small lock-protected box (Synchronization.Mutex needs newer platforms on Darwin).
public final class Mutex<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held.
    private var value: Value
    private let lock = NSLock()
    public init(_ value: Value) { self.value = value }
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
