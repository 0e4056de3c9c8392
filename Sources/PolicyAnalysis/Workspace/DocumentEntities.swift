/// What a reader can point at in one document, indexed by offset: every policy mention, abbreviation
/// definition and use, programme, organization, figure and date, sorted by start so that "what is under
/// the cursor" is a binary search, not a scan (hover and definition stay fast on a 2 MB document).
public struct EntityRef: Sendable, Hashable {
    public enum Kind: Int, Sendable, Hashable, Comparable {
        // Order breaks ties between entities with the same range: the richer one wins.
        case policy = 0, aliasDefinition, aliasUse, organization, figure, date, programme
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }
    public var kind: Kind
    /// Index into the model array for `kind` (aliases for aliasDefinition/aliasUse).
    public var index: Int
    public var range: ScalarRange
    public init(kind: Kind, index: Int, range: ScalarRange) {
        self.kind = kind
        self.index = index
        self.range = range
    }
}

/// Identity shared by all mentions of one thing: references, highlights and the workspace index use it.
public enum EntityIdentity: Sendable, Hashable {
    case policy(String)        // PolicyKey.key of the full title
    case organization(String)  // canonical name
    case programme(String)
    case figure(Int)           // figures and dates are their own identity
    case date(Int)
}

public struct DocumentEntities: Sendable {
    public let model: DocumentModel
    /// Sorted by range.lowerBound, then by length, then kind.
    public let refs: [EntityRef]
    /// The refs split into layers of non-overlapping ranges (greedy, in start order): lookups binary-search
    /// each layer, so one long entity spanning the document does not make every lookup linear. The layer
    /// count is the nesting depth (2–3 in real text).
    let layers: [[Int]]
    static let maxLayers = 32
    /// Resolved alias of each policy mention (the model's, or found by name and scope).
    public let mentionAlias: [Int?]
    /// Key of each policy mention (of the full title for abbreviations).
    public let mentionKey: [String]
    /// Key of each alias' full title.
    public let aliasKey: [String]
    /// Indexes into `refs` of every mention of a policy, organization or programme, in order: references
    /// and highlights look up, never scan.
    let byIdentity: [IdentityKey: [Int]]
    let firstFull: [SpelledText: Int]

    /// `EntityIdentity` of the named kinds, hashed by spelling (see SpelledText).
    enum IdentityKey: Hashable {
        case policy(SpelledText), organization(SpelledText), programme(SpelledText)

        init?(_ identity: EntityIdentity) {
            switch identity {
            case .policy(let key): self = .policy(SpelledText(key))
            case .organization(let name): self = .organization(SpelledText(name))
            case .programme(let name): self = .programme(SpelledText(name))
            case .figure, .date: return nil
            }
        }
    }

