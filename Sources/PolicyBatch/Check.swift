import Foundation
import PolicyAnalysis
import PolicyConfiguration
import PolicyText

/// One finding with positions ready to print: 1-based lines, 1-based columns in characters (Unicode
/// scalars), plus the UTF-8 column reviewdog wants.
public struct PrintedDiagnostic: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var utf8Column: Int
    public var utf8EndColumn: Int
    public var severity: FindingSeverity
    public var code: String
    public var message: String
    /// English message, for rule descriptions in SARIF.
    public var messageEnglish: String
    public var suggestedReplacement: String?
}

public struct FileReport: Sendable {
    public var path: String
    public var diagnostics: [PrintedDiagnostic]
}

public enum OutputFormat: String, Sendable, CaseIterable { case text, json, sarif, rdjson }

public enum FailLevel: String, Sendable, CaseIterable {
    case error, warning, info
    func counts(_ s: FindingSeverity) -> Bool {
        switch self {
        case .error: return s == .error
        case .warning: return s <= .warning
        case .info: return s <= .information
        }
    }
}

public func severityName(_ s: FindingSeverity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .information: return "info"
    case .hint: return "hint"
    }
}

/// Analyses one text, applies the configuration and lists findings sorted by position.
public func check(path: String, scalars: [Unicode.Scalar], configuration: Configuration = Configuration(),
                  analyzer: Analyzer = defaultAnalyzer) -> FileReport {
    let model = analyzer(scalars)
    let findings = configuration.apply(to: model.findings, text: scalars)
    let lines = DocumentText(scalars: scalars)
    let diagnostics = findings.map { f -> PrintedDiagnostic in
        let lo = max(0, min(f.range.lowerBound, scalars.count))
        let hi = max(lo, min(f.range.upperBound, scalars.count))
        let s = lines.position(at: lo, encoding: .utf32)
        let e = lines.position(at: hi, encoding: .utf32)
        let s8 = lines.position(at: lo, encoding: .utf8)
        let e8 = lines.position(at: hi, encoding: .utf8)
        return PrintedDiagnostic(line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1,
                                 utf8Column: s8.character + 1, utf8EndColumn: e8.character + 1,
                                 severity: f.severity, code: f.code, message: f.message,
                                 messageEnglish: f.messageEnglish, suggestedReplacement: f.suggestedReplacement)
    }.sorted { ($0.line, $0.column, $0.endLine, $0.endColumn, $0.code) < ($1.line, $1.column, $1.endLine, $1.endColumn, $1.code) }
    return FileReport(path: path, diagnostics: diagnostics)
}

/// Totals of a check run and the exit code they imply.
public struct CheckTotals: Sendable, Equatable {
    public var files = 0
    public var skipped = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public var hints = 0
    public var failing = 0
    public var inputErrors = 0

    public var summaryLine: String {
        var s = "\(files) files, \(warnings) warnings, \(errors) errors"
        if skipped > 0 { s += " (\(skipped) skipped)" }
        return s
    }

    /// 2 when an input could not be checked, else 1 when a finding is at or above `--fail-on`, else 0.
    public var exitCode: Int32 { inputErrors > 0 ? 2 : failing > 0 ? 1 : 0 }
}

/// Streams check results in one format. `begin`, then `file` for each file in input order, then `end`.
public struct CheckPrinter {
    public let format: OutputFormat
    let out: OutputSink
    private var firstItem = true
    private var rules: [String: (index: Int, severity: FindingSeverity, english: String)] = [:]
    private var ruleOrder: [String] = []
    private var notifications: [InputProblem] = []
    private let baseDirectory: String

    public init(format: OutputFormat, out: OutputSink, baseDirectory: String = FileManager.default.currentDirectoryPath) {
        self.format = format
        self.out = out
        self.baseDirectory = baseDirectory
    }

    public mutating func begin() {
        switch format {
        case .text: break
        case .json: out.write("{\"files\":[")
        case .sarif:
            out.write("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{")
            out.write("\"columnKind\":\"unicodeCodePoints\",")
            out.write("\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\(JSONText.quote(fileURI(directory: baseDirectory)))}},")
            out.write("\"results\":[")
        case .rdjson:
            out.write("{\"source\":{\"name\":\"policy-lsp\"},\"diagnostics\":[")
        }
    }

