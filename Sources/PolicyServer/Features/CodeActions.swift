import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

/// Quick fixes: replace a stated figure with the one a check computed, expand an abbreviation to its full
/// title, and insert a missing 以下简称 definition after the title an undefined abbreviation stands for.
extension LanguageServer {
    func codeActions(_ params: CodeActionParams) throws -> EncodedJSON {
        let uri = params.textDocument.uri
        let (document, model) = try currentModel(uri)
        let text = document.text
        let lower = try text.offset(of: params.range.start, encoding)
        let upper = max(lower, try text.offset(of: params.range.end, encoding))
        let english = settings.prefersEnglish(clientLocale: locale)
        if let only = params.context.only, !only.contains(where: { "quickfix".hasPrefix($0) || $0.hasPrefix("quickfix") }) {
            return EncodedJSON.emptyArray
        }
        var actions: [CodeAction] = []
        func edit(_ range: ScalarRange, _ newText: String) -> WorkspaceEdit {
            WorkspaceEdit(changes: [uri: [TextEdit(range: text.lspRange(range, encoding), newText: newText)]])
        }
        func overlaps(_ r: ScalarRange) -> Bool {
            r.lowerBound <= upper && lower <= r.upperBound
        }

        // 1. A check computed the right value: offer it in place of the stated one.
        for finding in model.findings where overlaps(finding.range) {
            guard let replacement = finding.suggestedReplacement else { continue }
            let original = text.slice(finding.range)
            guard original != replacement else { continue }
            let diagnostic = params.context.diagnostics.first { $0.code == finding.code }
            actions.append(CodeAction(
                title: english ? "Replace “\(original)” with the computed “\(replacement)”"
                               : "将“\(original)”改为计算值“\(replacement)”",
                kind: "quickfix", diagnostics: diagnostic.map { [$0] }, isPreferred: true,
                edit: edit(finding.range, replacement)))
        }

        // 2. An abbreviation in use: spell out the full title.
        for mention in model.policies where overlaps(mention.range) {
            guard let a = mention.aliasIndex, model.aliases.indices.contains(a) else { continue }
            let alias = model.aliases[a]
            guard mention.range != alias.definitionRange, !alias.fullTitle.isEmpty, alias.fullTitle != mention.title
            else { continue }
            let full = "《\(alias.fullTitle)》"
            actions.append(CodeAction(
                title: english ? "Expand 《\(mention.title)》 to \(full)" : "将《\(mention.title)》展开为\(full)",
                kind: "quickfix", edit: edit(mention.range, full)))
        }

        // 3. An abbreviation used without 以下简称: define it after the full title it most likely stands for
        //    (the checker stays silent when that title is in the same article, but the definition is still missing).
        for use in model.policies where overlaps(use.range) && use.aliasIndex == nil && !use.isMedia
            && PolicyTitleRecognizer.isAbbreviationShaped(use.title) {
            guard let full = definitionCandidate(for: use, in: model) else { continue }
            let insertion = "（以下简称《\(use.title)》）"
            let diagnostic = params.context.diagnostics.first { $0.code == DocumentModel.undefinedAliasCode }
            actions.append(CodeAction(
                title: english ? "Insert \(insertion) after 《\(full.title)》" : "在《\(full.title)》后插入\(insertion)",
                kind: "quickfix", diagnostics: diagnostic.map { [$0] },
                edit: edit(full.range.upperBound..<full.range.upperBound, insertion)))
        }
        return try EncodedJSON(encoding: actions)
    }

    /// The full title an undefined abbreviation most likely stands for: a full policy title of the same
    /// kind (报告 for 《报告》) or containing the abbreviation, nearest before the use, else nearest after.
    func definitionCandidate(for use: PolicyMention, in model: DocumentModel) -> PolicyMention? {
        let short = use.title
        let candidates = model.policies.filter { p in
            guard !p.isMedia, p.aliasIndex == nil, p.title != short, p.title.count > short.count else { return false }
            return p.title.hasSuffix(short) || p.title.contains(short) || (use.kind != nil && p.kind == use.kind)
        }
        let before = candidates.last { $0.range.upperBound <= use.range.lowerBound }
        return before ?? candidates.first { $0.range.lowerBound >= use.range.upperBound }
    }
}
