import PolicyText

/// A position in a file as all three LSP encodings count it, so a file that is not open (whose text the
/// index does not keep) can still be answered in whatever encoding the client negotiated.
public struct FilePoint: Sendable, Hashable {
    public var line: Int
    public var utf8: Int
    public var utf16: Int
    public var utf32: Int
    public init(line: Int, utf8: Int, utf16: Int, utf32: Int) {
        self.line = line
        self.utf8 = utf8
        self.utf16 = utf16
        self.utf32 = utf32
    }
    public func character(_ encoding: PositionEncoding) -> Int {
        switch encoding {
        case .utf8: return utf8
        case .utf16: return utf16
        case .utf32: return utf32
        }
    }
}

public struct FileRange: Sendable, Hashable {
    public var start: FilePoint
    public var end: FilePoint
    public init(start: FilePoint, end: FilePoint) {
        self.start = start
        self.end = end
    }
}

/// Turns scalar offsets into `FilePoint`s in one walk over the text (lines end at \n, \r\n or \r), while
/// the text is at hand. Sorting the offsets and walking once keeps it linear in the text, even for one
/// 5 MB line with thousands of entities, without tables as large as the text.
enum FilePoints {
    static func points(_ offsets: [Int], in scalars: [Unicode.Scalar]) -> [FilePoint] {
        var points = [FilePoint](repeating: FilePoint(line: 0, utf8: 0, utf16: 0, utf32: 0), count: offsets.count)
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        let count = scalars.count
        var i = 0, line = 0, lineStart = 0
        var utf8 = 0, utf16 = 0, lineUTF8 = 0, lineUTF16 = 0  // lengths of scalars[0..<i] and before the line
        scalars.withUnsafeBufferPointer { text in
            for slot in order {
                let offset = max(0, min(offsets[slot], count))
                while i < offset {
                    let v = text[i].value
                    utf8 += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
                    utf16 += v < 0x10000 ? 1 : 2
                    i += 1
                    if v == 0x0A || (v == 0x0D && !(i < count && text[i] == "\n")) {
                        line += 1
                        lineStart = i
                        lineUTF8 = utf8
                        lineUTF16 = utf16
                    }
                }
                points[slot] = FilePoint(line: line, utf8: utf8 - lineUTF8, utf16: utf16 - lineUTF16, utf32: offset - lineStart)
            }
        }
        return points
    }
}

/// One indexed mention: what the workspace remembers of an entity (never the text around it).
public struct IndexedMention: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case policy, abbreviation, organization }
    public var kind: Kind
    /// PolicyKey for policies and abbreviations, canonical name for organizations.
    public var key: String
    /// As written: the title, the abbreviation, or the organization's short form.
    public var text: String
    public var range: FileRange
    public init(kind: Kind, key: String, text: String, range: FileRange) {
        self.kind = kind
        self.key = key
        self.text = text
        self.range = range
    }
}

/// What the index knows about a policy (from its fullest mention in a file).
public struct PolicyFacts: Sendable, Hashable {
    public var key: String
    public var title: String
    public var kind: PolicyKind?
    public var issuer: String?
    public var date: String?
    public var period: String?
    public var region: String?
    /// Level-agnostic core (PolicyKey.core) and the region that prefix named ("国家" for national).
    public var core: String
    public var level: String?
    /// Programmes named in the same article as the policy.
    public var programmes: [String]
    /// Abbreviations defined for it.
    public var abbreviations: [String]
}

public struct OrganizationFacts: Sendable, Hashable {
    public var canonical: String
    public var type: OrganizationType
    public var parent: String?
    public var shortForms: [String]
}

/// The index's record of one file.
public struct FileSummary: Sendable {
    /// Stable identity (the file path for file URIs, else the URI).
    public var id: String
    public var uri: String
    public var mentions: [IndexedMention]
    public var policies: [String: PolicyFacts]
    public var organizations: [String: OrganizationFacts]

