import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    /// The alias under the cursor and the inner ranges (without 《》 or quotes) of all its occurrences.
    func aliasOccurrences(_ ctx: FeatureContext, offset: Int) -> (alias: AliasDefinition, inner: ScalarRange, all: [ScalarRange])? {
        guard let ref = ctx.entities.entity(at: offset) else { return nil }
        let aliasIndex: Int?
        switch ref.kind {
        case .aliasDefinition, .aliasUse: aliasIndex = ref.index
        case .policy: aliasIndex = ctx.entities.mentionAlias[ref.index]
        default: aliasIndex = nil
        }
        guard let a = aliasIndex else { return nil }
        let alias = ctx.model.aliases[a]
        var inner = Set<ScalarRange>()
        for r in ctx.entities.aliasOccurrences(a) {
            if let i = innerRange(r, ctx.text.scalars, name: alias.alias) { inner.insert(i) }
        }
        let sorted = inner.sorted { $0.lowerBound < $1.lowerBound }
        guard let hit = innerRange(ref.range, ctx.text.scalars, name: alias.alias) ?? sorted.first(where: { $0.contains(offset) }) else { return nil }
        return (alias, hit, sorted)
    }

    /// The abbreviation's own text inside a range that may include 《》 or quotes.
    func innerRange(_ r: ScalarRange, _ s: [Unicode.Scalar], name: String) -> ScalarRange? {
        guard r.lowerBound >= 0, r.upperBound <= s.count, !r.isEmpty else { return nil }
        var lo = r.lowerBound, hi = r.upperBound
        let open: Set<Unicode.Scalar> = ["《", "“", "\"", "「", "‘"]
        let close: Set<Unicode.Scalar> = ["》", "”", "\"", "」", "’"]
        if open.contains(s[lo]) { lo += 1 }
        if hi > lo, close.contains(s[hi - 1]) { hi -= 1 }
        return hi > lo ? lo..<hi : nil
    }

    func prepareRename(_ params: TextDocumentPositionParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        // null tells the client that nothing here can be renamed (only abbreviations can).
        guard let found = aliasOccurrences(ctx, offset: offset) else { return EncodedJSON.null }
        return try EncodedJSON(encoding: PrepareRenameResult(range: ctx.range(found.inner), placeholder: found.alias.alias))
    }

    /// Renames an abbreviation at its definition and every use in its scope.
    func rename(_ params: RenameParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        guard let found = aliasOccurrences(ctx, offset: offset) else {
            throw ResponseError(code: ErrorCode.requestFailed, message: "只能重命名简称 (only abbreviations can be renamed)")
        }
        let name = params.newName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { "《》\n\r“”\"".unicodeScalars.contains($0) }) else {
            throw ResponseError.invalidParams("新简称不能为空或含书名号、引号、换行 (invalid abbreviation)")
        }
        let edits = found.all.map { TextEdit(range: ctx.range($0), newText: name) }
        return try EncodedJSON(encoding: WorkspaceEdit(changes: [ctx.uri: edits]))
    }

    /// After 《: the titles the workspace knows, completing the closing 》 when it is missing.
    func completion(_ params: TextDocumentPositionParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        let s = ctx.text.scalars
        var open: Int?
        var i = offset - 1
        while i >= 0, offset - i <= 80 {
            if s[i] == "《" { open = i; break }
            if s[i] == "》" || s[i] == "\n" || s[i] == "\r" { break }
            i -= 1
        }
        guard let start = open else { return try EncodedJSON(encoding: CompletionList(isIncomplete: false, items: [])) }
        let typed = String(String.UnicodeScalarView(s[(start + 1)..<offset]))
        let closes = offset < s.count && s[offset] == "》"
        var candidates: [(title: String, detail: String?)] = []
        var seen = Set<String>()
        // This document's own titles first (live), then the workspace's.
        for (k, p) in ctx.model.policies.enumerated() where !p.isMedia && ctx.entities.mentionAlias[k] == nil {
            let key = ctx.entities.mentionKey[k]
            guard seen.insert(key).inserted, WorkspaceIndex.matches(typed, p.title) else { continue }
            candidates.append((p.title, [p.kind?.rawValue, p.issuer].compactMap { $0 }.joined(separator: " · ")))
        }
        for f in currentIndex.titles(matching: typed) where seen.insert(f.key).inserted {
            candidates.append((f.title, [f.kind?.rawValue, f.issuer].compactMap { $0 }.joined(separator: " · ")))
        }
        let replace = ctx.range((start + 1)..<offset)
        let items = candidates.prefix(200).enumerated().map { n, c in
            CompletionItem(label: c.title, kind: .reference, detail: (c.detail?.isEmpty ?? true) ? nil : c.detail,
                           documentation: nil, filterText: c.title, sortText: String(format: "%04d", n),
                           textEdit: TextEdit(range: replace, newText: closes ? c.title : c.title + "》"))
        }
        return try EncodedJSON(encoding: CompletionList(isIncomplete: false, items: Array(items)))
    }
}

extension WorkspaceIndex {
    static func matches(_ query: String, _ name: String) -> Bool {
        match(Array(PolicyKey.key(query).unicodeScalars), name) != nil
    }
}
