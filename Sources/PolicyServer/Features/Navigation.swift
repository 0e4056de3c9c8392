import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    /// Abbreviation → its definition (the full title it stands for, in its own article's scope);
    /// title → its first full mention here, else the workspace document that names it most fully;
    /// short organization name → the full form.
    func definition(_ params: TextDocumentPositionParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        guard let ref = ctx.entities.entity(at: offset) else { return EncodedJSON.null }
        let model = ctx.model
        func aliasTarget(_ a: Int) -> Location {
            let alias = model.aliases[a]
            return ctx.location(alias.fullTitleRange ?? alias.definitionRange)
        }
        switch ref.kind {
        case .aliasDefinition, .aliasUse:
            return EncodedJSON(encoding: [aliasTarget(ref.index)])
        case .policy:
            if model.policies[ref.index].isMedia { return EncodedJSON.null }
            if let a = ctx.entities.mentionAlias[ref.index] { return EncodedJSON(encoding: [aliasTarget(a)]) }
            let key = ctx.entities.mentionKey[ref.index]
            if let first = ctx.entities.firstFullMention(key: key), first != ref.index {
                return EncodedJSON(encoding: [ctx.location(model.policies[first].range)])
            }
            // The cursor is on the first full mention here: the fullest naming elsewhere, else itself.
            if let hit = currentIndex.bestDefinition(key: key, excluding: WorkspaceScan.id(forURI: ctx.uri)) {
                return EncodedJSON(encoding: [location(hit)])
            }
            return EncodedJSON(encoding: [ctx.location(ref.range)])
        case .organization:
            let o = model.organizations[ref.index]
            if let full = model.organizations.first(where: { $0.canonical == o.canonical && $0.text == o.canonical }) {
                return EncodedJSON(encoding: [ctx.location(full.range)])
            }
            if let hit = workspaceHits(key: o.canonical, kinds: [.organization], excluding: ctx.uri)
                .first(where: { $0.mention.text == o.canonical }) {
                return EncodedJSON(encoding: [location(hit)])
            }
            let first = ctx.entities.mentions(of: .organization(o.canonical)).first?.range ?? ref.range
            return EncodedJSON(encoding: [ctx.location(first)])
        case .programme:
            let first = ctx.entities.mentions(of: .programme(model.programmes[ref.index].name)).first?.range ?? ref.range
            return EncodedJSON(encoding: [ctx.location(first)])
        case .figure, .date:
            return EncodedJSON.null
        }
    }

    /// Every mention of the same policy (full title and abbreviations) or organization, here and in
    /// every indexed document.
    func references(_ params: ReferenceParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        let includeDeclaration = params.context?.includeDeclaration ?? true
        return EncodedJSON(encoding: referenceLocations(ctx, offset: offset, includeDeclaration: includeDeclaration))
    }

    func referenceLocations(_ ctx: FeatureContext, offset: Int, includeDeclaration: Bool) -> [Location] {
        guard let ref = ctx.entities.entity(at: offset), let identity = ctx.entities.identity(of: ref) else { return [] }
        var declarations = Set<ScalarRange>()
        if !includeDeclaration {
            for a in ctx.model.aliases { declarations.insert(a.definitionRange) }
            if case .policy(let key) = identity, let first = ctx.entities.firstFullMention(key: key) {
                declarations.insert(ctx.model.policies[first].range)
            }
        }
        var out = ctx.entities.mentions(of: identity).filter { !declarations.contains($0.range) }.map { ctx.location($0.range) }
        switch identity {
        case .policy(let key):
            out += workspaceHits(key: key, kinds: [.policy, .abbreviation], excluding: ctx.uri).map(location)
        case .organization(let name):
            out += workspaceHits(key: name, kinds: [.organization], excluding: ctx.uri).map(location)
        default:
            break
        }
        return out
    }

    /// Related policies (same issuer, same programme, same plan at another level).
    func implementation(_ params: TextDocumentPositionParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        guard let ref = ctx.entities.entity(at: offset), case .policy(let key)? = ctx.entities.identity(of: ref) else {
            return EncodedJSON.null
        }
        let locations = currentIndex.related(to: key).compactMap { $0.location.map(location) }
        return EncodedJSON(encoding: locations)
    }

    func workspaceSymbols(_ params: WorkspaceSymbolParams) throws -> EncodedJSON {
        let symbols = currentIndex.symbols(matching: params.query).map { item -> SymbolInformation in
            let container = URL(string: item.hit.file.uri)?.lastPathComponent ?? item.hit.file.uri
            let kind: SymbolKind = item.hit.mention.kind == .organization ? .namespace : .file
            return SymbolInformation(name: item.name, kind: kind, location: location(item.hit), containerName: container)
        }
        return EncodedJSON(encoding: symbols)
    }

    /// "N mentions in M documents" on each policy's first mention.
    func codeLenses(_ params: TextDocumentParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        var lenses: [CodeLens] = []
        var seen = Set<String>()
        for (i, p) in ctx.model.policies.enumerated() where !p.isMedia {
            let key = ctx.entities.mentionKey[i]
            guard seen.insert(key).inserted else { continue }
            let here = ctx.entities.mentions(of: .policy(key)).count
            let elsewhere = workspaceHits(key: key, kinds: [.policy, .abbreviation], excluding: ctx.uri)
            let docs = Set(elsewhere.map { $0.file.id }).count + 1
            let total = here + elsewhere.count
            let title = "\(total) 次提及 · \(docs) 个文档 (\(total) mention\(total == 1 ? "" : "s") in \(docs) document\(docs == 1 ? "" : "s"))"
            let range = ctx.range(p.range)
            lenses.append(CodeLens(range: range, command: Command(
                title: title, command: "policyLsp.showReferences",
                arguments: [.string(ctx.uri), .object(["line": .int(range.start.line), "character": .int(range.start.character)])]),
                data: nil))
        }
        return try EncodedJSON(encoding: lenses)
    }

    /// `policyLsp.showReferences uri position` → the reference locations (what the lens counts).
    func executeCommand(_ params: ExecuteCommandParams) throws -> EncodedJSON {
        guard params.command == "policyLsp.showReferences" else {
            throw ResponseError.invalidParams("unknown command \(params.command)")
        }
        guard let args = params.arguments, args.count >= 2, let uri = args[0].stringValue,
              let line = args[1]["line"]?.intValue, let character = args[1]["character"]?.intValue
        else { throw ResponseError.invalidParams("policyLsp.showReferences expects [uri, position]") }
        let ctx = try featureContext(uri)
        let offset = try ctx.text.offset(of: Position(line: line, character: character), encoding)
        return EncodedJSON(encoding: referenceLocations(ctx, offset: offset, includeDeclaration: true))
    }
}
