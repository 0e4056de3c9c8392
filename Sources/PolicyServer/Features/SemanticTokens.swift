import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

/// Semantic tokens: one token per entity and line (LSP tokens are single-line, so an entity that a hard
/// line break splits becomes one token per line), lengths in the negotiated encoding.
enum SemanticLegend {
    static let types = ["policy", "alias", "programme", "organization", "figure", "date"]
    static let modifiers = ["definition", "approximate", "inconsistent"]
    static let definition = 1, approximate = 2, inconsistent = 4
    static var json: JSONValue {
        .object(["tokenTypes": .array(types.map { .string($0) }), "tokenModifiers": .array(modifiers.map { .string($0) })])
    }
}

extension LanguageServer {
    func semanticTokensFull(_ params: TextDocumentParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let data = SemanticTokenBuilder(ctx: ctx).encode(in: nil)
        workspace.nextResultID += 1
        let id = "\(workspace.nextResultID)"
        workspace.tokens[ctx.uri] = (id, data)
        return EncodedJSON(encoding: SemanticTokens(resultId: id, data: data))
    }

    func semanticTokensRange(_ params: RangeParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let lo = ctx.text.clampedOffset(at: TextPosition(line: params.range.start.line, character: params.range.start.character), encoding: encoding)
        let hi = ctx.text.clampedOffset(at: TextPosition(line: params.range.end.line, character: params.range.end.character), encoding: encoding)
        let data = SemanticTokenBuilder(ctx: ctx).encode(in: min(lo, hi)..<max(lo, hi))
        return EncodedJSON(encoding: SemanticTokens(resultId: nil, data: data))
    }

    func semanticTokensDelta(_ params: SemanticTokensDeltaParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let data = SemanticTokenBuilder(ctx: ctx).encode(in: nil)
        workspace.nextResultID += 1
        let id = "\(workspace.nextResultID)"
        let previous = workspace.tokens[ctx.uri]
        workspace.tokens[ctx.uri] = (id, data)
        guard let previous, previous.id == params.previousResultId else {
            // Unknown base: send everything.
            return EncodedJSON(encoding: SemanticTokens(resultId: id, data: data))
        }
        return try EncodedJSON(encoding: SemanticTokensDelta(resultId: id, edits: Self.tokenEdits(from: previous.data, to: data)))
    }

    /// One edit covering the changed middle (common prefix and suffix kept), in whole tokens of 5.
    static func tokenEdits(from old: [Int], to new: [Int]) -> [SemanticTokensEdit] {
        var prefix = 0
        while prefix + 5 <= old.count, prefix + 5 <= new.count, old[prefix..<(prefix + 5)] == new[prefix..<(prefix + 5)] { prefix += 5 }
        var suffix = 0
        while suffix + 5 <= old.count - prefix, suffix + 5 <= new.count - prefix,
              old[(old.count - suffix - 5)..<(old.count - suffix)] == new[(new.count - suffix - 5)..<(new.count - suffix)] {
            suffix += 5
        }
        if prefix == old.count && prefix == new.count { return [] }
        let inserted = Array(new[prefix..<(new.count - suffix)])
        return [SemanticTokensEdit(start: prefix, deleteCount: old.count - suffix - prefix, data: inserted.isEmpty ? nil : inserted)]
    }
}

struct SemanticTokenBuilder {
    let ctx: FeatureContext

    struct Token { var line: Int; var start: Int; var length: Int; var type: Int; var modifiers: Int }

    func typeAndModifiers(_ ref: EntityRef, firstMentions: Set<Int>) -> (Int, Int)? {
        let model = ctx.model
        switch ref.kind {
        case .policy:
            let p = model.policies[ref.index]
            if p.isMedia { return nil }
            if let a = ctx.entities.mentionAlias[ref.index] {
                let isDef = model.aliases[a].definitionRange.overlaps(p.range)
                return (1, isDef ? SemanticLegend.definition : 0)
            }
            return (0, firstMentions.contains(ref.index) ? SemanticLegend.definition : 0)
        case .aliasDefinition: return (1, SemanticLegend.definition)
        case .aliasUse: return (1, 0)
        case .programme: return (2, 0)
        case .organization: return (3, 0)
        case .figure:
            let f = model.figures[ref.index]
            var m = 0
            if f.qualifier != nil || f.upperValue != nil { m |= SemanticLegend.approximate }
            if model.findings.contains(where: { $0.range.overlaps(f.range) }) { m |= SemanticLegend.inconsistent }
            return (4, m)
        case .date: return (5, 0)
        }
    }

    func tokens(in window: ScalarRange?) -> [Token] {
        var firstMentions = Set<Int>()
        var seenKeys = Set<String>()
        for (i, p) in ctx.model.policies.enumerated() where !p.isMedia && ctx.entities.mentionAlias[i] == nil {
            if seenKeys.insert(ctx.entities.mentionKey[i]).inserted { firstMentions.insert(i) }
        }
        let refs = window.map { ctx.entities.entities(overlapping: $0) } ?? ctx.entities.refs
        var out: [Token] = []
        var covered = 0  // tokens must not overlap: an entity inside an earlier one is skipped
        for ref in refs {
            guard ref.range.lowerBound >= covered, let (type, mods) = typeAndModifiers(ref, firstMentions: firstMentions) else { continue }
            covered = ref.range.upperBound
            let start = ctx.text.position(at: ref.range.lowerBound, encoding: ctx.encoding)
            let end = ctx.text.position(at: ref.range.upperBound, encoding: ctx.encoding)
            if start.line == end.line {
                if end.character > start.character {
                    out.append(Token(line: start.line, start: start.character, length: end.character - start.character, type: type, modifiers: mods))
                }
                continue
            }
            for line in start.line...end.line {
                let lineRange = ctx.text.lineRange(line)
                let lo = line == start.line ? ref.range.lowerBound : lineRange.lowerBound
                let hi = line == end.line ? ref.range.upperBound : lineRange.upperBound
                guard hi > lo else { continue }
                let a = ctx.text.position(at: lo, encoding: ctx.encoding)
                let b = ctx.text.position(at: hi, encoding: ctx.encoding)
                if b.line == a.line, b.character > a.character {
                    out.append(Token(line: a.line, start: a.character, length: b.character - a.character, type: type, modifiers: mods))
                }
            }
        }
        return out
    }

    func encode(in window: ScalarRange?) -> [Int] {
        var data: [Int] = []
        var lastLine = 0, lastStart = 0
        for t in tokens(in: window) {
            let dl = t.line - lastLine
            let ds = dl == 0 ? t.start - lastStart : t.start
            guard dl >= 0, ds >= 0 else { continue }
            data.append(contentsOf: [dl, ds, t.length, t.type, t.modifiers])
            lastLine = t.line
            lastStart = t.start
        }
        return data
    }
}