    public init(id: String, uri: String, scalars: [Unicode.Scalar], model: DocumentModel,
                entities: DocumentEntities? = nil, maxMentions: Int = 20_000) {
        self.id = id
        self.uri = uri
        // The index needs only the keys of the policy mentions, not the whole offset index.
        let (aliasOf, keys) = entities.map { ($0.mentionAlias, $0.mentionKey) } ?? DocumentEntities.policyKeys(model)
        var kinds: [IndexedMention.Kind] = [], mentionKeys: [String] = [], texts: [String] = [], offsets: [Int] = []
        // Facts in first-mention order; the slot maps keep one hash per mention and let every mention of a
        // key share the key's storage.
        var policySlot: [String: Int] = [:], policyFacts: [PolicyFacts] = []
        var orgSlot: [String: Int] = [:], orgFacts: [OrganizationFacts] = []
        /// (policy slot, article + 1) pairs whose article's programmes are already in the facts.
        var programmesTaken = Set<Int>()
        let articles = model.structure.articles
        func add(_ kind: IndexedMention.Kind, _ key: String, _ text: String, _ range: ScalarRange) {
            kinds.append(kind)
            mentionKeys.append(key)
            texts.append(text)
            offsets.append(range.lowerBound)
            offsets.append(range.upperBound)
        }
        for (i, p) in model.policies.enumerated() where !p.isMedia {
            guard kinds.count < maxMentions else { break }
            let alias = aliasOf[i]
            let slot: Int
            if let known = policySlot[keys[i]] {
                slot = known
            } else {
                let full = alias.map { model.aliases[$0].fullTitle } ?? p.title
                let (level, core) = PolicyKey.core(full)
                slot = policyFacts.count
                policySlot[keys[i]] = slot
                policyFacts.append(PolicyFacts(key: keys[i], title: full, kind: p.kind, issuer: nil, date: nil, period: nil,
                                               region: nil, core: core, level: level, programmes: [], abbreviations: []))
            }
            add(alias == nil ? .policy : .abbreviation, policyFacts[slot].key, p.title, p.range)
            if let a = alias {
                if !policyFacts[slot].abbreviations.contains(model.aliases[a].alias) {
                    policyFacts[slot].abbreviations.append(model.aliases[a].alias)
                }
                continue
            }
            if policyFacts[slot].kind == nil { policyFacts[slot].kind = p.kind }
            policyFacts[slot].issuer = policyFacts[slot].issuer ?? p.issuer
            policyFacts[slot].date = policyFacts[slot].date ?? p.date
            policyFacts[slot].period = policyFacts[slot].period ?? p.period
            policyFacts[slot].region = policyFacts[slot].region ?? p.region
            // Programmes named in the mention's article (all of them when the document has no articles):
            // the same article again adds nothing new.
            let article: Int
            if let art = p.articleIndex, articles.indices.contains(art) { article = art } else if articles.isEmpty { article = -1 } else { continue }
            guard programmesTaken.insert(slot &* (articles.count + 1) &+ article &+ 1).inserted else { continue }
            for prog in model.programmes where (article < 0 || articles[article].range.contains(prog.range.lowerBound))
                && !policyFacts[slot].programmes.contains(prog.name) {
                policyFacts[slot].programmes.append(prog.name)
            }
        }
        for o in model.organizations {
            guard kinds.count < maxMentions else { break }
            let slot: Int
            if let known = orgSlot[o.canonical] {
                slot = known
            } else {
                slot = orgFacts.count
                orgSlot[o.canonical] = slot
                orgFacts.append(OrganizationFacts(canonical: o.canonical, type: o.type, parent: o.parent, shortForms: []))
            }
            add(.organization, orgFacts[slot].canonical, o.text, o.range)
            if o.text != o.canonical && !orgFacts[slot].shortForms.contains(o.text) { orgFacts[slot].shortForms.append(o.text) }
            if orgFacts[slot].parent == nil { orgFacts[slot].parent = o.parent }
        }
        let points = FilePoints.points(offsets, in: scalars)
        mentions = kinds.indices.map { i in
            IndexedMention(kind: kinds[i], key: mentionKeys[i], text: texts[i],
                           range: FileRange(start: points[2 * i], end: points[2 * i + 1]))
        }
        policies = Dictionary(uniqueKeysWithValues: policyFacts.map { ($0.key, $0) })
        organizations = Dictionary(uniqueKeysWithValues: orgFacts.map { ($0.canonical, $0) })
    }
}

/// A hit from the index: the file and the mention.
public struct WorkspaceHit: Sendable {
    public var file: FileSummary
    public var mention: IndexedMention
}

/// A policy related to another, and why.
public struct RelatedPolicy: Sendable {
    public enum Reason: String, Sendable { case sameIssuer, sameProgramme, otherLevel }
    public var facts: PolicyFacts
    public var reason: Reason
    /// Why, for a reader: the issuer, the programme, or the level.
    public var detail: String
    public var location: WorkspaceHit?
}