    private mutating func separator() {
        if !firstItem { out.write(",") }
        firstItem = false
    }

    public mutating func file(_ report: FileReport) {
        switch format {
        case .text:
            for d in report.diagnostics {
                out.write("\(report.path):\(d.line):\(d.column): \(severityName(d.severity)): \(oneLine(d.message)) [\(d.code)]\n")
            }
        case .json:
            separator()
            let diags = report.diagnostics.map { d in
                JSONText.object([
                    ("line", "\(d.line)"), ("column", "\(d.column)"), ("endLine", "\(d.endLine)"), ("endColumn", "\(d.endColumn)"),
                    ("severity", JSONText.quote(severityName(d.severity))), ("code", JSONText.quote(d.code)),
                    ("message", JSONText.quote(d.message)),
                    ("suggestedReplacement", d.suggestedReplacement.map(JSONText.quote)),
                ])
            }
            out.write(JSONText.object([("file", JSONText.quote(report.path)), ("diagnostics", JSONText.array(diags))]))
        case .sarif:
            for d in report.diagnostics {
                let index = ruleIndex(d)
                separator()
                let region = JSONText.object([
                    ("startLine", "\(d.line)"), ("startColumn", "\(d.column)"),
                    ("endLine", "\(d.endLine)"), ("endColumn", "\(d.endColumn)"),
                ])
                let location = "{\"physicalLocation\":{\"artifactLocation\":\(artifactLocation(report.path)),\"region\":\(region)}}"
                out.write(JSONText.object([
                    ("ruleId", JSONText.quote(d.code)), ("ruleIndex", "\(index)"),
                    ("level", JSONText.quote(sarifLevel(d.severity))),
                    ("message", "{\"text\":\(JSONText.quote(d.message))}"),
                    ("locations", "[\(location)]"),
                ]))
            }
        case .rdjson:
            for d in report.diagnostics {
                separator()
                let range = "{\"start\":{\"line\":\(d.line),\"column\":\(d.utf8Column)},\"end\":{\"line\":\(d.endLine),\"column\":\(d.utf8EndColumn)}}"
                let suggestions = d.suggestedReplacement.map { "[{\"range\":\(range),\"text\":\(JSONText.quote($0))}]" }
                out.write(JSONText.object([
                    ("message", JSONText.quote(d.message)),
                    ("location", "{\"path\":\(JSONText.quote(report.path)),\"range\":\(range)}"),
                    ("severity", JSONText.quote(rdjsonSeverity(d.severity))),
                    ("code", "{\"value\":\(JSONText.quote(d.code))}"),
                    ("suggestions", suggestions),
                ]))
            }
        }
    }

    /// A file that could not be checked; machine formats keep it, text goes to stderr (by the caller).
    public mutating func problem(_ p: InputProblem) {
        notifications.append(p)
    }

    public mutating func end(totals: CheckTotals) {
        switch format {
        case .text:
            out.write(totals.summaryLine + "\n")
        case .json:
            let problems = notifications.map { p in
                JSONText.object([("file", JSONText.quote(p.path)), ("kind", JSONText.quote(p.kind.rawValue)), ("message", JSONText.quote(p.message))])
            }
            out.write("],\"problems\":\(JSONText.array(problems)),\"summary\":")
            out.write(JSONText.object([
                ("files", "\(totals.files)"), ("skipped", "\(totals.skipped)"), ("errors", "\(totals.errors)"),
                ("warnings", "\(totals.warnings)"), ("infos", "\(totals.infos)"), ("hints", "\(totals.hints)"),
                ("exitCode", "\(totals.exitCode)"),
            ]))
            out.write("}\n")
        case .sarif:
            out.write("],\"tool\":{\"driver\":{\"name\":\"policy-lsp\",\"version\":\(JSONText.quote(policyBatchVersion)),")
            out.write("\"rules\":[")
            for (k, code) in ruleOrder.enumerated() {
                if k > 0 { out.write(",") }
                let info = rules[code]
                let described = RuleCatalog.describe(code, example: info?.english ?? "")
                out.write(JSONText.object([
                    ("id", JSONText.quote(code)), ("name", JSONText.quote(RuleCatalog.camelName(code))),
                    ("shortDescription", "{\"text\":\(JSONText.quote(described.short))}"),
                    ("fullDescription", "{\"text\":\(JSONText.quote(described.full))}"),
                    ("help", "{\"text\":\(JSONText.quote(described.help)),\"markdown\":\(JSONText.quote(described.help))}"),
                    ("defaultConfiguration", "{\"level\":\(JSONText.quote(sarifLevel(info?.severity ?? .warning)))}"),
                ]))
            }
            out.write("]}},\"invocations\":[{\"executionSuccessful\":\(totals.inputErrors == 0)")
            if !notifications.isEmpty {
                let notes = notifications.map { p in
                    JSONText.object([
                        ("level", JSONText.quote(p.kind == .error ? "error" : "note")),
                        ("message", "{\"text\":\(JSONText.quote(p.message))}"),
                        ("locations", "[{\"physicalLocation\":{\"artifactLocation\":\(artifactLocation(p.path))}}]"),
                    ])
                }
                out.write(",\"toolExecutionNotifications\":\(JSONText.array(notes))")
            }
            out.write("}]}]}\n")
        case .rdjson:
            out.write("]}\n")
        }
    }

