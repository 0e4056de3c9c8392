import Foundation

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

/// A map from scalar sequences to payload indices, walked one scalar at a time.
struct OrgTrie: Sendable {
    private var children: [[UInt32: Int32]] = [[:]]
    private var payload: [Int32] = [-1]

    /// Adds `key`; an existing payload for the same key is kept (first definition wins).
    mutating func insert(_ key: [Unicode.Scalar], _ value: Int) {
        guard let first = key.first else { return }
        if first.value < 0x10000 { firstScalars[Int(first.value)] = true }
        var node = 0
        for s in key {
            if let next = children[node][s.value] {
                node = Int(next)
            } else {
                children.append([:])
                payload.append(-1)
                let created = children.count - 1
                children[node][s.value] = Int32(created)
                node = created
            }
        }
        if payload[node] < 0 { payload[node] = Int32(value) }
    }

    /// First scalars of all keys (BMP only; astral first scalars are looked up in the trie).
    private(set) var firstScalars = [Bool](repeating: false, count: 0x10000)

    /// Cheap test before a walk: can any key start with `s`?
    func mayStart(with s: Unicode.Scalar) -> Bool {
        s.value < 0x10000 ? firstScalars[Int(s.value)] : children[0][s.value] != nil
    }

    /// Calls `body(length, value)` for every key that ends right before `end`, read backwards, for
    /// a trie built from reversed keys; shortest first.
    func forEachMatchBackward(in s: [Unicode.Scalar], endingAt end: Int, _ body: (Int, Int) -> Void) {
        var node = 0
        var i = end - 1
        while i >= 0, let next = children[node][s[i].value] {
            node = Int(next)
            if payload[node] >= 0 { body(end - i, Int(payload[node])) }
            i -= 1
        }
    }

    /// Calls `body(length, value)` for every key that starts at `start`, shortest first.
    func forEachMatch(in s: [Unicode.Scalar], from start: Int, limit: Int? = nil,
                      _ body: (Int, Int) -> Void) {
        let end = min(limit ?? s.count, s.count)
        guard start < end, mayStart(with: s[start]) else { return }
        var node = 0
        var i = start
        while i < end, let next = children[node][s[i].value] {
            node = Int(next)
            i += 1
            if payload[node] >= 0 { body(i - start, Int(payload[node])) }
        }
    }

    func longestMatch(in s: [Unicode.Scalar], from start: Int, limit: Int? = nil) -> (length: Int, value: Int)? {
        var best: (Int, Int)?
        forEachMatch(in: s, from: start, limit: limit) { best = ($0, $1) }
        return best
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
    var regions: [Region] = []
    var departments: [Department] = []
    /// Surface form → entry index.
    var names = OrgTrie()
    /// Region full or short name → region index.
    var regionNames = OrgTrie()
    /// Department full or short form → department index.
    var departmentNames = OrgTrie()

    init() {}

    init(entries: [LexiconEntry], regions: [Region], departments: [(full: String, short: [String], type: OrganizationType)],
         regionShortNames: [[String]]) {
        for (i, r) in regions.enumerated() {
            self.regions.append(r)
            regionNames.insert(Array(r.name.unicodeScalars), i)
            for s in regionShortNames[i] { regionNames.insert(Array(s.unicodeScalars), i) }
        }
        for (i, d) in departments.enumerated() {
            self.departments.append(Department(full: d.full, type: d.type))
            departmentNames.insert(Array(d.full.unicodeScalars), i)
            for s in d.short { departmentNames.insert(Array(s.unicodeScalars), i) }
        }
        add(entries)
    }

    mutating func add(_ more: [LexiconEntry]) {
        for e in more where !e.canonical.isEmpty {
            let i = entries.count
            entries.append(e)
            names.insert(Array(e.canonical.unicodeScalars), i)
            for s in e.shortForms { names.insert(Array(s.unicodeScalars), i) }
        }
    }

    /// The bundled lexicon, loaded once; empty (never a crash) when the resource is missing or broken.
    static let bundled: OrganizationLexicon = {
        guard let url = Bundle.module.url(forResource: "organizations", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return OrganizationLexicon() }
        return (try? decode(data)) ?? OrganizationLexicon()
    }()

    private struct RegionFile: Decodable {
        var name: String
        var short: [String]?
        var kind: String
        var province: String?
    }

    private struct DepartmentFile: Decodable {
        var full: String
        var short: [String]?
        var type: String?
    }

    private struct LexiconFile: Decodable {
        var regions: [RegionFile]?
        var departments: [DepartmentFile]?
        var entries: [LexiconEntry]?
    }

    static func decode(_ data: Data) throws -> OrganizationLexicon {
        let file = try JSONDecoder().decode(LexiconFile.self, from: data)
        let regionFiles = file.regions ?? []
        let regions = regionFiles.map {
            Region(name: $0.name, kind: RegionKind(rawValue: $0.kind) ?? .city, province: $0.province)
        }
        let departments = (file.departments ?? []).map {
            (full: $0.full, short: $0.short ?? [], type: OrganizationType(rawValue: $0.type ?? "") ?? .government)
        }
        return OrganizationLexicon(entries: file.entries ?? [], regions: regions, departments: departments,
                                   regionShortNames: regionFiles.map { $0.short ?? [] })
    }
}
