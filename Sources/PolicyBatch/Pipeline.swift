import Dispatch
import Foundation
import PolicyAnalysis
import PolicyConfiguration
import PolicyText

/// The analysis a batch run applies to each file; tests substitute their own.
public typealias Analyzer = @Sendable ([Unicode.Scalar]) -> DocumentModel

public let defaultAnalyzer: Analyzer = { DocumentAnalyzer.analyze(scalars: $0) }

/// Settings shared by the batch commands.
public struct BatchSettings: Sendable {
    public var walk = WalkOptions()
    public var maxSize = FileLoader.defaultMaxSize
    public var configuration = Configuration()
    /// Files analysed at once; results are emitted in input order, so memory holds at most this many.
    public var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var analyzer: Analyzer = defaultAnalyzer
    public init() {}
}

/// What a worker made of one input file.
public enum FileOutcome<Result: Sendable>: Sendable {
    case done(Result)
    case skipped(InputProblem)
}

/// Holds results filled by concurrent workers, one slot each.
/// `@unchecked Sendable`: every access goes through `lock`.
final class Slots<T: Sendable>: @unchecked Sendable {
    private var items: [T?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.lock(); items[i] = value; lock.unlock() }
    func take() -> [T?] { lock.lock(); defer { lock.unlock() }; return items }
}

/// Runs `work` on every file on all cores, a window of files at a time, and hands the results to
/// `emit` in input order on the calling thread. Only one window of results is alive at once, so
/// memory stays flat however many files there are.
public func processInOrder<R: Sendable>(
    _ files: [String], settings: BatchSettings, progress: ProgressMeter? = nil,
    work: @escaping @Sendable (_ index: Int, _ path: String, _ scalars: [Unicode.Scalar]) -> R,
    emit: (_ index: Int, _ path: String, _ outcome: FileOutcome<R>) -> Void
) {
    AnalysisMemory.retainFreedMemory()
    let window = max(1, settings.jobs) * 4
    let maxSize = settings.maxSize
    let base = settings.walk.baseDirectory
    var start = 0
    while start < files.count {
        let end = min(files.count, start + window)
        let slice = Array(files[start..<end])
        let slots = Slots<FileOutcome<R>>(count: slice.count)
        let first = start
        // `jobs` workers, each taking every `workers`-th file of the window.
        let workers = min(max(1, settings.jobs), slice.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < slice.count {
                let path = slice[k]
                switch FileLoader.load(resolvePath(path, base: base), displayPath: path, maxSize: maxSize) {
                case .skipped(let problem): slots.set(k, .skipped(problem))
                case .text(let scalars): slots.set(k, .done(work(first + k, path, scalars)))
                }
                k += workers
            }
        }
        for (k, outcome) in slots.take().enumerated() {
            let outcome = outcome ?? .skipped(InputProblem(path: slice[k], kind: .error, message: "internal error: no result"))
            emit(start + k, slice[k], outcome)
        }
        start = end
        progress?.update(done: start, total: files.count)
    }
    progress?.finish()
}

/// Where a command writes. Buffered; `flush` at the end. Not shared across threads.
public final class OutputSink {
    private let handle: FileHandle?
    public private(set) var captured = ""
    private var buffer: [UInt8] = []
    public var failed = false

    private let buffered: Bool

    /// Writes to a file handle (stdout, a file); unbuffered writes go out at once (stderr).
    public init(_ handle: FileHandle, buffered: Bool = true) {
        self.handle = handle
        self.buffered = buffered
    }
    /// Keeps everything in `captured` (tests).
    public init() {
        self.handle = nil
        self.buffered = false
    }

    public func write(_ s: String) {
        guard handle != nil else { captured += s; return }
        buffer.append(contentsOf: s.utf8)
        if !buffered || buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard let handle, !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch { failed = true }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A one-line progress bar on stderr, only when stderr is a terminal and the run has lasted a moment.
public final class ProgressMeter {
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let enabled: Bool
    private let label: String

    public init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    public func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 0.5, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total) files".utf8))
        drawn = true
    }

    public func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
