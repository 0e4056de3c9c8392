import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    func documentSymbols(_ params: TextDocumentParams) throws -> JSONValue {
        let uri = params.textDocument.uri
        let (document, model) = try currentModel(uri)
        let tree = OutlineBuilder(model: model, text: document.text, encoding: encoding).symbols()
        if clientCapabilities.hierarchicalDocumentSymbols {
            return try JSONValue(encoding: tree)
        }
        var flat: [SymbolInformation] = []
        func flatten(_ symbols: [DocumentSymbol], container: String?) {
            for s in symbols {
                flat.append(SymbolInformation(name: s.name, kind: s.kind, location: Location(uri: uri, range: s.range),
                                              containerName: container))
                flatten(s.children ?? [], container: s.name)
            }
        }
        flatten(tree, container: nil)
        return try JSONValue(encoding: flat)
    }
}

/// The outline: articles (by headline) → sections and enumerated points → the policies introduced there.
struct OutlineBuilder {
    let model: DocumentModel
    let text: DocumentText
    let encoding: PositionEncoding

    func symbols() -> [DocumentSymbol] {
        // Only a title's first mention in the document is an outline entry: repeats are noise.
        var seen = Set<String>()
        let firstMentions = model.policies.filter { !$0.isMedia && $0.aliasIndex == nil && seen.insert($0.title).inserted }
        var placed = Array(repeating: false, count: firstMentions.count)

        func policies(in range: ScalarRange) -> [DocumentSymbol] {
            var out: [DocumentSymbol] = []
            for (i, p) in firstMentions.enumerated() where !placed[i] && range.contains(p.range.lowerBound) {
                placed[i] = true
                out.append(symbol(for: p))
            }
            return out
        }

        var result: [DocumentSymbol] = []
        for (index, article) in model.structure.articles.enumerated() {
            var children: [DocumentSymbol] = []
            for section in article.sections {
                let inner = policies(in: section.range)
                children.append(DocumentSymbol(
                    name: section.title, detail: nil, kind: .namespace,
                    range: text.lspRange(section.range, encoding),
                    selectionRange: text.lspRange(section.titleRange, encoding),
                    children: inner.isEmpty ? nil : inner))
            }
            for enumeration in article.enumerations {
                for item in enumeration.items {
                    let inner = policies(in: item.range)
                    children.append(DocumentSymbol(
                        name: "\(item.marker) \(item.summary)", detail: nil, kind: .enumMember,
                        range: text.lspRange(item.range, encoding),
                        selectionRange: text.lspRange(item.markerRange, encoding),
                        children: inner.isEmpty ? nil : inner))
                }
            }
            children.append(contentsOf: policies(in: article.range))
            children.sort { ($0.range.start.line, $0.range.start.character) < ($1.range.start.line, $1.range.start.character) }
            let name = article.headline ?? "第 \(index + 1) 篇 (article \(index + 1))"
            result.append(DocumentSymbol(
                name: name, detail: article.byline, kind: .module,
                range: text.lspRange(article.range, encoding),
                selectionRange: text.lspRange(article.headlineRange ?? article.range.lowerBound..<article.range.lowerBound, encoding),
                children: children.isEmpty ? nil : children))
        }
        // Policies outside any article (no structure found) stand at the top level.
        for (i, p) in firstMentions.enumerated() where !placed[i] {
            result.append(symbol(for: p))
        }
        result.sort { ($0.range.start.line, $0.range.start.character) < ($1.range.start.line, $1.range.start.character) }
        return result
    }

    func symbol(for p: PolicyMention) -> DocumentSymbol {
        let range = text.lspRange(p.range, encoding)
        return DocumentSymbol(name: "《\(p.title)》", detail: p.kind?.rawValue, kind: .file,
                              range: range, selectionRange: range, children: nil)
    }
}
