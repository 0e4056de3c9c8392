import Foundation
import PolicyAnalysis

/// `.policy-lsp.json`: the project settings both the batch commands and the server read.
///
/// ```json
/// { "rules": {"sum-mismatch": "error", "unbalanced-mark": "off"},
///   "disabledRules": ["year-typo"],
///   "organizations": [{"canonical": "江苏省工业和信息化厅", "shortForms": ["省工信厅"], "type": "government",
///                      "parent": "江苏省人民政府"}],
///   "ignoreAbbreviations": ["《方案》"], "locale": "en", "inlayHints": true }
/// ```
public struct Configuration: Sendable, Equatable {
    public enum RuleSetting: String, Sendable, Equatable {
        case off, error, warning, information, hint
        /// nil for `off`.
        public var severity: FindingSeverity? {
            switch self {
            case .off: return nil
            case .error: return .error
            case .warning: return .warning
            case .information: return .information
            case .hint: return .hint
            }
        }
    }

    public enum Locale: String, Sendable, Equatable { case zh, en }

    public struct Organization: Sendable, Equatable {
        public var canonical: String
        public var shortForms: [String]
        public var type: OrganizationType
        public var parent: String?
        public init(canonical: String, shortForms: [String] = [], type: OrganizationType = .other, parent: String? = nil) {
            self.canonical = canonical
            self.shortForms = shortForms
            self.type = type
            self.parent = parent
        }
    }

    public var rules: [String: RuleSetting] = [:]
    public var disabledRules: Set<String> = []
    public var organizations: [Organization] = []
    public var ignoreAbbreviations: [String] = []
    public var locale: Locale = .zh
    public var inlayHints: Bool = true
    /// Where the settings came from (nil: defaults).
    public var source: String?
    /// Keys this version does not know; reported as notes, not errors, so newer configs still load.
    public var unknownKeys: [String] = []

    public init() {}

    public static let fileName = ".policy-lsp.json"
    /// Bigger than any sensible configuration; guards the parser against a wrong file.
    public static let maxFileSize = 1 << 20

    /// `organizations` as entries for `OrganizationRecognizer.recognize(in:articles:extraLexicon:)`.
    public var lexiconEntries: [LexiconEntry] {
        organizations.map { LexiconEntry(canonical: $0.canonical, shortForms: $0.shortForms, type: $0.type, parent: $0.parent) }
    }

    // MARK: Applying

    /// The severity a finding is reported with, or nil when its rule is off.
    public func severity(for finding: Finding) -> FindingSeverity? {
        if disabledRules.contains(finding.code) { return nil }
        if let setting = rules[finding.code] { return setting.severity }
        return finding.severity
    }

    public func message(for finding: Finding) -> String {
        switch locale {
        case .zh: return finding.message.isEmpty ? finding.messageEnglish : finding.message
        case .en: return finding.messageEnglish.isEmpty ? finding.message : finding.messageEnglish
        }
    }

    /// Findings with configured severities and messages; disabled ones and those on ignored
    /// abbreviations are dropped. `text` is the source the ranges index.
    public func apply(to findings: [Finding], text: [Unicode.Scalar]) -> [Finding] {
        var out: [Finding] = []
        out.reserveCapacity(findings.count)
        for var f in findings {
            guard let s = severity(for: f) else { continue }
            if !ignoreAbbreviations.isEmpty, isIgnoredAbbreviation(f.range, in: text) { continue }
            f.severity = s
            f.message = message(for: f)
            out.append(f)
        }
        return out
    }

    /// The model without aliases the project chose to ignore, and with configured findings.
    public func apply(to model: DocumentModel, text: [Unicode.Scalar]) -> DocumentModel {
        var m = model
        m.findings = apply(to: model.findings, text: text)
        if !ignoreAbbreviations.isEmpty {
            let ignored = Set(ignoreAbbreviations.map(Configuration.bare))
            var keep: [Int?] = []
            var aliases: [AliasDefinition] = []
            for a in model.aliases {
                if ignored.contains(Configuration.bare(a.alias)) {
                    keep.append(nil)
                } else {
                    keep.append(aliases.count)
                    aliases.append(a)
                }
            }
            m.aliases = aliases
            m.policies = model.policies.map { p in
                var p = p
                if let k = p.aliasIndex { p.aliasIndex = k < keep.count ? keep[k] : nil }
                return p
            }
        }
        return m
    }

    /// 《方案》, “方案” and 方案 name the same abbreviation.
    static func bare(_ s: String) -> String {
        let marks: Set<Character> = ["《", "》", "“", "”", "\"", "「", "」"]
        return String(s.filter { !marks.contains($0) })
    }