/// The workspace index: per file, only its entities. Pure value; the server fills it in the background
/// and from open buffers.
public struct WorkspaceIndex: Sendable {
    public private(set) var files: [String: FileSummary] = [:]
    /// key → ids of files mentioning it (policies and organizations share the map; keys do not collide
    /// in practice, and hits are filtered by kind anyway).
    private var postings: [String: Set<String>] = [:]

    public init() {}

    public mutating func upsert(_ summary: FileSummary) {
        remove(id: summary.id)
        files[summary.id] = summary
        for m in summary.mentions { postings[m.key, default: []].insert(summary.id) }
    }

    public mutating func remove(id: String) {
        guard let old = files.removeValue(forKey: id) else { return }
        for m in old.mentions {
            postings[m.key]?.remove(id)
            if postings[m.key]?.isEmpty == true { postings[m.key] = nil }
        }
    }

    public var mentionCount: Int { files.values.reduce(0) { $0 + $1.mentions.count } }

    /// Every mention with this key, files in id order, mentions in document order.
    public func occurrences(key: String, kinds: Set<IndexedMention.Kind>) -> [WorkspaceHit] {
        var hits: [WorkspaceHit] = []
        for id in (postings[key] ?? []).sorted() {
            guard let file = files[id] else { continue }
            for m in file.mentions where m.key == key && kinds.contains(m.kind) {
                hits.append(WorkspaceHit(file: file, mention: m))
            }
        }
        return hits
    }

    public func policyFacts(_ key: String) -> PolicyFacts? {
        for id in (postings[key] ?? []).sorted() {
            if let f = files[id]?.policies[key], f.issuer != nil || f.kind != nil { return merged(key) ?? f }
        }
        return merged(key)
    }

    private func merged(_ key: String) -> PolicyFacts? {
        var result: PolicyFacts?
        for id in (postings[key] ?? []).sorted() {
            guard let f = files[id]?.policies[key] else { continue }
            guard var r = result else { result = f; continue }
            r.kind = r.kind ?? f.kind
            r.issuer = r.issuer ?? f.issuer
            r.date = r.date ?? f.date
            r.period = r.period ?? f.period
            r.region = r.region ?? f.region
            for p in f.programmes where !r.programmes.contains(p) { r.programmes.append(p) }
            for a in f.abbreviations where !r.abbreviations.contains(a) { r.abbreviations.append(a) }
            result = r
        }
        return result
    }

    public func organizationFacts(_ canonical: String) -> OrganizationFacts? {
        var result: OrganizationFacts?
        for id in (postings[canonical] ?? []).sorted() {
            guard let f = files[id]?.organizations[canonical] else { continue }
            guard var r = result else { result = f; continue }
            r.parent = r.parent ?? f.parent
            for s in f.shortForms where !r.shortForms.contains(s) { r.shortForms.append(s) }
            result = r
        }
        return result
    }

    /// The file that names a policy most fully: the most full-title mentions, then the most mentions; its
    /// first full-title mention.
    public func bestDefinition(key: String, excluding excluded: String? = nil) -> WorkspaceHit? {
        var best: (full: Int, all: Int, hit: WorkspaceHit)?
        for id in (postings[key] ?? []).sorted() where id != excluded {
            guard let file = files[id] else { continue }
            let ms = file.mentions.filter { $0.key == key && $0.kind != .organization }
            let full = ms.filter { $0.kind == .policy }
            guard let first = full.first ?? ms.first else { continue }
            let candidate = (full.count, ms.count, WorkspaceHit(file: file, mention: first))
            if best == nil || (candidate.0, candidate.1) > (best!.full, best!.all) { best = candidate }
        }
        return best?.hit
    }

