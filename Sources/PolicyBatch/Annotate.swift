import Foundation
import PolicyAnalysis
import PolicyConfiguration
import PolicyText

/// One thing the analysis found, flattened for export.
public struct Entity: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case policy, alias, programme, figure, date, organization }
    public var kind: Kind
    public var range: ScalarRange
    /// Kind-specific fields in a fixed order; values already JSON-encoded (strings quoted).
    public var fields: [(String, String)]
    /// For aliases: where the abbreviation is defined.
    public var definition: ScalarRange?

    public static func == (a: Entity, b: Entity) -> Bool {
        a.kind == b.kind && a.range == b.range && a.definition == b.definition
            && a.fields.map(\.0) == b.fields.map(\.0) && a.fields.map(\.1) == b.fields.map(\.1)
    }

    func field(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
}

/// Exact decimal text, never with an exponent or binary-float noise (1697.2 亿 → "169720000000").
public func decimalString(_ d: Decimal) -> String {
    if d.isNaN { return "NaN" }
    return d.description
}

public enum EntityExtractor {
    /// Every entity of the model, ordered by where it starts (then by kind).
    public static func entities(of model: DocumentModel) -> [Entity] {
        var out: [Entity] = []
        func q(_ s: String?) -> String? { s.map(JSONText.quote) }
        for p in model.policies {
            var f: [(String, String)] = [("title", JSONText.quote(p.title))]
            if let k = p.kind { f.append(("policyKind", JSONText.quote(k.rawValue))) }
            if p.isMedia { f.append(("isMedia", "true")) }
            if let i = p.aliasIndex, i >= 0, i < model.aliases.count {
                f.append(("canonical", JSONText.quote(model.aliases[i].fullTitle)))
            }
            for (name, value) in [("issuer", p.issuer), ("period", p.period), ("region", p.region), ("date", p.date)] {
                if let v = q(value) { f.append((name, v)) }
            }
            out.append(Entity(kind: .policy, range: p.range, fields: f,
                              definition: p.aliasIndex.flatMap { $0 >= 0 && $0 < model.aliases.count ? model.aliases[$0].definitionRange : nil }))
        }
        for a in model.aliases {
            let f: [(String, String)] = [("alias", JSONText.quote(a.alias)), ("canonical", JSONText.quote(a.fullTitle))]
            out.append(Entity(kind: .alias, range: a.definitionRange, fields: f + [("role", "\"definition\"")], definition: a.definitionRange))
            for use in a.uses {
                out.append(Entity(kind: .alias, range: use, fields: f + [("role", "\"use\"")], definition: a.definitionRange))
            }
        }
        for p in model.programmes {
            out.append(Entity(kind: .programme, range: p.range, fields: [("name", JSONText.quote(p.name))]))
        }
        for g in model.figures {
            var f: [(String, String)] = [("value", JSONText.quote(decimalString(g.value)))]
            if let u = g.upperValue { f.append(("upperValue", JSONText.quote(decimalString(u)))) }
            if let u = q(g.unit) { f.append(("unit", u)) }
            f.append(("shape", JSONText.quote(g.shape.rawValue)))
            if let v = g.qualifier { f.append(("qualifier", JSONText.quote(v.rawValue))) }
            if let v = q(g.metric) { f.append(("metric", v)) }
            if let v = q(g.timeContext) { f.append(("period", v)) }
            out.append(Entity(kind: .figure, range: g.range, fields: f))
        }
        for d in model.dates {
            out.append(Entity(kind: .date, range: d.range, fields: [("value", JSONText.quote(d.normalized))]))
        }
        for o in model.organizations {
            var f: [(String, String)] = [("canonical", JSONText.quote(o.canonical)), ("type", JSONText.quote(o.type.rawValue))]
            if let p = q(o.parent) { f.append(("parent", p)) }
            out.append(Entity(kind: .organization, range: o.range, fields: f))
        }
        let order = Dictionary(uniqueKeysWithValues: Entity.Kind.allCases.enumerated().map { ($1, $0) })
        // Stable: equal starts keep kind order, then extent.
        return out.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.range.lowerBound != y.range.lowerBound { return x.range.lowerBound < y.range.lowerBound }
            if x.kind != y.kind { return order[x.kind, default: 0] < order[y.kind, default: 0] }
            if x.range.upperBound != y.range.upperBound { return x.range.upperBound < y.range.upperBound }
            return a.offset < b.offset
        }.map(\.element)
    }
}

public enum AnnotateFormat: String, Sendable, CaseIterable { case json, jsonl, csv }