    public init(model: DocumentModel) {
        self.model = model
        var refs: [EntityRef] = []
        refs.reserveCapacity(model.policies.count + model.figures.count + model.organizations.count + model.dates.count)
        var keyOfTitle: [SpelledText: String] = [:]
        let (aliasOf, keys) = Self.policyKeys(model, keyOfTitle: &keyOfTitle)
        var mentionRanges = Set<ScalarRange>()
        for (i, p) in model.policies.enumerated() {
            refs.append(EntityRef(kind: .policy, index: i, range: p.range))
            mentionRanges.insert(p.range)
        }
        for (i, a) in model.aliases.enumerated() {
            if !mentionRanges.contains(a.definitionRange) {
                refs.append(EntityRef(kind: .aliasDefinition, index: i, range: a.definitionRange))
            }
            for use in a.uses where !mentionRanges.contains(use) {
                refs.append(EntityRef(kind: .aliasUse, index: i, range: use))
            }
        }
        for (i, o) in model.organizations.enumerated() { refs.append(EntityRef(kind: .organization, index: i, range: o.range)) }
        for (i, f) in model.figures.enumerated() { refs.append(EntityRef(kind: .figure, index: i, range: f.range)) }
        for (i, d) in model.dates.enumerated() { refs.append(EntityRef(kind: .date, index: i, range: d.range)) }
        for (i, p) in model.programmes.enumerated() { refs.append(EntityRef(kind: .programme, index: i, range: p.range)) }
        refs.removeAll { $0.range.isEmpty }
        refs.sort { a, b in
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            return a.kind < b.kind
        }
        var layers: [[Int]] = []
        var layerEnds: [Int] = []
        for (i, r) in refs.enumerated() {
            // First layer whose last range ends at or before this start; a new layer otherwise.
            if let l = layerEnds.firstIndex(where: { $0 <= r.range.lowerBound }) {
                layers[l].append(i)
                layerEnds[l] = r.range.upperBound
            } else if layers.count < Self.maxLayers {
                layers.append([i])
                layerEnds.append(r.range.upperBound)
            }
            // Deeper than maxLayers (only pathological input nests so): not found by offset, still
            // found by identity (references, highlights).
        }
        let aliasKeys = model.aliases.map { Self.key(of: $0.fullTitle, keyOfTitle: &keyOfTitle) }
        var byIdentity: [IdentityKey: [Int]] = [:]
        for (i, r) in refs.enumerated() {
            let id: IdentityKey?
            switch r.kind {
            case .policy: id = model.policies[r.index].isMedia ? nil : .policy(SpelledText(keys[r.index]))
            case .aliasDefinition, .aliasUse: id = .policy(SpelledText(aliasKeys[r.index]))
            case .organization: id = .organization(SpelledText(model.organizations[r.index].canonical))
            case .programme: id = .programme(SpelledText(model.programmes[r.index].name))
            case .figure, .date: id = nil
            }
            if let id { byIdentity[id, default: []].append(i) }
        }
        var firstFull: [SpelledText: Int] = [:]
        for (i, p) in model.policies.enumerated() where !p.isMedia && aliasOf[i] == nil {
            let key = SpelledText(keys[i])
            if firstFull[key] == nil { firstFull[key] = i }
        }
        self.refs = refs
        self.layers = layers
        self.aliasKey = aliasKeys
        self.byIdentity = byIdentity
        self.firstFull = firstFull
        self.mentionAlias = aliasOf
        self.mentionKey = keys
    }

    /// The resolved alias and the key of each policy mention (of the full title for abbreviations).
    static func policyKeys(_ model: DocumentModel) -> (alias: [Int?], key: [String]) {
        var keyOfTitle: [SpelledText: String] = [:]
        return policyKeys(model, keyOfTitle: &keyOfTitle)
    }

    /// `PolicyKey.key`, once per distinct title: a document names few policies many times.
    static func key(of title: String, keyOfTitle: inout [SpelledText: String]) -> String {
        let spelled = SpelledText(title)
        if let known = keyOfTitle[spelled] { return known }
        let key = PolicyKey.key(title)
        keyOfTitle[spelled] = key
        return key
    }

    static func policyKeys(_ model: DocumentModel, keyOfTitle: inout [SpelledText: String]) -> (alias: [Int?], key: [String]) {
        var aliasOf: [Int?] = []
        var keys: [String] = []
        aliasOf.reserveCapacity(model.policies.count)
        keys.reserveCapacity(model.policies.count)
        let definitions = AliasDefinitionsByName(model)
        for p in model.policies {
            let alias = definitions.resolve(p, model: model)
            aliasOf.append(alias)
            keys.append(key(of: alias.map { model.aliases[$0].fullTitle } ?? p.title, keyOfTitle: &keyOfTitle))
        }
        return (aliasOf, keys)
    }

    /// A mention's alias: the model's link, else the definition of that name in the same article, else the
    /// nearest one defined before it (an abbreviation reused by several articles means a different policy in
    /// each). A full-title mention whose title is the alias' full title is not an abbreviation.
    struct AliasDefinitionsByName {
        /// Definitions whose abbreviation differs from their full title, by name, in text order.
        var byName: [SpelledText: [Int]] = [:]
        struct NameInArticle: Hashable { var name: SpelledText; var article: Int }
        var firstInArticle: [NameInArticle: Int] = [:]

        init(_ model: DocumentModel) {
            for (i, a) in model.aliases.enumerated() where a.alias != a.fullTitle {
                let name = SpelledText(a.alias)
                byName[name, default: []].append(i)
                if let art = a.articleIndex, firstInArticle[NameInArticle(name: name, article: art)] == nil {
                    firstInArticle[NameInArticle(name: name, article: art)] = i
                }
            }
        }

