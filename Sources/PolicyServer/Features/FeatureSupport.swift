import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

/// Everything a feature needs about one open document: its text, its entity index and the encoding.
struct FeatureContext {
    let uri: DocumentURI
    let text: DocumentText
    let entities: DocumentEntities
    let encoding: PositionEncoding
    var model: DocumentModel { entities.model }

    func range(_ r: ScalarRange) -> LSPRange { text.lspRange(r, encoding) }
    func location(_ r: ScalarRange) -> Location { Location(uri: uri, range: range(r)) }

    /// "第 3 行 (line 3)" for a reader (1-based).
    func whereText(_ offset: Int) -> String {
        let p = text.position(at: offset, encoding: encoding)
        return "第 \(p.line + 1) 行 (line \(p.line + 1), col \(p.character + 1))"
    }
}

extension LanguageServer {
    /// The entity index for the document's current version (built once per version).
    func featureContext(_ uri: DocumentURI) throws -> FeatureContext {
        let (document, model) = try currentModel(uri)
        if let cached = workspace.entities[uri], cached.version == document.version {
            return FeatureContext(uri: uri, text: document.text, entities: cached.entities, encoding: encoding)
        }
        let entities = DocumentEntities(model: model)
        workspace.entities[uri] = (document.version, entities)
        return FeatureContext(uri: uri, text: document.text, entities: entities, encoding: encoding)
    }

    func lspRange(_ r: FileRange) -> LSPRange {
        LSPRange(start: Position(line: r.start.line, character: r.start.character(encoding)),
                 end: Position(line: r.end.line, character: r.end.character(encoding)))
    }

    func location(_ hit: WorkspaceHit) -> Location {
        Location(uri: hit.file.uri, range: lspRange(hit.mention.range))
    }

    /// Hits from every indexed file except the one given (whose live model answers instead).
    func workspaceHits(key: String, kinds: Set<IndexedMention.Kind>, excluding uri: DocumentURI) -> [WorkspaceHit] {
        let id = WorkspaceScan.id(forURI: uri)
        return currentIndex.occurrences(key: key, kinds: kinds).filter { $0.file.id != id }
    }

    var markdownHover: Bool {
        guard let formats = clientCapabilities.hoverContentFormats, !formats.isEmpty else { return true }
        return formats.first == "markdown"
    }
}

/// Number formatting for readers: 169720000000 → "169,720,000,000".
enum NumberText {
    static func grouped(_ d: Decimal) -> String {
        var s = "\(d)"
        var sign = ""
        if s.hasPrefix("-") { sign = "-"; s.removeFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = Array(parts.first.map(String.init) ?? "0")
        var out = ""
        for (i, c) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return sign + out
    }

    static func scaleName(_ scale: Decimal) -> String? {
        switch scale {
        case 10: return "十"
        case 100: return "百"
        case 1_000: return "千"
        case 10_000: return "万"
        case 1_000_000: return "百万"
        case 10_000_000: return "千万"
        case 100_000_000: return "亿"
        case 1_000_000_000_000: return "万亿"
        default: return nil
        }
    }

    static func qualifierText(_ q: FigureQualifier) -> String {
        switch q {
        case .over: return "超过 (more than)"
        case .nearly: return "近 (nearly, just under)"
        case .about: return "约 (about)"
        case .more: return "余 (a little over)"
        }
    }

    static func qualifierSymbol(_ q: FigureQualifier?) -> String {
        switch q {
        case .over?, .more?: return "> "
        case .nearly?: return "≲ "
        case .about?: return "≈ "
        case nil: return "= "
        }
    }

    /// The exact value with its unit: "169,720,000,000 元", "16.6%", "1.9 个百分点", "3–5 个".
    static func value(_ f: Figure) -> String {
        let unit = f.unit ?? ""
        switch f.shape {
        case .percentage:
            if let up = f.upperValue { return "\(grouped(f.value))%–\(grouped(up))%" }
            return "\(grouped(f.value))%"
        case .percentagePoints:
            return "\(grouped(f.value)) 个百分点 (percentage points)"
        default:
            var v = grouped(f.value)
            if let up = f.upperValue { v += "–" + grouped(up) }
            return unit.isEmpty ? v : "\(v) \(unit)"
        }
    }
}

extension PolicyKind {
    var english: String {
        switch self {
        case .plan: return "plan"
        case .actionPlan: return "action plan"
        case .scheme: return "scheme"
        case .measures: return "measures"
        case .regulation: return "regulation"
        case .opinion: return "opinions"
        case .notice: return "notice"
        case .whitePaper: return "white paper"
        case .report: return "report"
        case .law: return "law"
        case .guide: return "guide"
        case .standard: return "standard"
        case .policyMeasures: return "policy measures"
        case .rules: return "detailed rules"
        case .decision: return "decision"
        case .catalogue: return "catalogue"
        case .list: return "list"
        case .outline: return "outline"
        case .other: return "other"
        }
    }
}

extension OrganizationType {
    var display: String {
        switch self {
        case .government: return "政府部门 (government)"
        case .party: return "党的机构 (party)"
        case .company: return "企业 (company)"
        case .association: return "协会 (association)"
        case .institute: return "研究机构 (institute)"
        case .university: return "高校 (university)"
        case .media: return "媒体 (media)"
        case .bank: return "银行 (bank)"
        case .consultancy: return "咨询机构 (consultancy)"
        case .other: return "其他 (other)"
        }
    }
}