/// Renders one file's entities in a format; positions in `encoding`, zero-based like LSP.
public struct AnnotationRenderer: Sendable {
    public var format: AnnotateFormat
    public var encoding: PositionEncoding
    public init(format: AnnotateFormat, encoding: PositionEncoding = .utf16) {
        self.format = format
        self.encoding = encoding
    }

    public static let csvHeader = ["file", "kind", "text", "startLine", "startCharacter", "endLine", "endCharacter",
                                   "value", "unit", "qualifier", "metric", "canonical", "issuer", "period", "definition"]

    public func render(path: String, scalars: [Unicode.Scalar], model: DocumentModel) -> String {
        let lines = DocumentText(scalars: scalars)
        let entities = EntityExtractor.entities(of: model)
        func clamp(_ r: ScalarRange) -> ScalarRange {
            let lo = max(0, min(r.lowerBound, scalars.count))
            return lo..<max(lo, min(r.upperBound, scalars.count))
        }
        func pos(_ o: Int) -> TextPosition { lines.position(at: o, encoding: encoding) }
        func rangeJSON(_ r: ScalarRange) -> String {
            let r = clamp(r)
            let s = pos(r.lowerBound), e = pos(r.upperBound)
            return "{\"start\":{\"line\":\(s.line),\"character\":\(s.character)},\"end\":{\"line\":\(e.line),\"character\":\(e.character)}}"
        }
        func text(_ r: ScalarRange) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[clamp(r)])
            return String(v)
        }
        func entityJSON(_ e: Entity, withFile: Bool) -> String {
            var members: [(String, String?)] = []
            if withFile { members.append(("file", JSONText.quote(path))) }
            members.append(("kind", JSONText.quote(e.kind.rawValue)))
            members.append(("text", JSONText.quote(text(e.range))))
            members.append(("range", rangeJSON(e.range)))
            for (k, v) in e.fields { members.append((k, v)) }
            if let d = e.definition { members.append(("definition", rangeJSON(d))) }
            return JSONText.object(members)
        }
        switch format {
        case .json:
            let outline = model.structure.articles.map { a -> String in
                let sections = a.sections.map { s in
                    JSONText.object([("title", JSONText.quote(s.title)), ("level", "\(s.level)"),
                                     ("titleRange", rangeJSON(s.titleRange)), ("range", rangeJSON(s.range))])
                }
                let enumerations = a.enumerations.map { en in
                    JSONText.object([("style", JSONText.quote(en.style.rawValue)), ("items", JSONText.array(en.items.map { it in
                        JSONText.object([("ordinal", "\(it.ordinal)"), ("marker", JSONText.quote(it.marker)),
                                         ("summary", JSONText.quote(it.summary)), ("range", rangeJSON(it.range))])
                    }))])
                }
                return JSONText.object([
                    ("headline", a.headline.map(JSONText.quote)), ("headlineRange", a.headlineRange.map(rangeJSON)),
                    ("byline", a.byline.map(JSONText.quote)), ("range", rangeJSON(a.range)),
                    ("sections", JSONText.array(sections)), ("enumerations", JSONText.array(enumerations)),
                ])
            }
            return JSONText.object([
                ("file", JSONText.quote(path)), ("positionEncoding", JSONText.quote(encoding.rawValue)),
                ("entities", "[" + entities.map { entityJSON($0, withFile: false) }.joined(separator: ",\n") + "]"),
                ("outline", JSONText.array(outline)),
            ])
        case .jsonl:
            return entities.map { entityJSON($0, withFile: true) + "\n" }.joined()
        case .csv:
            return entities.map { e -> String in
                let r = clamp(e.range)
                let s = pos(r.lowerBound), en = pos(r.upperBound)
                func plain(_ name: String) -> String {
                    guard let v = e.field(name) else { return "" }
                    // Fields hold JSON literals; CSV wants the bare string.
                    if v.hasPrefix("\""), let data = v.data(using: .utf8),
                       let s = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String { return s }
                    return v
                }
                var definition = ""
                if let d = e.definition {
                    let d = clamp(d)
                    let a = pos(d.lowerBound), b = pos(d.upperBound)
                    definition = "\(a.line):\(a.character)-\(b.line):\(b.character)"
                }
                let canonical = e.kind == .programme ? plain("name") : plain("canonical")
                return CSVText.record([path, e.kind.rawValue, text(e.range), "\(s.line)", "\(s.character)", "\(en.line)", "\(en.character)",
                                       plain("value"), plain("unit"), plain("qualifier"), plain("metric"), canonical,
                                       plain("issuer"), plain("period"), definition])
            }.joined()
        }
    }
}
