import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    func hover(_ params: TextDocumentPositionParams) throws -> JSONValue {
        let uri = params.textDocument.uri
        let (document, model) = try currentModel(uri)
        let offset = try document.text.offset(of: params.position, encoding)
        let markdown = clientCapabilities.hoverContentFormats?.first == "markdown"
            || clientCapabilities.hoverContentFormats == nil
        guard let (range, lines) = HoverBuilder(model: model, text: document.text, encoding: encoding)
            .hover(at: offset)
        else { return .null }
        let body = markdown
            ? lines.map { $0.markdown }.joined(separator: "\n\n")
            : lines.map { $0.plain }.joined(separator: "\n")
        let hover = Hover(contents: MarkupContent(kind: markdown ? "markdown" : "plaintext", value: body),
                          range: document.text.lspRange(range, encoding))
        return try JSONValue(encoding: hover)
    }
}

/// One line of hover text in both renderings.
struct HoverLine {
    var markdown: String
    var plain: String
    static func heading(_ s: String) -> HoverLine { HoverLine(markdown: "**\(s)**", plain: s) }
    static func field(_ name: String, _ value: String) -> HoverLine {
        HoverLine(markdown: "*\(name)*: \(value)", plain: "\(name): \(value)")
    }
}

/// Builds hover text for whatever entity lies under an offset.
struct HoverBuilder {
    let model: DocumentModel
    let text: DocumentText
    let encoding: PositionEncoding

    func hover(at offset: Int) -> (ScalarRange, [HoverLine])? {
        if let i = model.policies.firstIndex(where: { $0.range.contains(offset) }) {
            return (model.policies[i].range, policyLines(model.policies[i]))
        }
        return nil
    }

    func where_(_ offset: Int) -> String {
        let p = text.position(at: offset, encoding: encoding)
        return "第 \(p.line + 1) 行第 \(p.character + 1) 列 (line \(p.line + 1), column \(p.character + 1))"
    }

    func policyLines(_ mention: PolicyMention) -> [HoverLine] {
        var lines: [HoverLine] = []
        if let aliasIndex = mention.aliasIndex, model.aliases.indices.contains(aliasIndex) {
            let alias = model.aliases[aliasIndex]
            lines.append(.heading("《\(alias.fullTitle)》"))
            lines.append(.field("简称 abbreviation", "《\(alias.alias)》"))
            lines.append(.field("定义于 defined at", where_(alias.definitionRange.lowerBound)))
        } else {
            lines.append(.heading("《\(mention.title)》"))
        }
        if mention.isMedia {
            lines.append(.field("类别 kind", "媒体 (media, not a policy)"))
        } else if let kind = mention.kind {
            lines.append(.field("类别 kind", kind.rawValue))
        }
        if let issuer = mention.issuer { lines.append(.field("发布机构 issuer", issuer)) }
        if let date = mention.date { lines.append(.field("日期 date", date)) }
        if let period = mention.period { lines.append(.field("期限 period", period)) }
        let same = model.policies.filter { $0.title == mention.title }
        if let first = same.first {
            lines.append(.field("首次出现 first mention", where_(first.range.lowerBound)))
        }
        lines.append(.field("本文提及 mentions in this document", "\(same.count)"))
        return lines
    }
}
