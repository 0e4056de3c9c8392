import Foundation
import PolicyAnalysis

/// `policy-lsp check PATH…`: returns the process exit code.
public func runCheck(_ arguments: [String]) -> Int32 {
    let paths = arguments.filter { !$0.hasPrefix("-") }
    if let option = arguments.first(where: { $0.hasPrefix("-") }) {
        FileHandle.standardError.write(Data("policy-lsp: check: unknown option \(option)\n".utf8))
        return 2
    }
    guard !paths.isEmpty else {
        FileHandle.standardError.write(Data("policy-lsp: check: give at least one file or folder\n".utf8))
        return 2
    }
    let files: [String]
    do {
        files = try collectFiles(paths)
    } catch {
        FileHandle.standardError.write(Data("policy-lsp: \(error)\n".utf8))
        return 2
    }
    var warnings = 0, errors = 0, ioErrors = 0
    var out = ""
    for file in files {
        let contents: String
        do {
            contents = try readUTF8(file)
        } catch {
            FileHandle.standardError.write(Data("policy-lsp: \(error)\n".utf8))
            ioErrors += 1
            continue
        }
        let report = check(path: file, contents: contents)
        for d in report.diagnostics {
            out += "\(file):\(d.line):\(d.column): \(severityName(d.severity)): \(d.message) [\(d.code)]\n"
            if d.severity == .error { errors += 1 } else if d.severity == .warning { warnings += 1 }
        }
        if out.utf8.count > 1 << 16 {
            FileHandle.standardOutput.write(Data(out.utf8))
            out = ""
        }
    }
    out += "\(files.count) files, \(warnings) warnings, \(errors) errors\n"
    FileHandle.standardOutput.write(Data(out.utf8))
    if ioErrors > 0 { return 2 }
    return warnings + errors > 0 ? 1 : 0
}