        /// Lookups, not a scan of every definition per mention: a document repeating one 以下简称 thousands
        /// of times made that quadratic.
        func resolve(_ p: PolicyMention, model: DocumentModel) -> Int? {
            if let a = p.aliasIndex, model.aliases.indices.contains(a) { return a }
            if byName.isEmpty { return nil }
            let name = SpelledText(p.title)
            guard let candidates = byName[name] else { return nil }
            if let art = p.articleIndex, let i = firstInArticle[NameInArticle(name: name, article: art)] { return i }
            // Definitions are sorted by range: the last one starting at or before the mention.
            var lo = 0, hi = candidates.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if model.aliases[candidates[mid]].definitionRange.lowerBound <= p.range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 ? candidates[lo - 1] : nil
        }
    }

    /// The innermost entity covering `offset` (an offset at an entity's end counts when nothing starts there,
    /// so a cursor just after 》 still finds the title).
    public func entity(at offset: Int) -> EntityRef? {
        if let hit = innermost(containing: offset) { return hit }
        if offset > 0 { return innermost(containing: offset - 1) }
        return nil
    }

    func innermost(containing offset: Int) -> EntityRef? {
        var best: EntityRef?
        for layer in layers {
            // Last ref in this layer starting at or before offset; within a layer ranges do not overlap.
            var lo = 0, hi = layer.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if refs[layer[mid]].range.lowerBound <= offset { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { continue }
            let r = refs[layer[lo - 1]]
            guard r.range.contains(offset) else { continue }
            if let b = best, b.range.count < r.range.count || (b.range.count == r.range.count && b.kind <= r.kind) { continue }
            best = r
        }
        return best
    }

    /// Entities that overlap `range`, in document order.
    public func entities(overlapping range: ScalarRange) -> [EntityRef] {
        var hits: [Int] = []
        for layer in layers {
            var lo = 0, hi = layer.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if refs[layer[mid]].range.upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < layer.count, refs[layer[i]].range.lowerBound < range.upperBound {
                if refs[layer[i]].range.overlaps(range) { hits.append(layer[i]) }
                i += 1
            }
        }
        return hits.sorted().map { refs[$0] }
    }

    public func identity(of ref: EntityRef) -> EntityIdentity? {
        switch ref.kind {
        case .policy:
            let p = model.policies[ref.index]
            if p.isMedia { return nil }
            return .policy(mentionKey[ref.index])
        case .aliasDefinition, .aliasUse:
            return .policy(aliasKey[ref.index])
        case .organization: return .organization(model.organizations[ref.index].canonical)
        case .programme: return .programme(model.programmes[ref.index].name)
        case .figure: return .figure(ref.index)
        case .date: return .date(ref.index)
        }
    }

    /// Every mention of `identity` in this document, in order.
    public func mentions(of identity: EntityIdentity) -> [EntityRef] {
        switch identity {
        case .figure(let i):
            guard model.figures.indices.contains(i) else { return [] }
            return [EntityRef(kind: .figure, index: i, range: model.figures[i].range)]
        case .date(let i):
            guard model.dates.indices.contains(i) else { return [] }
            return [EntityRef(kind: .date, index: i, range: model.dates[i].range)]
        default: return IdentityKey(identity).flatMap { byIdentity[$0] }.map { $0.map { refs[$0] } } ?? []
        }
    }

    /// Whether a policy mention is an abbreviation (rather than the full title).
    public func isAbbreviation(_ ref: EntityRef) -> Bool {
        switch ref.kind {
        case .aliasDefinition, .aliasUse: return true
        case .policy: return mentionAlias[ref.index] != nil
        default: return false
        }
    }

    /// Index of the first full-title (non-abbreviation, non-media) mention with this key.
    public func firstFullMention(key: String) -> Int? {
        firstFull[SpelledText(key)]
    }

    /// All ranges an alias occupies: its definition and every use, deduplicated and sorted.
    public func aliasOccurrences(_ aliasIndex: Int) -> [ScalarRange] {
        guard model.aliases.indices.contains(aliasIndex) else { return [] }
        let a = model.aliases[aliasIndex]
        var set = Set<ScalarRange>([a.definitionRange])
        for u in a.uses { set.insert(u) }
        for (i, p) in model.policies.enumerated() where mentionAlias[i] == aliasIndex && p.title == a.alias {
            set.insert(p.range)
        }
        return set.sorted { $0.lowerBound < $1.lowerBound }
    }
}