    private func isIgnoredAbbreviation(_ range: Range<Int>, in text: [Unicode.Scalar]) -> Bool {
        let lo = max(0, min(range.lowerBound, text.count)), hi = max(lo, min(range.upperBound, text.count))
        guard hi - lo <= 200 else { return false }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: text[lo..<hi])
        let bare = Configuration.bare(String(s))
        return ignoreAbbreviations.contains { Configuration.bare($0) == bare }
    }

    // MARK: Discovery and loading

    /// The nearest `.policy-lsp.json` in `directory` or one of its parents.
    public static func discover(from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        for _ in 0..<256 {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
        return nil
    }

    /// Reads and validates a configuration file.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError(path: path, location: nil, message: "cannot read the configuration file")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxFileSize + 1)) ?? Data()
        if data.count > maxFileSize {
            throw ConfigurationError(path: path, location: nil, message: "larger than \(maxFileSize) bytes: not a configuration file")
        }
        var config = try parse(Array(data), path: path)
        config.source = path
        return config
    }

    /// The configuration for a run: an explicit file, else the nearest one, else the defaults.
    public static func resolve(explicit: String?, from directory: String = FileManager.default.currentDirectoryPath)
        throws(ConfigurationError) -> Configuration {
        if let explicit { return try load(path: explicit) }
        if let found = discover(from: directory) { return try load(path: found) }
        return Configuration()
    }

    public static func parse(_ bytes: [UInt8], path: String = "<config>") throws(ConfigurationError) -> Configuration {
        let root: JSONNode
        let rootAt: SourceLocation
        do {
            (root, rootAt) = try JSONParser.parse(bytes)
        } catch {
            throw ConfigurationError(path: path, location: error.location, message: error.message)
        }
        func fail(_ at: SourceLocation, _ message: String) -> ConfigurationError {
            ConfigurationError(path: path, location: at, message: message)
        }
        guard case .object(let members) = root else {
            throw fail(rootAt, "the configuration must be a JSON object, not \(root.typeName)")
        }
        var c = Configuration()
        func strings(_ node: JSONNode, _ at: SourceLocation, _ key: String) throws(ConfigurationError) -> [String] {
            guard case .array(let items) = node else { throw fail(at, "\"\(key)\" must be an array of strings, not \(node.typeName)") }
            var out: [String] = []
            for (item, itemAt) in items {
                guard case .string(let s) = item else { throw fail(itemAt, "\"\(key)\" must contain strings, not \(item.typeName)") }
                out.append(s)
            }
            return out
        }
        for (key, value, at) in members {
            switch key {
            case "$schema", "//", "comment":
                continue
            case "rules":
                guard case .object(let rules) = value else { throw fail(at, "\"rules\" must be an object of rule code → severity, not \(value.typeName)") }
                for (code, setting, settingAt) in rules {
                    guard case .string(let s) = setting else {
                        throw fail(settingAt, "rule \"\(code)\": expected \"off\", \"error\", \"warning\", \"information\" or \"hint\", not \(setting.typeName)")
                    }
                    let normalized = s.lowercased() == "info" ? "information" : s.lowercased()
                    guard let r = RuleSetting(rawValue: normalized) else {
                        throw fail(settingAt, "rule \"\(code)\": unknown severity \"\(s)\"; use off, error, warning, information or hint")
                    }
                    c.rules[code] = r
                }
            case "disabledRules":
                c.disabledRules = Set(try strings(value, at, key))
            case "ignoreAbbreviations":
                c.ignoreAbbreviations = try strings(value, at, key)
            case "locale":
                guard case .string(let s) = value else { throw fail(at, "\"locale\" must be \"zh\" or \"en\", not \(value.typeName)") }
                let lang = s.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
                guard let l = Locale(rawValue: lang) else { throw fail(at, "\"locale\" must be \"zh\" or \"en\", not \"\(s)\"") }
                c.locale = l
            case "inlayHints":
                guard case .bool(let b) = value else { throw fail(at, "\"inlayHints\" must be true or false, not \(value.typeName)") }
                c.inlayHints = b
            case "organizations":
                guard case .array(let items) = value else { throw fail(at, "\"organizations\" must be an array of objects, not \(value.typeName)") }
                for (item, itemAt) in items {
                    guard case .object(let fields) = item else {
                        throw fail(itemAt, "each organization must be an object with \"canonical\", not \(item.typeName)")
                    }
                    var org = Organization(canonical: "")
                    for (fk, fv, fAt) in fields {
                        switch fk {
                        case "canonical":
                            guard case .string(let s) = fv, !s.isEmpty else { throw fail(fAt, "\"canonical\" must be a non-empty string") }
                            org.canonical = s
                        case "shortForms":
                            org.shortForms = try strings(fv, fAt, "shortForms")
                        case "type":
                            guard case .string(let s) = fv, let t = OrganizationType(rawValue: s) else {
                                throw fail(fAt, "\"type\" must be one of government, party, company, association, institute, university, media, bank, consultancy, other")
                            }
                            org.type = t
                        case "parent":
                            guard case .string(let s) = fv else { throw fail(fAt, "\"parent\" must be a string, not \(fv.typeName)") }
                            org.parent = s
                        default:
                            c.unknownKeys.append("organizations[].\(fk)")
                        }
                    }
                    if org.canonical.isEmpty { throw fail(itemAt, "an organization needs a \"canonical\" name") }
                    c.organizations.append(org)
                }
            default:
                c.unknownKeys.append(key)
            }
        }
        return c
    }
}

/// A configuration that cannot be used; `description` reads `path:line:column: message`.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var location: SourceLocation?
    public var message: String
    public var description: String {
        if let location { return "\(path):\(location.line):\(location.column): \(message)" }
        return "\(path): \(message)"
    }
}
