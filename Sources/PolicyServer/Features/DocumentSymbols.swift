import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    func documentSymbols(_ params: TextDocumentParams) throws -> EncodedJSON {
        let uri = params.textDocument.uri
        if let document = documents[uri], document.model != nil, document.modelVersion == document.version,
           let outline = document.outline {
            return outline
        }
        let outline = try buildDocumentSymbols(uri)
        // Kept with the model it was built from: a new model (an edit, new settings) drops it.
        documents[uri]?.outline = outline
        return outline
    }

    private func buildDocumentSymbols(_ uri: DocumentURI) throws -> EncodedJSON {
        let ctx = try featureContext(uri)
        let tree = OutlineBuilder(ctx: ctx).symbols()
        if clientCapabilities.hierarchicalDocumentSymbols {
            return EncodedJSON(encoding: tree)
        }
        var flat: [SymbolInformation] = []
        func flatten(_ symbols: [DocumentSymbol], container: String?) {
            for s in symbols {
                flat.append(SymbolInformation(name: s.name, kind: s.kind, location: Location(uri: ctx.uri, range: s.range),
                                              containerName: container))
                flatten(s.children ?? [], container: s.name)
            }
        }
        flatten(tree, container: nil)
        return EncodedJSON(encoding: flat)
    }
}

/// The outline: articles (by headline) → sub-headings → enumerated points → the policies introduced there.
/// Every node is placed inside the innermost node whose range contains it.
struct OutlineBuilder {
    let ctx: FeatureContext

    final class Node {
        let name: String
        let detail: String?
        let kind: SymbolKind
        let range: ScalarRange
        let selection: ScalarRange
        var children: [Node] = []
        init(name: String, detail: String?, kind: SymbolKind, range: ScalarRange, selection: ScalarRange) {
            // LSP requires the selection range inside the range: headlines printed after their article
            // (a corpus trap) widen the range.
            let lo = min(range.lowerBound, selection.lowerBound)
            let hi = max(range.upperBound, selection.upperBound)
            self.name = name.isEmpty ? "(untitled)" : name
            self.detail = detail
            self.kind = kind
            self.range = lo..<hi
            self.selection = selection
        }
    }

    static func shorten(_ s: String, _ n: Int = 40) -> String {
        // The common case, one line: count scalars on the UTF-8 bytes and keep or cut the string as is.
        var scalarCount = 0
        var oneLine = true
        for b in s.utf8 {
            if b == 0x0A || b == 0x0D { oneLine = false; break }
            if b & 0xC0 != 0x80 { scalarCount += 1 }
        }
        if oneLine {
            if scalarCount <= n { return s }
            let end = s.unicodeScalars.index(s.unicodeScalars.startIndex, offsetBy: n)
            return String(s.unicodeScalars[..<end]) + "…"
        }
        let cleaned = s.unicodeScalars.filter { $0 != "\n" && $0 != "\r" }
        if cleaned.count <= n { return String(String.UnicodeScalarView(cleaned)) }
        return String(String.UnicodeScalarView(cleaned.prefix(n))) + "…"
    }

    func symbols() -> [DocumentSymbol] {
        let model = ctx.model
        var nodes: [(depth: Int, node: Node)] = []
        for (index, article) in model.structure.articles.enumerated() {
            let name = article.headline.map { Self.shorten($0, 60) } ?? "第 \(index + 1) 篇 (article \(index + 1))"
            let sel = article.headlineRange ?? article.range.lowerBound..<article.range.lowerBound
            nodes.append((0, Node(name: name, detail: article.byline, kind: .module, range: article.range, selection: sel)))
            for section in article.sections {
                nodes.append((section.level, Node(name: Self.shorten(section.title, 60), detail: nil, kind: .namespace,
                                                  range: section.range, selection: section.titleRange)))
            }
            for enumeration in article.enumerations {
                for item in enumeration.items {
                    nodes.append((90, Node(name: "\(item.marker) \(Self.shorten(item.summary))", detail: nil, kind: .enumMember,
                                           range: item.range, selection: item.markerRange)))
                }
            }
        }
        // Policies introduced: a title's first mention only (repeats are noise); abbreviations listed on it.
        var aliasesByKey: [String: [String]] = [:]
        for (a, alias) in model.aliases.enumerated() {
            aliasesByKey[ctx.entities.aliasKey[a], default: []].append("简称《\(alias.alias)》")
        }
        var seen = Set<String>()
        for (i, p) in model.policies.enumerated() where !p.isMedia && ctx.entities.mentionAlias[i] == nil {
            let key = ctx.entities.mentionKey[i]
            guard seen.insert(key).inserted else { continue }
            let aliases = aliasesByKey[key] ?? []
            var detail = [p.kind?.rawValue, p.issuer].compactMap { $0 }
            detail.append(contentsOf: aliases)
            nodes.append((100, Node(name: "《\(p.title)》", detail: detail.isEmpty ? nil : detail.joined(separator: " · "),
                                    kind: .file, range: p.range, selection: p.range)))
        }
        // Outer before inner: by start, then longer first, then shallower.
        nodes.sort { a, b in
            if a.node.range.lowerBound != b.node.range.lowerBound { return a.node.range.lowerBound < b.node.range.lowerBound }
            if a.node.range.count != b.node.range.count { return a.node.range.count > b.node.range.count }
            return a.depth < b.depth
        }
        var roots: [Node] = []
        var stack: [Node] = []
        for (_, node) in nodes {
            while let top = stack.last, !(top.range.lowerBound <= node.range.lowerBound && node.range.upperBound <= top.range.upperBound) {
                stack.removeLast()
            }
            if let top = stack.last { top.children.append(node) } else { roots.append(node) }
            stack.append(node)
        }
        func convert(_ n: Node) -> DocumentSymbol {
            let children = n.children.map(convert)
            return DocumentSymbol(name: n.name, detail: n.detail, kind: n.kind, range: ctx.range(n.range),
                                  selectionRange: ctx.range(n.selection), children: children.isEmpty ? nil : children)
        }
        return roots.map(convert)
    }
}
