import Foundation
import PolicyAnalysis
import PolicyText

/// One file's findings, with positions ready to print.
public struct FileReport: Sendable {
    public var path: String
    public var diagnostics: [PrintedDiagnostic]
}

public struct PrintedDiagnostic: Sendable {
    public var line: Int       // 1-based
    public var column: Int     // 1-based, in Unicode scalars (characters as a reader counts them)
    public var severity: FindingSeverity
    public var code: String
    public var message: String
}

public enum BatchError: Error, CustomStringConvertible {
    case missing(String)
    case unreadable(String, String)
    case invalidUTF8(String, byteOffset: Int)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such file or directory"
        case .unreadable(let p, let why): return "\(p): cannot read: \(why)"
        case .invalidUTF8(let p, let offset): return "\(p): invalid UTF-8 at byte \(offset)"
        }
    }
}

/// Walks paths and collects `.txt` and `.md` files (a file named explicitly is always taken).
public func collectFiles(_ paths: [String]) throws -> [String] {
    var files: [String] = []
    let fm = FileManager.default
    for path in paths {
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw BatchError.missing(path) }
        if !isDirectory.boolValue {
            files.append(path)
            continue
        }
        guard let walker = fm.enumerator(atPath: path) else { throw BatchError.unreadable(path, "cannot list") }
        var found: [String] = []
        while let item = walker.nextObject() as? String {
            if item.hasSuffix(".txt") || item.hasSuffix(".md") {
                found.append((path as NSString).appendingPathComponent(item))
            }
        }
        files.append(contentsOf: found.sorted())
    }
    return files
}

/// Reads a file as UTF-8, reporting the byte offset of the first invalid sequence.
public func readUTF8(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw BatchError.unreadable(path, "permission denied or not a regular file")
    }
    if let s = String(validating: data, as: UTF8.self) { return s }
    // Find the first bad byte for the message.
    var offset = 0
    var iterator = data.makeIterator()
    var decoder = UTF8()
    loop: while true {
        let before = offset
        var count = 0
        let counting = AnyIterator<UInt8> {
            guard let b = iterator.next() else { return nil }
            count += 1
            return b
        }
        var it = counting
        switch decoder.decode(&it) {
        case .scalarValue: offset += count
        case .emptyInput: break loop
        case .error: offset = before; break loop
        }
    }
    throw BatchError.invalidUTF8(path, byteOffset: offset)
}

/// Analyses one text and lists its findings with 1-based line/column positions.
public func check(path: String, contents: String) -> FileReport {
    let text = DocumentText(contents)
    let model = DocumentAnalyzer.analyze(text)
    let diagnostics = model.findings.map { f -> PrintedDiagnostic in
        let p = text.position(at: f.range.lowerBound, encoding: .utf32)
        return PrintedDiagnostic(line: p.line + 1, column: p.character + 1, severity: f.severity, code: f.code,
                                 message: f.message)
    }.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    return FileReport(path: path, diagnostics: diagnostics)
}

public func severityName(_ s: FindingSeverity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .information: return "info"
    case .hint: return "hint"
    }
}