    private mutating func ruleIndex(_ d: PrintedDiagnostic) -> Int {
        if let r = rules[d.code] { return r.index }
        rules[d.code] = (ruleOrder.count, d.severity, d.messageEnglish)
        ruleOrder.append(d.code)
        return ruleOrder.count - 1
    }

    private func artifactLocation(_ path: String) -> String {
        if path.hasPrefix("/") { return "{\"uri\":\(JSONText.quote(fileURI(path: path)))}" }
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return "{\"uri\":\(JSONText.quote(percentEncode(p))),\"uriBaseId\":\"SRCROOT\"}"
    }
}

func oneLine(_ s: String) -> String {
    s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
}

func sarifLevel(_ s: FindingSeverity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .information, .hint: return "note"
    }
}

func rdjsonSeverity(_ s: FindingSeverity) -> String {
    switch s {
    case .error: return "ERROR"
    case .warning: return "WARNING"
    case .information, .hint: return "INFO"
    }
}

/// RFC 3986 path: unreserved characters and `/` stay, everything else (spaces, CJK) is %-encoded.
func percentEncode(_ path: String) -> String {
    var out = ""
    for b in path.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            let hex = String(b, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out
}

func fileURI(path: String) -> String { "file://" + percentEncode(path) }
func fileURI(directory: String) -> String {
    let d = directory.hasSuffix("/") ? directory : directory + "/"
    return fileURI(path: d)
}

public let policyBatchVersion = "0.1.0"

/// What SARIF viewers show for a rule. Codes the analysis adds later fall back to their first message.
public enum RuleCatalog {
    static let known: [String: (short: String, help: String)] = [
        "unbalanced-mark": ("Unbalanced title or quotation mark",
                            "A 《 without its 》 (or a quotation mark without its partner), often from PDF extraction. Close or remove the mark."),
        "sum-mismatch": ("Parts do not add up to the stated total",
                         "The figures listed as parts of a whole do not add up to the total the text states (e.g. 45 clusters, parts summing to 40)."),
        "year-typo": ("Implausible year", "A year outside any plausible range, often a page number glued to a date (32023年)."),
        "alias-undefined": ("Abbreviation used before it is defined", "An abbreviation such as 《行动计划》 is used with no 以下简称 definition in scope."),
        "alias-redefined": ("Abbreviation defined twice", "The same 以下简称 abbreviation stands for two different titles in one scope."),
        "percentage-mismatch": ("Percentage does not match its figures", "A stated percentage or growth rate disagrees with the figures it is computed from."),
        "count-mismatch": ("Announced count does not match the list", "The text announces a number of points (三方面, 五大) but lists a different number."),
        "enumeration-gap": ("Enumeration skips or repeats a number", "Enumerated points (一是, 二是 …) skip or repeat an ordinal."),
    ]

    public static func describe(_ code: String, example: String) -> (short: String, full: String, help: String) {
        if let k = known[code] { return (k.short, k.help, k.help + " Rule code: " + code + ".") }
        let short = example.isEmpty ? code : String(example.prefix(120))
        return (short, short, "policy-lsp rule '\(code)'. Example message: \(example.isEmpty ? code : example)")
    }

    /// `sum-mismatch` → `SumMismatch` (SARIF `name` is an identifier-like label).
    public static func camelName(_ code: String) -> String {
        code.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