    /// Symbols whose name or any short form matches `query`: substring first, then in-order subsequence
    /// (工信 finds 工业和信息化部 through its short form 工信部, and 工业和信息化部 itself by subsequence).
    /// One symbol per entity and file: where each document first names it.
    public func symbols(matching query: String, limit: Int = 500) -> [(hit: WorkspaceHit, name: String, score: Int)] {
        let q = Array(PolicyKey.key(query).unicodeScalars)
        var out: [(hit: WorkspaceHit, name: String, score: Int)] = []
        var policyScore: [String: Int?] = [:]
        var orgScore: [String: Int?] = [:]
        for id in files.keys.sorted() {
            guard let file = files[id] else { continue }
            for key in file.policies.keys.sorted() {
                let score: Int?
                if let cached = policyScore[key] { score = cached } else {
                    let facts = policyFacts(key) ?? file.policies[key]
                    let names = [facts?.title ?? key] + (facts?.abbreviations ?? [])
                    score = names.compactMap { Self.match(q, $0) }.max()
                    policyScore[key] = score
                }
                guard let sc = score, let title = (policyFacts(key) ?? file.policies[key])?.title else { continue }
                let mine = file.mentions.filter { $0.key == key && $0.kind != .organization }
                guard let m = mine.first(where: { $0.kind == .policy }) ?? mine.first else { continue }
                out.append((WorkspaceHit(file: file, mention: m), "《\(title)》", sc))
            }
            for canonical in file.organizations.keys.sorted() {
                let score: Int?
                if let cached = orgScore[canonical] { score = cached } else {
                    let facts = organizationFacts(canonical)
                    score = ([canonical] + (facts?.shortForms ?? [])).compactMap { Self.match(q, $0) }.max()
                    orgScore[canonical] = score
                }
                guard let sc = score else { continue }
                let mine = file.mentions.filter { $0.key == canonical && $0.kind == .organization }
                guard let m = mine.first(where: { $0.text == canonical }) ?? mine.first else { continue }
                out.append((WorkspaceHit(file: file, mention: m), canonical, sc))
                if out.count >= limit * 4 { break }
            }
        }
        out.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.name.count != b.name.count { return a.name.count < b.name.count }
            if a.name != b.name { return a.name < b.name }
            return a.hit.file.id < b.hit.file.id
        }
        return Array(out.prefix(limit))
    }

    /// Score of `name` for the normalized query: 3 exact, 2 substring, 1 subsequence, nil no match.
    public static func match(_ q: [Unicode.Scalar], _ name: String) -> Int? {
        if q.isEmpty { return 1 }
        let n = Array(PolicyKey.key(name).unicodeScalars)
        if n == q { return 3 }
        if n.count >= q.count {
            var i = 0
            while i + q.count <= n.count {
                if n[i] == q[0] && Array(n[i..<(i + q.count)]) == q { return 2 }
                i += 1
            }
        }
        var j = 0
        for s in n where j < q.count && s == q[j] { j += 1 }
        return j == q.count ? 1 : nil
    }

    /// Known titles for completion, best-named first.
    public func titles(matching prefix: String, limit: Int = 200) -> [PolicyFacts] {
        let q = Array(PolicyKey.key(prefix).unicodeScalars)
        var seen = Set<String>()
        var out: [(PolicyFacts, Int)] = []
        for id in files.keys.sorted() {
            for (key, f) in files[id]?.policies ?? [:] where !seen.contains(key) {
                guard let score = Self.match(q, f.title) else { continue }
                seen.insert(key)
                out.append((policyFacts(key) ?? f, score))
            }
        }
        out.sort { ($0.1, $1.0.title) > ($1.1, $0.0.title) }
        return out.prefix(limit).map(\.0)
    }

    /// Policies related to `key`: same issuer, same programme, or the same plan at another level.
    public func related(to key: String, limit: Int = 50) -> [RelatedPolicy] {
        guard let me = policyFacts(key) else { return [] }
        var out: [RelatedPolicy] = []
        var seen: Set<String> = [key]
        var all: [String: PolicyFacts] = [:]
        for file in files.values { for (k, f) in file.policies where all[k] == nil { all[k] = f } }
        for k in all.keys.sorted() where !seen.contains(k) {
            guard let other = policyFacts(k) else { continue }
            var reason: RelatedPolicy.Reason?
            var detail = ""
            if other.core == me.core, other.core.unicodeScalars.count >= 4, other.level != me.level {
                reason = .otherLevel
                detail = "\(other.level ?? "国家") / \(me.level ?? "国家")"
            } else if let a = me.issuer, let b = other.issuer, a == b {
                reason = .sameIssuer
                detail = a
            } else if let p = me.programmes.first(where: { other.programmes.contains($0) }) {
                reason = .sameProgramme
                detail = "“\(p)”"
            }
            guard let r = reason else { continue }
            seen.insert(k)
            out.append(RelatedPolicy(facts: other, reason: r, detail: detail, location: bestDefinition(key: k)))
        }
        let order: [RelatedPolicy.Reason: Int] = [.otherLevel: 0, .sameIssuer: 1, .sameProgramme: 2]
        out.sort { (order[$0.reason] ?? 9, $0.facts.title) < (order[$1.reason] ?? 9, $1.facts.title) }
        return Array(out.prefix(limit))
    }
}
