import Foundation
import PolicyText

/// One organization the recognizer knows by name. Users extend the bundled lexicon with these
/// (from configuration): `{"canonical": "…", "short": ["…"], "type": "company", "parent": "…"}`.
public struct LexiconEntry: Sendable, Hashable, Codable {
    public var canonical: String
    public var shortForms: [String]
    public var type: OrganizationType
    public var parent: String?

    public init(canonical: String, shortForms: [String] = [], type: OrganizationType, parent: String? = nil) {
        self.canonical = canonical
        self.shortForms = shortForms
        self.type = type
        self.parent = parent
    }

    private enum CodingKeys: String, CodingKey { case canonical, shortForms = "short", type, parent }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        canonical = try c.decode(String.self, forKey: .canonical)
        shortForms = try c.decodeIfPresent([String].self, forKey: .shortForms) ?? []
        let typeName = try c.decodeIfPresent(String.self, forKey: .type) ?? "other"
        type = OrganizationType(rawValue: typeName) ?? .other
        parent = try c.decodeIfPresent(String.self, forKey: .parent)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(canonical, forKey: .canonical)
        try c.encode(shortForms, forKey: .shortForms)
        try c.encode(type.rawValue, forKey: .type)
        try c.encodeIfPresent(parent, forKey: .parent)
    }
}

/// A table of `count` zero entries, filled with memset: `Array(repeating:count:)` stores entry by entry,
/// hundreds of thousands of instructions for each 64 K entry table built at load.
func zeroedTable<T: FixedWidthInteger>(_ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let base = buffer.baseAddress { memset(base, 0, count * MemoryLayout<T>.stride) }
        initialized = count
    }
}

/// A map from scalar sequences to payload indices, walked one scalar at a time.
///
/// Nodes are numbered as they are created, so a key's new nodes get consecutive numbers: the first
/// child of a node created right after it is node + 1, and each node keeps that child's scalar in its
/// own entry of `nodes`. A walk along a key thus reads consecutive entries of one small array, a
/// cache line holding sixteen steps. The other edges (the root's, and a node's later children) live in
/// one open-addressing hash table keyed by (node, scalar) with a multiplicative hash (no `Hasher`, no
/// per-node dictionaries), one word per edge. Walks that probed the hash table at every step missed
/// the cache there about once a step. The bundled tries walked from many positions also index their
/// root's children directly (`indexRoot`); a trie built per analysis (the brands) has no dense root
/// table to clear.
struct OrgTrie: Sendable {
    /// Per node: bits 0–20 the scalar leading to node + 1 (`noChain` when node + 1 is no child),
    /// then `endsKey` and `hasHashedChildren`.
    private var nodes: [UInt32] = [OrgTrie.noChain]
    /// Hashed edges: bits 0–20 the scalar, 21–41 the parent node + 1 (so 0 marks an empty slot),
    /// 42–62 the child.
    private var edges = [UInt64](repeating: 0, count: 16)
    private var edgeCount = 0
    private var shift: UInt64 = 60  // 64 - log2(capacity)
    private var payload: [Int32] = [-1]
    /// The root's children by BMP scalar, for tries walked from many positions (most walks end at
    /// the root: one load instead of a hash probe); empty when not indexed. The edges stay in the
    /// hash table too (astral scalars, unindexed tries).
    private var rootChildren: [Int32] = []
    /// For a trie whose walks from many positions mostly fail a few scalars in (the names: 中国, 国家
    /// start thousands of phrases and few names): one bit per hash of each key's first three
    /// scalars (of the whole key when shorter), so `hasMatch` rules most positions out with one
    /// load and one branch, where a walk took a cache miss or two and a mispredicted exit. Empty
    /// when not kept (see `indexPrefixes`).
    private var prefixBits: [UInt64] = []

