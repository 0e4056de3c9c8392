import Foundation
import JSONRPC
import PolicyAnalysis
import PolicyConfiguration
import PolicyText

/// Settings from `initializationOptions` and the `policyLsp` configuration section.
struct ServerSettings: Sendable {
    /// Milliseconds to wait after a change before analysing, so bursts of typing analyse once.
    var diagnosticsDelayMs = 40
    var logToClient = false
    /// Per rule code: a severity, or nil for "off".
    var ruleSeverity: [String: FindingSeverity?] = [:]
    var locale: String?
    /// Inlay hints, each kind switchable: exact values after hard-to-read figures, full titles after abbreviations.
    var inlayFigures = true
    var inlayAbbreviations = true
    /// Background workspace index and its per-file size limit (bigger files are skipped).
    var workspaceIndexing = true
    var maxIndexedFileBytes = 8 * 1024 * 1024

    mutating func apply(_ value: JSONValue) {
        // Some clients (Helix, coc.nvim) send the whole configuration, `{"policyLsp": {…}}`, as
        // initializationOptions or didChangeConfiguration settings: read the section inside.
        if case .object? = value["policyLsp"], let section = value["policyLsp"] { apply(section) }
        if let ms = value["diagnosticsDelayMs"]?.intValue { diagnosticsDelayMs = max(0, min(ms, 5_000)) }
        if let b = value["logToClient"]?.boolValue { logToClient = b }
        if let l = value["locale"]?.stringValue { locale = l }
        if let hints = value["inlayHints"] {
            if let b = hints["figures"]?.boolValue { inlayFigures = b }
            if let b = hints["abbreviations"]?.boolValue { inlayAbbreviations = b }
        }
        if let index = value["workspaceIndex"] {
            if let b = index["enabled"]?.boolValue { workspaceIndexing = b }
            if let n = index["maxFileBytes"]?.intValue { maxIndexedFileBytes = max(1, n) }
        }
        if case .object(let rules)? = value["rules"] {
            for (code, setting) in rules {
                switch setting.stringValue?.lowercased() {
                case "off": ruleSeverity[code] = .some(nil)
                case "error": ruleSeverity[code] = .error
                case "warning": ruleSeverity[code] = .warning
                case "information", "info": ruleSeverity[code] = .information
                case "hint": ruleSeverity[code] = .hint
                default: break
                }
            }
        }
    }

    /// The severity a finding is published with, or nil when its rule is off.
    /// `.policy-lsp.json` found from the workspace root upward: the same file the CLI reads. The editor's
    /// own settings (`policyLsp` section) win over it where both set something.
    var project = Configuration()

    func severity(for finding: Finding) -> FindingSeverity? {
        if let configured = ruleSeverity[finding.code] { return configured }
        return project.severity(for: finding)
    }

    /// The findings to publish: the project file's abbreviations to ignore, then every severity.
    func publishable(_ findings: [Finding], text: [Unicode.Scalar]) -> [(Finding, FindingSeverity)] {
        var project = self.project
        project.rules = [:]
        project.disabledRules = []
        return project.apply(to: findings, text: text).compactMap { f in severity(for: f).map { (f, $0) } }
    }

    func prefersEnglish(clientLocale: String) -> Bool {
        if let locale { return locale.lowercased().hasPrefix("en") }
        if project.source != nil, project.locale == .en { return true }
        return clientLocale.lowercased().hasPrefix("en")
    }

    /// Analysis with the project's extra organizations.
    func analyze(_ scalars: [Unicode.Scalar]) -> DocumentModel {
        DocumentAnalyzer.analyze(scalars: scalars, extraLexicon: project.lexiconEntries)
    }

    /// Analyses reusing the unchanged articles of the previous analysis.
    func analyze(_ scalars: [Unicode.Scalar], reusing cache: inout AnalysisCache) -> DocumentModel {
        DocumentAnalyzer.analyze(scalars: scalars, extraLexicon: project.lexiconEntries, reusing: &cache)
    }

    /// Analyses reusing the unchanged articles of the previous analysis; nil when cancelled.
    func analyze(_ scalars: [Unicode.Scalar], reusing cache: inout AnalysisCache,
                 isCancelled: () -> Bool) -> DocumentModel? {
        DocumentAnalyzer.analyze(scalars: scalars, extraLexicon: project.lexiconEntries, reusing: &cache,
                                 isCancelled: isCancelled)
    }
}
