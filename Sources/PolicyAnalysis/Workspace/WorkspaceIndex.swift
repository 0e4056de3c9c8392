import Foundation
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

/// Turns scalar offsets into `FilePoint`s while the text is at hand. The line comes from the document's
/// line index; columns are counted from the line start, or from the previous offset on the same line
/// (offsets are visited sorted), so only the lines holding offsets are read, each once up to its last
/// offset: linear even for one 5 MB line with thousands of entities. (Walking the whole text instead was
/// most of the cost of indexing an open 2 MB document after every edit.)
enum FilePoints {
    static func points(_ offsets: [Int], in text: DocumentText) -> [FilePoint] {
        var points = [FilePoint](repeating: FilePoint(line: 0, utf8: 0, utf16: 0, utf32: 0), count: offsets.count)
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        let count = text.scalars.count
        var line = -1, lineStart = 0, nextLineStart = 0
        var i = 0, utf8 = 0, utf16 = 0  // lengths of scalars[lineStart..<i]
        text.scalars.withUnsafeBufferPointer { scalars in
            for slot in order {
                let offset = max(0, min(offsets[slot], count))
                // Sorted offsets mostly stay on the line or move to the next: a search only for longer jumps.
                let l = offset < nextLineStart ? line
                    : offset < text.lineStart(line + 2) ? line + 1 : text.line(containing: offset)
                if l != line {
                    nextLineStart = l + 1 < text.lineCount ? text.lineStart(l + 1) : count + 1
                    line = l
                    lineStart = text.lineStart(l)
                    i = lineStart
                    utf8 = 0
                    utf16 = 0
                }
                while i < offset {
                    let v = scalars[i].value
                    utf8 &+= PositionEncoding.utf8.units(v)
                    utf16 &+= PositionEncoding.utf16.units(v)
                    i &+= 1
                }
                points[slot] = FilePoint(line: line, utf8: utf8, utf16: utf16, utf32: offset - lineStart)
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
    public private(set) var mentions: [IndexedMention]
    public private(set) var policies: [String: PolicyFacts]
    public private(set) var organizations: [String: OrganizationFacts]

    /// Every key the file mentions, once: each mention's key is a policy's or an organization's.
    var keys: [String] { Array(policies.keys) + Array(organizations.keys) }

    public init(id: String, uri: String, text: DocumentText, model: DocumentModel,
                entities: DocumentEntities? = nil, maxMentions: Int = 20_000) {
        self.id = id
        self.uri = uri
        // The index needs only the keys of the policy mentions, not the whole offset index.
        let (aliasOf, keys) = entities.map { ($0.mentionAlias, $0.mentionKey) } ?? DocumentEntities.policyKeys(model)
        var kinds: [IndexedMention.Kind] = [], mentionKeys: [String] = [], texts: [String] = [], offsets: [Int] = []
        // Facts in first-mention order; the slot maps keep one hash per mention and let every mention of a
        // key share the key's storage.
        var policySlot: [SpelledText: Int] = [:], policyFacts: [PolicyFacts] = []
        var orgSlot: [SpelledText: Int] = [:], orgFacts: [OrganizationFacts] = []
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
            let key = SpelledText(keys[i])
            if let known = policySlot[key] {
                slot = known
            } else {
                let full = alias.map { model.aliases[$0].fullTitle } ?? p.title
                let (level, core) = PolicyKey.core(ofKey: keys[i])  // keys[i] is the key of `full`
                slot = policyFacts.count
                policySlot[key] = slot
                policyFacts.append(PolicyFacts(key: keys[i], title: full, kind: p.kind, issuer: nil, date: nil, period: nil,
                                               region: nil, core: core, level: level, programmes: [], abbreviations: []))
            }
            add(alias == nil ? .policy : .abbreviation, policyFacts[slot].key, p.title, p.range)
            if let a = alias {
                let abbreviation = model.aliases[a].alias
                if !policyFacts[slot].abbreviations.contains(where: { SpelledText.sameSpelling($0, abbreviation) }) {
                    policyFacts[slot].abbreviations.append(abbreviation)
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
            let canonical = SpelledText(o.canonical)
            if let known = orgSlot[canonical] {
                slot = known
            } else {
                slot = orgFacts.count
                orgSlot[canonical] = slot
                orgFacts.append(OrganizationFacts(canonical: o.canonical, type: o.type, parent: o.parent, shortForms: []))
            }
            add(.organization, orgFacts[slot].canonical, o.text, o.range)
            if !SpelledText.sameSpelling(o.text, o.canonical)
                && !orgFacts[slot].shortForms.contains(where: { SpelledText.sameSpelling($0, o.text) }) {
                orgFacts[slot].shortForms.append(o.text)
            }
            if orgFacts[slot].parent == nil { orgFacts[slot].parent = o.parent }
        }
        let points = FilePoints.points(offsets, in: text)
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

/// The workspace index: per file, only its entities. A value; the server fills it in the background and
/// from open buffers. Facts merged across files, the relations between policies and each key's best
/// definition are derived on demand and kept until a file naming that key changes, so hover, completion
/// and workspace symbols do not re-merge every file on every request.
public struct WorkspaceIndex: Sendable {
    public private(set) var files: [String: FileSummary] = [:]
    /// key → ids of files mentioning it (policies and organizations share the map; keys do not collide
    /// in practice, and hits are filtered by kind anyway).
    private var postings: [String: Set<String>] = [:]
    private var derived = DerivedFacts()

    public init() {}

    public mutating func upsert(_ summary: FileSummary) {
        remove(id: summary.id)
        files[summary.id] = summary
        for key in summary.keys { postings[key, default: []].insert(summary.id) }
        invalidate(summary)
    }

    public mutating func remove(id: String) {
        guard let old = files.removeValue(forKey: id) else { return }
        for key in old.keys {
            postings[key]?.remove(id)
            if postings[key]?.isEmpty == true { postings[key] = nil }
        }
        invalidate(old)
    }

    /// Forgets what was derived from the keys of a file that came or went (a copy of the index keeps its own).
    private mutating func invalidate(_ summary: FileSummary) {
        if !isKnownUniquelyReferenced(&derived) { derived = derived.copy() }
        derived.invalidate(summary.keys)
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

    /// A policy's facts merged over the files naming it, in id order (the first file that knows a fact wins).
    public func policyFacts(_ key: String) -> PolicyFacts? {
        derived.policyFacts(key) { merged(key) }
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
        derived.organizationFacts(canonical) {
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
    }

    /// The file that names a policy most fully: the most full-title mentions, then the most mentions; its
    /// first full-title mention.
    public func bestDefinition(key: String, excluding excluded: String? = nil) -> WorkspaceHit? {
        let (best, runnerUp) = derived.definitions(key) { bestTwo(key) }
        if let best, best.file.id == excluded { return runnerUp }
        return best
    }

    /// The best definition and the best in another file (the answer when the best file is excluded).
    private func bestTwo(_ key: String) -> (WorkspaceHit?, WorkspaceHit?) {
        var best: (full: Int, all: Int, hit: WorkspaceHit)?
        var second: (full: Int, all: Int, hit: WorkspaceHit)?
        for id in (postings[key] ?? []).sorted() {
            guard let file = files[id] else { continue }
            var full = 0, all = 0
            var firstFull: IndexedMention?, first: IndexedMention?
            for m in file.mentions where m.kind != .organization && m.key == key {
                all += 1
                if first == nil { first = m }
                if m.kind == .policy {
                    full += 1
                    if firstFull == nil { firstFull = m }
                }
            }
            guard let mention = firstFull ?? first else { continue }
            let candidate = (full, all, WorkspaceHit(file: file, mention: mention))
            if best == nil || (candidate.0, candidate.1) > (best!.full, best!.all) {
                second = best
                best = candidate
            } else if second == nil || (candidate.0, candidate.1) > (second!.full, second!.all) {
                second = candidate
            }
        }
        return (best?.hit, second?.hit)
    }

    /// Symbols whose name or any short form matches `query`: substring first, then in-order subsequence
    /// (工信 finds 工业和信息化部 through its short form 工信部, and 工业和信息化部 itself by subsequence).
    /// One symbol per entity and file: where each document first names it.
    public func symbols(matching query: String, limit: Int = 500) -> [(hit: WorkspaceHit, name: String, score: Int)] {
        let q = Array(PolicyKey.key(query).unicodeScalars)
        // Per key: its score (nil: no match), display name and the name's length, computed once.
        var policyNames: [String: (score: Int, name: String, length: Int)?] = [:]
        var orgScores: [String: Int?] = [:]
        // Entries are ranked first and only the returned ones are located in their file.
        var out: [(file: Int, key: String, isPolicy: Bool, name: String, score: Int, length: Int)] = []
        let cap = limit * 4
        let ids = files.keys.sorted()
        for (fileIndex, id) in ids.enumerated() {
            guard let file = files[id] else { continue }
            // Every key of a file has a mention there; the order of policy keys does not matter (no two
            // share a name), that of organizations does (the cap below counts them).
            for key in file.policies.keys {
                let entry: (score: Int, name: String, length: Int)?
                if let cached = policyNames[key] { entry = cached } else {
                    let facts = policyFacts(key) ?? file.policies[key]
                    let names = [facts?.title ?? key] + (facts?.abbreviations ?? [])
                    if let score = names.compactMap({ Self.match(q, $0) }).max(), let title = facts?.title {
                        let name = "《\(title)》"
                        entry = (score, name, name.count)
                    } else {
                        entry = nil
                    }
                    policyNames[key] = entry
                }
                guard let entry else { continue }
                out.append((fileIndex, key, true, entry.name, entry.score, entry.length))
            }
            for canonical in file.organizations.keys.sorted() {
                let score: Int?
                if let cached = orgScores[canonical] { score = cached } else {
                    let facts = organizationFacts(canonical)
                    score = ([canonical] + (facts?.shortForms ?? [])).compactMap { Self.match(q, $0) }.max()
                    orgScores[canonical] = score
                }
                guard let sc = score else { continue }
                out.append((fileIndex, canonical, false, canonical, sc, canonical.count))
                if out.count >= cap { break }
            }
        }
        out.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.length != b.length { return a.length < b.length }
            if a.name != b.name { return a.name < b.name }
            return ids[a.file] < ids[b.file]
        }
        return out.prefix(limit).compactMap { e in
            // Where the document first names it: a full title, else any mention; the organization's
            // canonical form, else any of its mentions.
            guard let file = files[ids[e.file]] else { return nil }
            let mention: IndexedMention?
            if e.isPolicy {
                let mine = file.mentions.lazy.filter { $0.key == e.key && $0.kind != .organization }
                mention = mine.first(where: { $0.kind == .policy }) ?? mine.first
            } else {
                let mine = file.mentions.lazy.filter { $0.key == e.key && $0.kind == .organization }
                mention = mine.first(where: { $0.text == e.key }) ?? mine.first
            }
            return mention.map { (WorkspaceHit(file: file, mention: $0), e.name, e.score) }
        }
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
        var scores: [String: Int?] = [:]  // by title: files spell most titles alike
        var out: [(PolicyFacts, Int)] = []
        for id in files.keys.sorted() {
            for (key, f) in files[id]?.policies ?? [:] where !seen.contains(key) {
                let score: Int?
                if let cached = scores[f.title] { score = cached } else {
                    score = Self.match(q, f.title)
                    scores[f.title] = score
                }
                guard let score else { continue }
                seen.insert(key)
                out.append((policyFacts(key) ?? f, score))
            }
        }
        out.sort { ($0.1, $1.0.title) > ($1.1, $0.0.title) }
        return out.prefix(limit).map(\.0)
    }

    /// Policies related to `key`: same issuer, same programme, or the same plan at another level. Only keys
    /// sharing the core, the issuer or a programme are looked at, and only the ones returned are located.
    public func related(to key: String, limit: Int = 50) -> [RelatedPolicy] {
        guard let me = policyFacts(key) else { return [] }
        let candidates = derived.relatives(of: me, allKeys: { postings.keys }, facts: { merged($0) })
        var out: [RelatedPolicy] = []
        for k in candidates.sorted() where k != key {
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
            out.append(RelatedPolicy(facts: other, reason: r, detail: detail, location: nil))
        }
        let order: [RelatedPolicy.Reason: Int] = [.otherLevel: 0, .sameIssuer: 1, .sameProgramme: 2]
        out.sort { (order[$0.reason] ?? 9, $0.facts.title) < (order[$1.reason] ?? 9, $1.facts.title) }
        return out.prefix(limit).map { r in
            var r = r
            r.location = bestDefinition(key: r.facts.key)
            return r
        }
    }
}

/// What `WorkspaceIndex` derives on demand, per key: merged facts, best definitions, and the maps from a
/// policy's core, issuer and programmes to its key (for `related`). A locked box so that queries stay
/// non-mutating; the index copies it before changing it when a copy of the index shares it.
final class DerivedFacts: @unchecked Sendable {
    // @unchecked: every stored property is only read or written while `lock` is held.
    private let lock = NSLock()
    private var policies: [String: PolicyFacts?] = [:]
    private var organizations: [String: OrganizationFacts?] = [:]
    private var definitions: [String: (WorkspaceHit?, WorkspaceHit?)] = [:]
    /// Relation maps, built on the first `related` query and then kept in step: a changed key leaves the
    /// maps at once and comes back (with its new facts) at the next query.
    private var relationsBuilt = false
    private var pendingRelations: Set<String> = []
    private var byCore: [String: Set<String>] = [:]
    private var byIssuer: [String: Set<String>] = [:]
    private var byProgramme: [String: Set<String>] = [:]

    init() {}

    func copy() -> DerivedFacts {
        lock.lock()
        defer { lock.unlock() }
        let c = DerivedFacts()
        c.policies = policies
        c.organizations = organizations
        c.definitions = definitions
        c.relationsBuilt = relationsBuilt
        c.pendingRelations = pendingRelations
        c.byCore = byCore
        c.byIssuer = byIssuer
        c.byProgramme = byProgramme
        return c
    }

    func invalidate<Keys: Sequence<String>>(_ keys: Keys) {
        lock.lock()
        defer { lock.unlock() }
        // While the index is being built nothing is derived yet.
        if policies.isEmpty, organizations.isEmpty, definitions.isEmpty, !relationsBuilt { return }
        for key in keys {
            organizations[key] = nil
            definitions[key] = nil
            if let cached = policies.removeValue(forKey: key), let facts = cached { unrelate(key, facts) }
            if relationsBuilt { pendingRelations.insert(key) }
        }
    }

    func policyFacts(_ key: String, compute: () -> PolicyFacts?) -> PolicyFacts? {
        lock.lock()
        defer { lock.unlock() }
        return cachedPolicy(key, compute)
    }

    private func cachedPolicy(_ key: String, _ compute: () -> PolicyFacts?) -> PolicyFacts? {
        if let cached = policies[key] { return cached }
        let facts = compute()
        policies[key] = facts
        return facts
    }

    func organizationFacts(_ key: String, compute: () -> OrganizationFacts?) -> OrganizationFacts? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = organizations[key] { return cached }
        let facts = compute()
        organizations[key] = facts
        return facts
    }

    func definitions(_ key: String, compute: () -> (WorkspaceHit?, WorkspaceHit?)) -> (WorkspaceHit?, WorkspaceHit?) {
        lock.lock()
        defer { lock.unlock() }
        if let cached = definitions[key] { return cached }
        let found = compute()
        definitions[key] = found
        return found
    }

    /// Keys sharing `facts`' core, issuer or a programme (a superset of the related ones).
    func relatives<Keys: Sequence<String>>(of facts: PolicyFacts, allKeys: () -> Keys,
                                           facts compute: (String) -> PolicyFacts?) -> Set<String> {
        lock.lock()
        defer { lock.unlock() }
        if !relationsBuilt {
            for key in allKeys() {
                if let f = cachedPolicy(key, { compute(key) }) { relate(key, f) }
            }
            relationsBuilt = true
            pendingRelations = []
        }
        for key in pendingRelations {
            if let f = cachedPolicy(key, { compute(key) }) { relate(key, f) }
        }
        pendingRelations = []
        var out = byCore[facts.core] ?? []
        if let issuer = facts.issuer { out.formUnion(byIssuer[issuer] ?? []) }
        for p in facts.programmes { out.formUnion(byProgramme[p] ?? []) }
        return out
    }

    private func relate(_ key: String, _ f: PolicyFacts) {
        byCore[f.core, default: []].insert(key)
        if let issuer = f.issuer { byIssuer[issuer, default: []].insert(key) }
        for p in f.programmes { byProgramme[p, default: []].insert(key) }
    }

    private func unrelate(_ key: String, _ f: PolicyFacts) {
        guard relationsBuilt else { return }
        func drop(_ map: inout [String: Set<String>], _ name: String) {
            map[name]?.remove(key)
            if map[name]?.isEmpty == true { map[name] = nil }
        }
        drop(&byCore, f.core)
        if let issuer = f.issuer { drop(&byIssuer, issuer) }
        for p in f.programmes { drop(&byProgramme, p) }
    }
}