    private static let scalarMask: UInt32 = 0x1F_FFFF
    private static let noChain: UInt32 = scalarMask
    private static let endsKey: UInt32 = 1 << 21
    private static let hasHashedChildren: UInt32 = 1 << 22
    /// Nodes are numbered below this, so that node + 1 fits an edge's 21 parent bits.
    private static let nodeLimit = 1 << 21 - 1
    private static let keyBits: UInt64 = 42
    private static let keyMask: UInt64 = 1 << keyBits - 1

    init() {}

    init(_ words: [String], reversed: Bool = false, indexedRoot: Bool = false, indexedPrefixes: Bool = false) {
        if indexedRoot { indexRoot() }
        if indexedPrefixes { indexPrefixes() }
        for (i, w) in words.enumerated() {
            if reversed { insert(Array(w.unicodeScalars).reversed(), i) } else { insert(w, i) }
        }
    }

    @inline(__always) private static func hash(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    @inline(__always) private static func key(_ node: Int, _ v: UInt32) -> UInt64 {
        UInt64(truncatingIfNeeded: node &+ 1) << 21 | UInt64(v)
    }

    /// Keeps a direct table of the root's children from now on (see `rootChildren`).
    mutating func indexRoot() {
        guard rootChildren.isEmpty else { return }
        rootChildren = zeroedTable(0x10000)
        for w in edges where (w & Self.keyMask) >> 21 == 1 && w & 0x1F_FFFF < 0x10000 {
            rootChildren[Int(w & 0xFFFF)] = Int32(truncatingIfNeeded: w >> Self.keyBits)
        }
    }

    /// Keeps `prefixBits` from now on; only while the trie is empty (the keys are not kept).
    mutating func indexPrefixes() {
        guard prefixBits.isEmpty, nodes.count == 1 else { return }
        prefixBits = zeroedTable(Self.prefixBitCount / 64)
    }

    private static let prefixBitCount = 1 << 16

    /// The prefix bit of a key starting with `a` (`b`, `c`: its next scalars, 0 past its end).
    @inline(__always) private static func prefixBit(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> Int {
        Int(((a &* 0x9E37_79B1) ^ (b &* 0x85EB_CA77) ^ (c &* 0xC2B2_AE3D)) >> 16)
    }

    /// Prefix bit `k`, as 0 or 1 (`k` is a 16-bit hash: in range).
    @inline(__always) private func prefixBit(_ k: Int) -> UInt64 {
        prefixBits.withUnsafeBufferPointer { $0[k >> 6] } >> UInt64(k & 63) & 1
    }

    /// The root's child along `v`, or 0.
    @inline(__always) private func rootChild(_ v: UInt32) -> Int {
        if v < 0x10000, rootChildren.count == 0x10000 { return Int(rootChildren.withUnsafeBufferPointer { $0[Int(v)] }) }
        return hashedChild(0, v)
    }

    /// The child of `node` along `v`, or 0 (node 0 is the root, never a child); `info` is `nodes[node]`.
    @inline(__always) private func child(_ node: Int, _ info: UInt32, _ v: UInt32) -> Int {
        if info & Self.scalarMask == v { return node &+ 1 }
        if info & Self.hasHashedChildren == 0 { return 0 }
        return hashedChild(node, v)
    }

    private func hashedChild(_ node: Int, _ v: UInt32) -> Int {
        let key = Self.key(node, v)
        // The hash is below the capacity and probes wrap with the mask: no bounds checks needed.
        return edges.withUnsafeBufferPointer { edges in
            let mask = edges.count - 1
            var h = Self.hash(key, shift)
            while true {
                let w = edges[h]
                if w & Self.keyMask == key { return Int(truncatingIfNeeded: w >> Self.keyBits) }
                if w == 0 { return 0 }
                h = (h &+ 1) & mask
            }
        }
    }

    /// `nodes[node]`: nodes come from this trie's own tables, so they are always in range. Read
    /// without a bounds check (the walks below do this per scalar).
    @inline(__always) private func info(_ node: Int) -> UInt32 {
        nodes.withUnsafeBufferPointer { $0[node] }
    }

    /// The payload of `node`, where a key ends.
    @inline(__always) private func value(_ node: Int) -> Int {
        Int(payload.withUnsafeBufferPointer { $0[node] })
    }

    /// The slot of the hashed edge with `key`, or of the empty slot where it goes.
    private func slot(_ key: UInt64) -> Int {
        let mask = edges.count - 1
        var h = Self.hash(key, shift)
        while edges[h] != 0 && edges[h] & Self.keyMask != key { h = (h + 1) & mask }
        return h
    }

    private mutating func addHashedEdge(_ node: Int, _ v: UInt32, _ target: Int) {
        if (edgeCount + 1) * 2 > edges.count { grow() }
        let key = Self.key(node, v)
        edges[slot(key)] = key | UInt64(target) << Self.keyBits
        edgeCount += 1
        nodes[node] |= Self.hasHashedChildren
        if node == 0, v < 0x10000, !rootChildren.isEmpty { rootChildren[Int(v)] = Int32(target) }
    }

    private mutating func grow() {
        let old = edges
        edges = [UInt64](repeating: 0, count: old.count * 2)
        shift -= 1
        for w in old where w != 0 { edges[slot(w & Self.keyMask)] = w }
    }

    /// Adds `key`; an existing payload for the same key is kept (first definition wins). Past
    /// `nodeLimit` nodes, keys are no longer added.
    mutating func insert(_ key: some Collection<Unicode.Scalar>, _ value: Int) {
        if !prefixBits.isEmpty {
            var first = key.makeIterator()
            if let a = first.next()?.value {
                let b = first.next()?.value ?? 0
                let k = Self.prefixBit(a, b, b == 0 ? 0 : first.next()?.value ?? 0)
                prefixBits[k >> 6] |= 1 << UInt64(k & 63)
            }
        }
        var node = 0
        for s in key {
            let v = s.value
            var next = node == 0 ? rootChild(v) : child(node, nodes[node], v)
            if next == 0 {
                guard nodes.count < Self.nodeLimit else { return }
                next = nodes.count
                nodes.append(Self.noChain)
                payload.append(-1)
                // A node created right before has no child yet: its first one is node + 1.
                if node != 0, next == node + 1 {
                    nodes[node] = nodes[node] & ~Self.scalarMask | v
                } else {
                    addHashedEdge(node, v, next)
                }
            }
            node = next
        }
        guard node != 0, payload[node] < 0 else { return }
        payload[node] = Int32(truncatingIfNeeded: value)
        nodes[node] |= Self.endsKey
    }

    mutating func insert(_ key: String, _ value: Int) {
        insert(key.unicodeScalars, value)
    }

    // The walks read the text through a buffer pointer: `end` is clamped to the text, so the
    // indices are in range, and a checked subscript per scalar shows in the profile.

    /// Calls `body(length, value)` for every key that ends right before `end`, read backwards, for
    /// a trie built from reversed keys; shortest first.
    func forEachMatchBackward(in s: [Unicode.Scalar], endingAt end: Int, _ body: (Int, Int) -> Void) {
        s.withUnsafeBufferPointer { s in
            var i = min(end, s.count) - 1
            guard i >= 0 else { return }
            var node = rootChild(s[i].value)
            while node != 0 {
                let info = info(node)
                if info & Self.endsKey != 0 { body(end - i, value(node)) }
                i -= 1
                guard i >= 0 else { return }
                node = child(node, info, s[i].value)
            }
        }
    }

    /// Does any key end right before `end` (reversed-key trie)?
    func hasMatchBackward(in s: [Unicode.Scalar], endingAt end: Int) -> Bool {
        s.withUnsafeBufferPointer { s in
            var i = min(end, s.count) - 1
            guard i >= 0 else { return false }
            var node = rootChild(s[i].value)
            while node != 0 {
                let info = info(node)
                if info & Self.endsKey != 0 { return true }
                i -= 1
                guard i >= 0 else { return false }
                node = child(node, info, s[i].value)
            }
            return false
        }
    }

    /// Calls `body(length, value)` for every key that starts at `start`, shortest first.
    @inline(__always)
    func forEachMatch(in s: [Unicode.Scalar], from start: Int, limit: Int? = nil,
                      _ body: (Int, Int) -> Void) {
        s.withUnsafeBufferPointer { s in
            let end = min(limit ?? s.count, s.count)
            guard start >= 0, start < end else { return }
            var node = rootChild(s[start].value)
            var i = start + 1
            while node != 0 {
                let info = info(node)
                if info & Self.endsKey != 0 { body(i - start, value(node)) }
                guard i < end else { return }
                node = child(node, info, s[i].value)
                i += 1
            }
        }
    }

    @inline(__always)
    func longestMatch(in s: [Unicode.Scalar], from start: Int, limit: Int? = nil) -> (length: Int, value: Int)? {
        s.withUnsafeBufferPointer { s in
            let end = min(limit ?? s.count, s.count)
            guard start >= 0, start < end else { return nil }
            var node = rootChild(s[start].value)
            var best = 0, bestEnd = 0
            var i = start + 1
            while node != 0 {
                let info = info(node)
                if info & Self.endsKey != 0 { (best, bestEnd) = (node, i) }
                guard i < end else { break }
                node = child(node, info, s[i].value)
                i += 1
            }
            return best == 0 ? nil : (bestEnd - start, value(best))
        }
    }

    /// The payload of the longest key at the first position of `text` where any key starts.
    func firstLongestMatch(in text: String.UnicodeScalarView) -> Int? {
        var i = text.startIndex
        while i < text.endIndex {
            var node = rootChild(text[i].value)
            var best = 0
            var j = text.index(after: i)
            while node != 0 {
                let info = info(node)
                if info & Self.endsKey != 0 { best = node }
                guard j < text.endIndex else { break }
                node = child(node, info, text[j].value)
                j = text.index(after: j)
            }
            if best != 0 { return value(best) }
            i = text.index(after: i)
        }
        return nil
    }

    /// Is there any key starting at `start`?
    @inline(__always)
    func hasMatch(in s: [Unicode.Scalar], from start: Int, limit: Int) -> Bool {
        s.withUnsafeBufferPointer { s in
            let end = min(limit, s.count)
            guard start >= 0, start < end else { return false }
            if !prefixBits.isEmpty {
                // A key of one, two, or three scalars and more: any starting here has one of these bits.
                let a = s[start].value
                let b = start + 1 < end ? s[start + 1].value : 0
                let c = start + 2 < end ? s[start + 2].value : 0
                guard prefixBit(Self.prefixBit(a, 0, 0)) | prefixBit(Self.prefixBit(a, b, 0))
                        | prefixBit(Self.prefixBit(a, b, c)) != 0 else { return false }
            }
            var node = rootChild(s[start].value)
            var i = start + 1
            while node != 0 {
                let info = info(node)
                if info & Self.endsKey != 0 { return true }
                guard i < end else { return false }
                node = child(node, info, s[i].value)
                i += 1
            }
            return false
        }
    }
}

/// The compiled lexicon: names of national bodies and well-known organizations, regions, and the
/// standard departments every region has (combined by rule while recognizing).
struct OrganizationLexicon: Sendable {
    enum RegionKind: String, Sendable { case province, municipality, city }

    struct Region: Sendable {
        var name: String
        var kind: RegionKind
        var province: String?
    }

    struct Department: Sendable {
        var full: String
        var type: OrganizationType
    }

    var entries: [LexiconEntry] = []
    /// Each entry's canonical name as scalars, to tell cheaply whether a match is spelled that way.
    var canonicalScalars: [[Unicode.Scalar]] = []
    var regions: [Region] = []
    /// Full region names as scalars, to tell 江苏省 from 江苏 without building strings.
    var regionScalars: [[Unicode.Scalar]] = []
    var departments: [Department] = []
    /// Surface form → entry index.
    var names = OrgTrie()
    /// Region full or short name → region index.
    var regionNames = OrgTrie()
    /// Department full or short form → department index.
    var departmentNames = OrgTrie()

    /// What may start at a text position, from its first two scalars with two table loads:
    /// `startClasses` by the first scalar, `pairClasses` by a hash of the first two. The classes
    /// are a superset (hash collisions only add some): they only decide which real lookups run.
    private(set) var startClasses: [UInt8] = OrganizationLexicon.fixedClasses.start
    private(set) var pairClasses: [UInt8] = OrganizationLexicon.fixedClasses.pair

    static let nameStart: UInt8 = 1
    static let regionStart: UInt8 = 2
    /// 省/市 followed by a standard department (a department of the article's region).
    static let shengShiStart: UInt8 = 4
    static let anchorStart: UInt8 = 8
    /// A strong suffix: where a free-standing name may end.
    static let suffixStart: UInt8 = 16
    /// A brand ending (科技, 投资): where a company named by its brand may end.
    static let brandStart: UInt8 = 32
    static let anyStart: UInt8 = 0x3F
    /// Where an organization may start, and where one may end (free-standing names and brands are
    /// found from their ending): two lists, so each pass visits only its own positions.
    static let endingStarts: UInt8 = suffixStart | brandStart
    static let headStarts: UInt8 = anyStart & ~endingStarts

    /// Text positions, ascending, with the classes that may start at each: one packed entry per
    /// position (position << 8 | classes).
    struct StartList {
        private var entries: [Int] = []

        init() {}

        /// Entries `position << 8 | classes`, in ascending position.
        init(entries: [Int]) {
            self.entries = entries
        }

        var count: Int { entries.count }
        @inline(__always) func position(_ k: Int) -> Int { entries[k] >> 8 }
        @inline(__always) func classes(_ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: entries[k]) }

        /// Index of the first position at or after `position`.
        func first(atOrAfter position: Int) -> Int {
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid] >> 8 < position { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }
    /// The start classes of a scalar above the BMP, which the 64 K table does not cover: all bits, so
    /// none is ruled out.
    static let allStartClasses: UInt8 = 0xFF
    /// Some key of a single scalar starts with this scalar: the pair table cannot rule anything out.
    private static let singleScalarKey: UInt8 = 0x80
    /// The second scalar of some key (for 省/市 + department: the department's first). A scalar with
    /// no bit at all neither starts a key nor continues one's first scalar.
    private static let secondScalar: UInt8 = 0x40
    /// Some key is a single scalar, so a position cannot be ruled out by the scalar after it (every
    /// scalar has been marked a second one).
    private var hasSingleScalarKeys = false

    private static let sheng: UInt32 = 0x7701  // 省
    private static let shi: UInt32 = 0x5E02    // 市

    /// Anchors and suffixes (all longer than one scalar).
    private static let fixedClasses: (start: [UInt8], pair: [UInt8]) = {
        // BMP scalars only: those above it are never ruled out (`starts` gives them all bits).
        var start: [UInt8] = zeroedTable(0x10000)
        var pair: [UInt8] = zeroedTable(0x10000)
        for w in OrgRules.anchors { _ = mark(w, anchorStart, &start, &pair) }
        for (w, _, strong) in OrgRules.suffixList where strong { _ = mark(w, suffixStart, &start, &pair) }
        for w in OrgRules.brandSuffixes { _ = mark(w, brandStart, &start, &pair) }
        start[Int(sheng)] |= shengShiStart
        start[Int(shi)] |= shengShiStart
        return (start, pair)
    }()

    @inline(__always) private static func pairIndex(_ a: UInt32, _ b: UInt32) -> Int {
        Int(((a &* 0x9E37_79B1) ^ (b &* 0x85EB_CA77)) >> 16)
    }

    /// Marks where `word` may start; true when it is a single scalar.
    private static func mark(_ word: String, _ flag: UInt8, _ start: inout [UInt8], _ pair: inout [UInt8]) -> Bool {
        var scalars = word.unicodeScalars.makeIterator()
        guard let first = scalars.next()?.value else { return false }
        let second = scalars.next()?.value
        // Astral scalars are never ruled out (see `starts`): nothing to mark for them.
        if let second, second < 0x10000 { start[Int(second)] |= secondScalar }
        guard first < 0x10000 else { return second == nil }
        start[Int(first)] |= flag
        guard let second else {
            start[Int(first)] |= singleScalarKey
            return true
        }
        pair[pairIndex(first, second)] |= flag
        return false
    }

    private mutating func markStart(_ word: String, _ flag: UInt8) {
        guard Self.mark(word, flag, &startClasses, &pairClasses), !hasSingleScalarKeys else { return }
        // A key of one scalar starts whatever follows it: no scalar may rule out the position before
        // it any more (see `starts`), so every one becomes some key's second (astral ones are already).
        hasSingleScalarKeys = true
        startClasses.withUnsafeMutableBufferPointer { start in
            for v in 0..<0x10000 { start[v] |= Self.secondScalar }
        }
    }

    /// Every position of `s` where a name, region, anchor or 省/市 department (`heads`), or a strong
    /// suffix or brand ending (`endings`) may start, with the classes that may, so the recognizer's
    /// passes visit these few positions instead of every scalar. When every key has two scalars or
    /// more, a key starts at i only if the next scalar is some key's second. (A single-scalar key makes
    /// every scalar a second one: see `markStart`.) Each scalar's class byte is loaded once; then
    /// sixteen positions at a time keep those whose scalar starts a key and whose next continues one,
    /// and only those (about one in ten of Chinese text) go on to the pair table, whose answer decides
    /// by arithmetic, not by a branch, whether a list keeps the position. Deciding position by position
    /// cost a mispredicted branch every few scalars, and a branch on the pair table's answer one at
    /// about every other candidate.
    ///
    /// `given`: the text's start classes (`startClasses`, all bits above the BMP) and 17 zero bytes after
    /// them, when the caller has them (`ReadingClasses`).
    func starts(in s: [Unicode.Scalar], classes given: UnsafePointer<UInt8>? = nil) -> (heads: StartList, endings: StartList) {
        let n = s.count
        guard n > 0 else { return (StartList(), StartList()) }
        var headEntries: [Int] = [], endingEntries: [Int] = []
        s.withUnsafeBufferPointer { p in
            startClasses.withUnsafeBufferPointer { start in
                pairClasses.withUnsafeBufferPointer { pair in
                    // Seventeen zero bytes after the last class: nothing follows the last scalar, and
                    // the last block's loads stay inside.
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: given == nil ? n + 17 : 0) { buffer in
                        let classes = given ?? UnsafePointer(buffer.baseAddress!)
                        if given == nil {
                            // Scalars above the BMP are never ruled out (all bits).
                            ClassBytes.load(p, table: start.baseAddress!, into: buffer.baseAddress!, astral: { _ in Self.allStartClasses })
                            for i in n..<n + 17 { buffer[i] = 0 }
                        }
                        let bytes = UnsafeRawPointer(classes)
                        let any = SIMD16<UInt8>(repeating: Self.anyStart)
                        let second = SIMD16<UInt8>(repeating: Self.secondScalar)
                        let zero = SIMD16<UInt8>(repeating: 0)
                        /// The positions i..<i + 16 that go on to the pair table, as bits.
                        @inline(__always) func candidates(_ i: Int) -> UInt32 {
                            let here = bytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                            let next = bytes.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
                            return ((here & any .!= zero) .& (next & second .!= zero)).laneBits
                        }
                        // Counted first, so that the lists have room for every candidate (and the last
                        // scalar) and take them without a capacity check.
                        var total = 1
                        var i = 0
                        while i < n {
                            total &+= candidates(i).nonzeroBitCount
                            i &+= 16
                        }
                        headEntries = [Int](unsafeUninitializedCapacity: total) { heads, headCount in
                            endingEntries = [Int](unsafeUninitializedCapacity: total) { endings, endingCount in
                                var h = 0, e = 0
                                // Written to both lists; a list's count moves past the entry only when the
                                // position has classes of that list.
                                @inline(__always) func keep(_ k: Int, _ c: UInt8) {
                                    let head = c & Self.headStarts, ending = c & Self.endingStarts
                                    heads[h] = k << 8 | Int(head)
                                    h &+= head != 0 ? 1 : 0
                                    endings[e] = k << 8 | Int(ending)
                                    e &+= ending != 0 ? 1 : 0
                                }
                                var i = 0
                                while i < n {
                                    var bits = candidates(i)
                                    while bits != 0 {
                                        // k + 1 < n: the padding after the last scalar is no key's second.
                                        let k = i &+ bits.trailingZeroBitCount
                                        bits &= bits &- 1
                                        let c = classes[k]
                                        let paired = pair[Self.pairIndex(p[k].value, p[k &+ 1].value)]
                                        keep(k, c & (c & Self.singleScalarKey != 0 ? 0xFF : paired))
                                    }
                                    i &+= 16
                                }
                                // The last scalar can only start a single-scalar key.
                                let c = classes[n - 1]
                                keep(n - 1, c & Self.singleScalarKey != 0 ? c : 0)
                                headCount = h
                                endingCount = e
                            }
                        }
                    }
                }
            }
        }
        return (StartList(entries: headEntries), StartList(entries: endingEntries))
    }

    init() {}

    /// Is s[i..<i + length] entry `entry`'s canonical name?
    func spellsCanonical(_ entry: Int, in s: [Unicode.Scalar], at i: Int, length: Int) -> Bool {
        Self.spells(canonicalScalars, entry, s, i, length)
    }

    func isFullRegionName(_ region: Int, in s: [Unicode.Scalar], at i: Int, length: Int) -> Bool {
        Self.spells(regionScalars, region, s, i, length)
    }

    /// Is s[i..<i + length] the name `names[k]`?
    private static func spells(_ names: [[Unicode.Scalar]], _ k: Int, _ s: [Unicode.Scalar], _ i: Int, _ length: Int) -> Bool {
        guard k >= 0, k < names.count, i >= 0, i + length <= s.count else { return false }
        let name = names[k]
        guard name.count == length else { return false }
        for j in 0..<length where s[i + j] != name[j] { return false }
        return true
    }

    init(entries: [LexiconEntry], regions: [Region], departments: [(full: String, short: [String], type: OrganizationType)],
         regionShortNames: [[String]]) {
        // Indexed while empty: inserts then keep the root table current.
        regionNames.indexRoot()
        departmentNames.indexRoot()
        names.indexRoot()
        names.indexPrefixes()
        for (i, r) in regions.enumerated() {
            self.regions.append(r)
            regionScalars.append(Array(r.name.unicodeScalars))
            regionNames.insert(r.name, i)
            markStart(r.name, Self.regionStart)
            for s in regionShortNames[i] {
                regionNames.insert(s, i)
                markStart(s, Self.regionStart)
            }
        }
        for (i, d) in departments.enumerated() {
            self.departments.append(Department(full: d.full, type: d.type))
            for s in [d.full] + d.short {
                departmentNames.insert(s, i)
                // 省工信厅, 市委: 省/市 and the department's first scalar.
                if let first = s.unicodeScalars.first?.value {
                    pairClasses[Self.pairIndex(Self.sheng, first)] |= Self.shengShiStart
                    pairClasses[Self.pairIndex(Self.shi, first)] |= Self.shengShiStart
                    if first < 0x10000 { startClasses[Int(first)] |= Self.secondScalar }
                }
            }
        }
        add(entries)
    }

    mutating func add(_ more: [LexiconEntry]) {
        for e in more where !e.canonical.isEmpty {
            let i = entries.count
            entries.append(e)
            canonicalScalars.append(Array(e.canonical.unicodeScalars))
            names.insert(e.canonical, i)
            markStart(e.canonical, Self.nameStart)
            for s in e.shortForms {
                names.insert(s, i)
                markStart(s, Self.nameStart)
            }
        }
    }

    /// The bundled lexicon, loaded once; empty (never a crash) when the resource is missing or broken.
    static let bundled: OrganizationLexicon = {
        guard let url = Bundle.module.url(forResource: "organizations", withExtension: "tsv"),
              let data = try? Data(contentsOf: url) else { return OrganizationLexicon() }
        return (try? decode([UInt8](data))) ?? OrganizationLexicon()
    }()

    struct Malformed: Error {}

    /// Reads the tab-separated lexicon (its format is described at the head of organizations.tsv):
    /// `region`, `department` and `entry` records, one per line; `#` starts a comment line. Strict:
    /// an unknown record, a wrong field count or invalid UTF-8 throws, so a broken resource yields the
    /// empty lexicon.
    static func decode(_ bytes: [UInt8]) throws -> OrganizationLexicon {
        // One check of the whole file (decoding repairs invalid UTF-8, so the bytes would differ);
        // each field then becomes a String without being checked again.
        var whole = String(decoding: bytes, as: UTF8.self)
        let valid = whole.withUTF8 { decoded in
            decoded.count == bytes.count
                && (bytes.isEmpty || bytes.withUnsafeBufferPointer { memcmp(decoded.baseAddress!, $0.baseAddress!, bytes.count) == 0 })
        }
        guard valid else { throw Malformed() }
        var regions: [Region] = []
        var regionShortNames: [[String]] = []
        var departments: [(full: String, short: [String], type: OrganizationType)] = []
        var entries: [LexiconEntry] = []
        try bytes.withUnsafeBufferPointer { b in
            var fields: [Range<Int>] = []
            func string(_ k: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: b[fields[k]]), as: UTF8.self)
            }
            func optional(_ k: Int) -> String? { fields[k].isEmpty ? nil : string(k) }
            func list(_ k: Int) -> [String] {
                var out: [String] = []
                var start = fields[k].lowerBound
                for i in fields[k] where b[i] == UInt8(ascii: "|") {
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                    start = i + 1
                }
                if start < fields[k].upperBound || !out.isEmpty {
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<fields[k].upperBound]), as: UTF8.self))
                }
                return out
            }
            func record(is name: StaticString) -> Bool {
                let r = fields[0]
                guard r.count == name.utf8CodeUnitCount else { return false }
                for k in 0..<r.count where b[r.lowerBound + k] != name.utf8Start[k] { return false }
                return true
            }
            var lineStart = 0
            while lineStart < b.count {
                var lineEnd = lineStart
                while lineEnd < b.count, b[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                var end = lineEnd
                if end > lineStart, b[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                guard end > lineStart, b[lineStart] != UInt8(ascii: "#") else { continue }
                fields.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                for i in lineStart..<end where b[i] == UInt8(ascii: "\t") {
                    fields.append(fieldStart..<i)
                    fieldStart = i + 1
                }
                fields.append(fieldStart..<end)
                if record(is: "region"), fields.count == 5 {
                    regions.append(Region(name: string(1), kind: RegionKind(rawValue: string(2)) ?? .city,
                                          province: optional(3)))
                    regionShortNames.append(list(4))
                } else if record(is: "department"), fields.count == 4 {
                    departments.append((full: string(1), short: list(3),
                                        type: OrganizationType(rawValue: string(2)) ?? .government))
                } else if record(is: "entry"), fields.count == 5 {
                    entries.append(LexiconEntry(canonical: string(1), shortForms: list(4),
                                                type: OrganizationType(rawValue: string(2)) ?? .other,
                                                parent: optional(3)))
                } else {
                    throw Malformed()
                }
            }
        }
        return OrganizationLexicon(entries: entries, regions: regions, departments: departments,
                                   regionShortNames: regionShortNames)
    }
}
