import Foundation
import PolicyText

/// The last merged lexicon, so a server re-analysing on every keystroke with the same configured
/// entries does not rebuild the name trie each time. `@unchecked Sendable`: both stored properties
/// are only read or written while `lock` is held.
final class MergedLexiconCache: @unchecked Sendable {
    static let shared = MergedLexiconCache()
    private let lock = NSLock()
    private var key: [LexiconEntry] = []
    private var value: OrganizationLexicon?

    func lexicon(for extra: [LexiconEntry]) -> OrganizationLexicon {
        lock.lock()
        if let v = value, key == extra {
            lock.unlock()
            return v
        }
        lock.unlock()
        let built = OrganizationRecognizer.merged(extra)
        lock.lock()
        key = extra
        value = built
        lock.unlock()
        return built
    }
}

/// Finds organizations: government and party bodies, companies, associations, institutes,
/// universities, media, banks. Lexicon first (longest match), then region + standard department
/// (江苏省 + 工信厅), then names anchored on a region or 中国/国家 and ending in an organization suffix,
/// then nested bodies (工业和信息化部 + 网络安全管理局), and last free-standing names ending in a strong
/// suffix (…股份有限公司, …协会). Precision over recall: a false organization is worse than a miss.
public enum OrganizationRecognizer {
    /// The bundled lexicon with user entries in front (they take precedence over bundled ones with the
    /// same surface form).
    static func merged(_ extraLexicon: [LexiconEntry]) -> OrganizationLexicon {
        var merged = OrganizationLexicon.bundled
        merged.entries = []
        merged.canonicalScalars = []
        merged.names = OrgTrie()
        merged.names.indexRoot()
        merged.names.indexPrefixes()
        merged.add(extraLexicon)
        merged.add(OrganizationLexicon.bundled.entries)
        return merged
    }

    /// The lexicon the recognizer uses with `extraLexicon`.
    static func lexicon(with extraLexicon: [LexiconEntry]) -> OrganizationLexicon {
        extraLexicon.isEmpty ? OrganizationLexicon.bundled : MergedLexiconCache.shared.lexicon(for: extraLexicon)
    }

    public static func recognize(in view: ReadingView, articles: [Article],
                                 extraLexicon: [LexiconEntry] = []) -> [OrganizationMention] {
        let n = view.scalars.count
        return recognize(in: view, lexicon: lexicon(with: extraLexicon), articles: articles.map { a in
            let lo = max(0, min(n, view.readingOffset(forSource: a.range.lowerBound)))
            return (lo..<max(lo, min(n, view.readingOffset(forSource: a.range.upperBound))), a.headline)
        })
    }

    /// The same for articles in reading offsets, as the analyzer has them (no source offsets to map
    /// back: two binary searches over the source map per article), by `lexicon`. `classes`: the reading
    /// text's start classes by `lexicon` when the caller has them (`ReadingClasses`).
    static func recognize(in view: ReadingView, readingArticles: [ReadingArticle], lexicon: OrganizationLexicon,
                          classes: [UInt8]? = nil) -> [OrganizationMention] {
        let n = view.scalars.count
        return recognize(in: view, lexicon: lexicon, classes: classes, articles: readingArticles.map { a in
            let lo = max(0, min(n, a.range.lowerBound))
            return (lo..<max(lo, min(n, a.range.upperBound)), a.headline)
        })
    }

    /// `articles`: each article's extent in reading offsets, with its headline.
    private static func recognize(in view: ReadingView, lexicon: OrganizationLexicon, classes: [UInt8]? = nil,
                                  articles: [(range: Range<Int>, headline: String?)]) -> [OrganizationMention] {
        let s = view.scalars
        let scanner = OrgScanner(s: s, lexicon: lexicon, classes: classes)
        var found: [OrgCandidate] = []
        var scratch = OrgScanner.Scratch()
        let scopes = segments(articles, count: s.count)
        for segment in scopes {
            scanner.scan(segment.range, headline: segment.headline, into: &found, scratch: &scratch)
        }
        if found.contains(where: { $0.isBrand }) {
            propagateBrands(&found, scanner: scanner, scopes: scopes.map(\.range))
        }
        var mentions: [OrganizationMention] = []
        mentions.reserveCapacity(found.count)
        for k in found.indices {
            let start = found[k].start, end = found[k].end
            // Most names are written as their canonical form: share that string instead of making one.
            let text = found[k].spelled ?? OrgScanner.spells(found[k].canonical, s, start, end)
                ? found[k].canonical : OrgScanner.string(s, start, end)
            mentions.append(OrganizationMention(text: text, range: view.sourceRange(forReading: start..<end),
                                                canonical: found[k].canonical, type: found[k].type, parent: found[k].parent))
        }
        return mentions
    }

    /// A brand recognized once by its title (西井科技CEO) names the company wherever else it stands
    /// alone in the same article (西井科技作为…), when it starts after a boundary. Per article, as every
    /// context is (text outside articles is a scope of its own): a document analysed in article-aligned
    /// parts must find what the whole analysis finds. `scopes`: the articles and the text between them,
    /// in order, as scanned. Every brand ends in a brand suffix (科技, 投资), which is one of the
    /// scanner's starts: only the positions one brand length before such a suffix's end can start a
    /// brand, so the gaps visit only those (a bitset).
    private static func propagateBrands(_ found: inout [OrgCandidate], scanner: OrgScanner, scopes: [Range<Int>]) {
        let s = scanner.s, rules = scanner.rules
        let endings = scanner.endings
        var mayStart = [UInt64](repeating: 0, count: s.count / 64 + 1)
        /// The first marked position in [j, hi), or hi.
        func nextMarked(_ j: Int, _ hi: Int) -> Int {
            var w = j >> 6
            guard j < hi, w < mayStart.count else { return hi }
            var word = mayStart[w] & (~UInt64(0) << UInt64(j & 63))
            while word == 0 {
                w += 1
                guard w << 6 < hi, w < mayStart.count else { return hi }
                word = mayStart[w]
            }
            return min(hi, w << 6 + word.trailingZeroBitCount)
        }
        // The new mentions, in text order, each with the index of the name it comes before.
        var added: [(before: Int, candidate: OrgCandidate)] = []
        var first = 0, ending = 0
        for scope in scopes {
            var last = first
            while last < found.count, found[last].start < scope.upperBound { last += 1 }
            defer { first = last }
            var brands: [String] = []
            var lengths: [Int] = []
            for k in first..<last where found[k].isBrand && !brands.contains(found[k].canonical) {
                brands.append(found[k].canonical)
                let length = found[k].end - found[k].start
                if !lengths.contains(length) { lengths.append(length) }
            }
            while ending < endings.count, endings.position(ending) < scope.lowerBound { ending += 1 }
            guard !brands.isEmpty else { continue }
            let trie = OrgTrie(brands)
            var k = ending
            while k < endings.count, endings.position(k) < scope.upperBound {
                let q = endings.position(k)
                if endings.classes(k) & OrganizationLexicon.brandStart != 0 {
                    rules.brandSuffixTrie.forEachMatch(in: s, from: q) { length, _ in
                        for l in lengths where q + length >= l && q + length - l >= scope.lowerBound {
                            let j = q + length - l
                            mayStart[j >> 6] |= 1 << UInt64(j & 63)
                        }
                    }
                }
                k += 1
            }
            func scanGap(_ lo: Int, _ hi: Int, before index: Int) {
                var j = nextMarked(lo, hi)
                while j < hi {
                    if j == 0 || !OrgRules.isCJK(s[j - 1]) || rules.isStopChar(s[j - 1].value),
                       let m = trie.longestMatch(in: s, from: j, limit: hi), m.value < brands.count {
                        added.append((index, OrgCandidate(start: j, end: j + m.length, canonical: brands[m.value], type: .company, spelled: true)))
                        j = nextMarked(j + m.length, hi)
                    } else {
                        j = nextMarked(j + 1, hi)
                    }
                }
            }
            var gapStart = scope.lowerBound
            for k in first..<last {
                if found[k].start > gapStart { scanGap(gapStart, found[k].start, before: k) }
                gapStart = max(gapStart, found[k].end)
            }
            if gapStart < scope.upperBound { scanGap(gapStart, scope.upperBound, before: last) }
        }
        for k in found.indices { found[k].isBrand = false }
        found.insert(added)
    }

    /// The articles' extents (within 0..<n), sorted, with the text between articles as extra segments.
    private static func segments(_ articles: [(range: Range<Int>, headline: String?)], count n: Int)
        -> [(range: Range<Int>, headline: String?)] {
        var spans = articles.filter { !$0.range.isEmpty }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out: [(range: Range<Int>, headline: String?)] = []
        out.reserveCapacity(2 * spans.count + 1)
        var cursor = 0
        for (r, h) in spans {
            let lo = max(r.lowerBound, cursor)
            if lo > cursor { out.append((cursor..<lo, nil)) }
            if r.upperBound > lo { out.append((lo..<r.upperBound, h)) }
            cursor = max(cursor, r.upperBound)
        }
        if cursor < n { out.append((cursor..<n, nil)) }
        return out
    }
}

struct OrgCandidate: Sendable {
    var start: Int
    var end: Int
    var canonical: String
    var type: OrganizationType
    var parent: String?
    /// Found by `brandBeforeTitle`: propagated to the brand's other mentions, then cleared.
    var isBrand = false
    /// Is the canonical name the text itself? nil: not known.
    var spelled: Bool?
}

/// Region + department names composed so far in one analysis (see `OrgScanner.composed`); a class
/// so the scanner's lookups can add to it.
final class ComposedNames {
    struct Entry {
        var region: String
        var department: Int
        var canonical: String
        var parent: String?
    }

    /// A document names few regions: past this many pairs, names are composed without being kept.
    static let capacity = 64
    var entries: [Entry] = []
}

struct OrgScanner {
    let s: [Unicode.Scalar]
    let lexicon: OrganizationLexicon
    let rules = OrgRules.tables
    private let n: Int
    /// Where an organization may start, and where a free-standing name or brand may end (see
    /// `OrganizationLexicon.starts`).
    let heads: OrganizationLexicon.StartList
    let endings: OrganizationLexicon.StartList
    private let composedNames = ComposedNames()
    private static let sheng: UInt32 = 0x7701  // 省
    private static let shi: UInt32 = 0x5E02    // 市
    private static let he: UInt32 = 0x548C     // 和
    private static let partyPrefix = "中共"

    init(s: [Unicode.Scalar], lexicon: OrganizationLexicon, classes: [UInt8]? = nil) {
        self.s = s
        self.lexicon = lexicon
        self.n = s.count
        (heads, endings) = classes?.withUnsafeBufferPointer { lexicon.starts(in: s, classes: $0.baseAddress) }
            ?? lexicon.starts(in: s)
    }

    private func text(_ a: Int, _ b: Int) -> String {
        OrgScanner.string(s, a, b)
    }

    /// s[a..<b] as a String, encoded straight into the string's UTF-8 storage (building it through
    /// `String.UnicodeScalarView` from a slice costs thousands of instructions per name).
    static func string(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        string(after: "", s, a, b)
    }

    /// `prefix` followed by s[a..<b], built at once (a nested body's name after its parent's).
    static func string(after prefix: String, _ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        guard a < b, a >= 0, b <= s.count else { return prefix }
        var prefix = prefix
        return prefix.withUTF8 { head in
            s.withUnsafeBufferPointer { p in
                var bytes = head.count
                for k in a..<b { bytes += UTF8.width(p[k]) }
                return String(unsafeUninitializedCapacity: bytes) { buffer in
                    var w = head.count
                    if let from = head.baseAddress, let to = buffer.baseAddress { memcpy(to, from, w) }
                    for k in a..<b {
                        let v = p[k].value
                        if v < 0x80 {
                            buffer[w] = UInt8(v)
                            w += 1
                        } else if v < 0x800 {
                            buffer[w] = UInt8(0xC0 | v >> 6)
                            buffer[w + 1] = UInt8(0x80 | v & 0x3F)
                            w += 2
                        } else if v < 0x10000 {
                            buffer[w] = UInt8(0xE0 | v >> 12)
                            buffer[w + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                            buffer[w + 2] = UInt8(0x80 | v & 0x3F)
                            w += 3
                        } else {
                            buffer[w] = UInt8(0xF0 | v >> 18)
                            buffer[w + 1] = UInt8(0x80 | v >> 12 & 0x3F)
                            buffer[w + 2] = UInt8(0x80 | v >> 6 & 0x3F)
                            buffer[w + 3] = UInt8(0x80 | v & 0x3F)
                            w += 4
                        }
                    }
                    return w
                }
            }
        }
    }

    /// Is `word` exactly s[a..<b]?
    static func spells(_ word: String, _ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Bool {
        guard a <= b, a >= 0, b <= s.count else { return false }
        var k = a
        for u in word.unicodeScalars {
            guard k < b, s[k] == u else { return false }
            k += 1
        }
        return k == b
    }

    // MARK: Context: the province and city an article is about

    /// A region name in the text: the province and city in force from `pos` on.
    struct RegionHit { var pos: Int; var region: Int }

    /// Buffers of `scan` kept across segments, so each segment does not grow new ones.
    struct Scratch {
        var hits: [RegionHit] = []
        /// Free-standing names, each with the index in `found` it goes before.
        var freeStanding: [(before: Int, candidate: OrgCandidate)] = []
    }

    private func context(of regionIndex: Int) -> (province: String?, city: String?) {
        let r = lexicon.regions[regionIndex]
        switch r.kind {
        case .province: return (r.name, nil)
        case .municipality: return (r.name, r.name)
        case .city: return (r.province, r.name)
        }
    }

    /// The regions in force at a position, as region indices (names are looked up only when a
    /// position asks): those of the last region names before it that give a province and a city (see
    /// `context(of:)`), else the headline's first region.
    struct RegionsInForce {
        var province: Int?
        var city: Int?
        /// Looked up on first use (`lookUpHeadline`): few positions ask (a 省/市 department), and the
        /// headline is walked as a String.
        var headline: Int?
        var headlineLooked = false
    }

    private func lookUpHeadline(_ headline: String?, _ regions: inout RegionsInForce) {
        guard !regions.headlineLooked else { return }
        regions.headlineLooked = true
        regions.headline = headlineRegion(headline)
    }

    /// Region `r` is named in the text: it gives the province, the city or both from there on.
    private func pass(_ r: Int, _ regions: inout RegionsInForce) {
        switch lexicon.regions[r].kind {
        case .province: regions.province = r
        case .municipality: (regions.province, regions.city) = (r, r)
        case .city:
            if lexicon.regions[r].province != nil { regions.province = r }
            regions.city = r
        }
    }

    /// The names of the province and city in force.
    private func names(of regions: RegionsInForce) -> (province: String?, city: String?) {
        let fallback = regions.headline.map(context(of:))
        return (regions.province.flatMap { context(of: $0).province } ?? fallback?.province,
                regions.city.flatMap { context(of: $0).city } ?? fallback?.city)
    }

    /// The region of the first region name in the headline.
    private func headlineRegion(_ headline: String?) -> Int? {
        guard let h = headline else { return nil }
        return lexicon.regionNames.firstLongestMatch(in: h.unicodeScalars)
    }

    // MARK: Scanning

    /// Appends the organizations of `range` to `found`, in text order.
    func scan(_ range: Range<Int>, headline: String?, into found: inout [OrgCandidate], scratch: inout Scratch) {
        let first = heads.first(atOrAfter: range.lowerBound)
        // Every region name in the range, greedy from the left (also those inside names found):
        // the province and city in force at each position.
        var hits: [RegionHit] = []
        swap(&hits, &scratch.hits)
        hits.removeAll(keepingCapacity: true)
        defer { swap(&hits, &scratch.hits) }
        // The names found from their start go straight into `found` (from `base` on); the
        // free-standing ones are inserted between them afterwards, so none is copied.
        let base = found.count
        var regionCursor = range.lowerBound
        var hitIndex = 0
        var regions = RegionsInForce()
        var i = range.lowerBound
        let end = range.upperBound
        var k = first
        // Only the positions where something may start; between them nothing can.
        while k < heads.count, heads.position(k) < end {
            let p = heads.position(k)
            let classes = heads.classes(k)
            k += 1
            var region: (length: Int, value: Int)?
            if classes & OrganizationLexicon.regionStart != 0, p >= regionCursor || p >= i {
                region = lexicon.regionNames.longestMatch(in: s, from: p, limit: end)
                if p >= regionCursor {
                    if let r = region { hits.append(RegionHit(pos: p, region: r.value)) }
                    regionCursor = p + (region?.length ?? 1)
                }
            }
            var cls = classes
            guard p >= i else { continue }
            i = p
            // Narrow the class with cheap trie walks (a key must really start here) before the
            // full lookups, which build candidates: most first-scalar hits go no further. (The
            // anchor walk is the full lookup.)
            if cls & OrganizationLexicon.nameStart != 0, !lexicon.names.hasMatch(in: s, from: i, limit: end) {
                cls &= ~OrganizationLexicon.nameStart
            }
            var anchor: (length: Int, value: Int)?
            if cls & OrganizationLexicon.anchorStart != 0 {
                anchor = rules.anchorTrie.longestMatch(in: s, from: i, limit: end)
                if anchor == nil { cls &= ~OrganizationLexicon.anchorStart }
            }
            if cls & OrganizationLexicon.shengShiStart != 0,
               !lexicon.departmentNames.hasMatch(in: s, from: i + 1, limit: end) {
                cls &= ~OrganizationLexicon.shengShiStart
            }
            if region == nil { cls &= ~OrganizationLexicon.regionStart }
            if cls == 0 { continue }
            while hitIndex < hits.count, hits[hitIndex].pos < i {
                pass(hits[hitIndex].region, &regions)
                hitIndex += 1
            }
            let followsMention = found.count > base && found[found.count - 1].end == i
            if cls & OrganizationLexicon.shengShiStart != 0 { lookUpHeadline(headline, &regions) }
            if let c = candidate(at: i, end: end, startClass: cls, region: region, anchor: anchor,
                                 regions: regions, followsMention: followsMention) {
                found.append(c)
                extendNested(&found[found.count - 1], end: end)  // in place: no copy of the candidate
                i = found[found.count - 1].end
            } else if let r = region {
                // A place name that starts no organization: step over it so no name starts inside it.
                i += r.length
            } else {
                i += 1
            }
        }
        insertFreeStanding(range: range, from: base, into: &found, scratch: &scratch.freeStanding)
        // 省光通信产业联盟 / 市中小企业…有限公司 found free-standing: the region comes from the article.
        // They are in text order, so one pointer into `hits` tracks the region in force.
        var passed = RegionsInForce()
        var h = 0
        for k in base..<found.count where found[k].parent == nil {
            let first = s[found[k].start].value
            guard first == OrgScanner.sheng || first == OrgScanner.shi else { continue }
            guard found[k].canonical == text(found[k].start, found[k].end) else { continue }
            while h < hits.count, hits[h].pos < found[k].start {
                pass(hits[h].region, &passed)
                h += 1
            }
            lookUpHeadline(headline, &passed)
            let (province, city) = names(of: passed)
            if let region = first == OrgScanner.sheng ? province : city {
                found[k].canonical = region + text(found[k].start + 1, found[k].end)
                found[k].spelled = nil
            }
        }
    }

    /// The best organization starting exactly at `i`, without nested extension.
    /// Only the lookups the start class allows run; `region` and `anchor` are the region name and
    /// anchor starting at `i`.
    private func candidate(at i: Int, end: Int, startClass cls: UInt8, region: (length: Int, value: Int)?,
                           anchor: (length: Int, value: Int)?, regions: RegionsInForce,
                           followsMention: Bool) -> OrgCandidate? {
        let lex = cls & OrganizationLexicon.nameStart != 0 ? lexiconMatch(at: i, end: end) : nil
        let reg = region.flatMap { regionDepartment(at: i, end: end, region: $0) }
        if let l = lex, let r = reg { return r.end > l.end ? r : l }
        if let l = lex { return l }
        if let r = reg { return r }
        if cls & OrganizationLexicon.shengShiStart != 0,
           let c = contextualDepartment(at: i, end: end, regions: regions, followsMention: followsMention) {
            return c
        }
        guard region != nil || anchor != nil else { return nil }
        return anchored(at: i, end: end, region: region, anchor: anchor)
    }

    private func endIsValid(_ e: Int) -> Bool {
        guard e > 0, e < n else { return true }
        return !rules.badFollow(s[e - 1].value, s[e].value)
    }

    private func lexiconMatch(at i: Int, end: Int) -> OrgCandidate? {
        if OrgRules.isASCIIAlnum(s[i]), i > 0, OrgRules.isASCIIAlnum(s[i - 1]) { return nil }
        var best: (Int, Int)?
        lexicon.names.forEachMatch(in: s, from: i, limit: end) { len, value in
            let e = i + len
            guard endIsValid(e) else { return }
            if OrgRules.isASCIIAlnum(s[e - 1]), e < n, OrgRules.isASCIIAlnum(s[e]) { return }
            best = (len, value)
        }
        guard let (len, value) = best else { return nil }
        let entry = lexicon.entries[value]
        return OrgCandidate(start: i, end: i + len, canonical: entry.canonical, type: entry.type, parent: entry.parent,
                            spelled: lexicon.spellsCanonical(value, in: s, at: i, length: len))
    }

    /// 江苏省工业和信息化厅, 江苏工信厅, 北京市委: a known region followed by a standard department.
    private func regionDepartment(at i: Int, end: Int, region r: (length: Int, value: Int)) -> OrgCandidate? {
        let region = lexicon.regions[r.value]
        let surfaceIsFull = lexicon.isFullRegionName(r.value, in: s, at: i, length: r.length)
        guard let d = departmentMatch(at: i + r.length, end: end, requireFullRegion: !surfaceIsFull) else { return nil }
        let (canonical, parent) = composed(region: region.name, department: d.value)
        return OrgCandidate(start: i, end: i + r.length + d.length, canonical: canonical,
                            type: lexicon.departments[d.value].type, parent: parent)
    }

    private func departmentMatch(at j: Int, end: Int, requireFullRegion: Bool) -> (length: Int, value: Int)? {
        guard j < end else { return nil }
        var best: (Int, Int)?
        lexicon.departmentNames.forEachMatch(in: s, from: j, limit: end) { len, value in
            guard endIsValid(j + len) else { return }
            // Party committees only after a full region name (江苏省委, not 江苏委).
            if requireFullRegion, lexicon.departments[value].type == .party { return }
            best = (len, value)
        }
        return best
    }

    /// The canonical name and parent of department `index` of `region`, each pair built once per
    /// analysis: documents name the same few bodies again and again (江苏省工信厅, 省委), and each
    /// composition concatenates two or three strings.
    private func composed(region: String, department index: Int) -> (String, String?) {
        for e in composedNames.entries where e.department == index && e.region == region {
            return (e.canonical, e.parent)
        }
        let (canonical, parent) = composed(region: region, department: lexicon.departments[index])
        if composedNames.entries.count < ComposedNames.capacity {
            composedNames.entries.append(.init(region: region, department: index, canonical: canonical, parent: parent))
        }
        return (canonical, parent)
    }

    private func composed(region: String, department d: OrganizationLexicon.Department) -> (String, String?) {
        if d.type == .party {
            let party = OrgScanner.partyPrefix + region
            return (party + d.full, d.full == "委" ? nil : party + "委")
        }
        let government = region + "人民政府"
        if d.full == "人民政府" { return (government, nil) }
        return (region + d.full, government)
    }

    /// 省工信厅 / 市经信委 / 省委: the region comes from the article.
    private func contextualDepartment(at i: Int, end: Int, regions: RegionsInForce,
                                      followsMention: Bool) -> OrgCandidate? {
        let v = s[i].value
        guard v == OrgScanner.sheng || v == OrgScanner.shi else { return nil }
        if i > 0, !followsMention {
            let p = s[i - 1]
            if rules.isCountPrefix(p.value) { return nil }
            if OrgRules.isCJK(p), !rules.isStopChar(p.value), p.value != OrgScanner.he { return nil }
        }
        guard let d = departmentMatch(at: i + 1, end: end, requireFullRegion: false) else { return nil }
        let dep = lexicon.departments[d.value]
        let (province, city) = names(of: regions)
        let region = v == OrgScanner.sheng ? province : city
        let fallbackRegion = v == OrgScanner.sheng ? "省" : "市"
        let (canonical, parent) = composed(region: region ?? fallbackRegion, department: d.value)
        return OrgCandidate(start: i, end: i + 1 + d.length, canonical: canonical, type: dep.type, parent: parent)
    }

    /// A CJK character that starts no suffix and no stop word and is no particle: inside a name it
    /// neither ends the name nor stops it (`suffix` is nil and `stopsAt` false), so both are skipped.
    private func isPlainNameCharacter(at j: Int) -> Bool {
        rules.isPlainNameCharacter(s[j].value)
    }

    /// Is `j` a point where a name must stop (particle, punctuation, title, verb)?
    private func stopsAt(_ j: Int, end: Int, allowConjunction: Bool) -> Bool {
        let c = s[j]
        if c.value == OrgScanner.he {
            for w in rules.heContinuations where matches(w, at: j + 1, end: end) { return false }
            return !(allowConjunction && conjunctionContinuesName(after: j + 1, end: end))
        }
        if !OrgRules.isCJK(c) && !OrgRules.isASCIILetter(c) { return true }
        if isStopChar(at: j) {
            if allowConjunction, c.value == 0x4E0E /* 与 */ || c.value == 0x53CA /* 及 */ {
                return !conjunctionContinuesName(after: j + 1, end: end)
            }
            return true
        }
        return rules.mayStartStopWord(c.value) && rules.stopWordTrie.hasMatch(in: s, from: j, limit: end)
    }

    /// 据 is a particle except in 数据 (大数据国家重点实验室).
    @inline(__always) private func isStopChar(at j: Int) -> Bool {
        guard rules.isStopChar(s[j].value) else { return false }
        if s[j] == "据", j > 0, s[j - 1] == "数" { return false }
        return true
    }

    /// Inside a nested name, 与/和 joins words of the name (中国产业与企业竞争力研究中心) unless a new
    /// organization starts after it (四川省经信厅与四川省通信管理局).
    private func conjunctionContinuesName(after j: Int, end: Int) -> Bool {
        guard j < end, OrgRules.isCJK(s[j]) else { return false }
        if rules.isStopChar(s[j].value) { return false }
        if lexicon.regionNames.hasMatch(in: s, from: j, limit: end) { return false }
        if lexicon.names.hasMatch(in: s, from: j, limit: end) { return false }
        return true
    }

    private func matches(_ w: [Unicode.Scalar], at j: Int, end: Int) -> Bool {
        guard j + w.count <= end else { return false }
        for k in 0..<w.count where s[j + k] != w[k] { return false }
        return true
    }

    /// Longest valid suffix starting at `j`.
    private func suffix(at j: Int, end: Int) -> (length: Int, index: Int)? {
        guard j < end, rules.mayStartSuffix(s[j].value) else { return nil }
        var best: (Int, Int)?
        rules.suffixTrie.forEachMatch(in: s, from: j, limit: end) { len, value in
            if endIsValid(j + len) { best = (len, value) }
        }
        return best
    }

    /// A region or 中国/国家 followed by name characters and the first organization suffix:
    /// 成都市人工智能产业协会, 西安电子科技大学, 中国电子视像行业协会.
    private func anchored(at i: Int, end: Int, region: (length: Int, value: Int)?,
                          anchor: (length: Int, value: Int)?) -> OrgCandidate? {
        var anchorLength = 0
        var isRegion = false
        if let r = region {
            anchorLength = r.length
            isRegion = true
        } else if let a = anchor {
            // 中国/国家 inside a word (发展中国家, 现代化国家) anchors nothing.
            if i > 0, OrgRules.isCJK(s[i - 1]), !rules.isStopChar(s[i - 1].value) { return nil }
            anchorLength = a.length
        } else {
            return nil
        }
        if i > 0, rules.isCountPrefix(s[i - 1].value) { return nil }
        let headStart = i + anchorLength
        guard headStart < end, s[headStart] != "级", s[headStart] != "的" else { return nil }
        let limit = min(end, headStart + 20)
        var j = headStart
        while j < limit {
            if isPlainNameCharacter(at: j) {
                j += 1
                continue
            }
            if let suf = suffix(at: j, end: end) {
                let info = rules.suffixes[suf.index]
                let head = j - headStart
                let needed = info.strong ? (isRegion ? 1 : 2) : (isRegion || suf.length > 1 ? 2 : 3)
                // 北京大学, 江苏银行: a region right before a university or bank suffix names it.
                let regionNamed = isRegion && head == 0 && (info.type == .university || info.type == .bank)
                if head >= needed || (head >= 1 && suf.length >= 3) || regionNamed {
                    return OrgCandidate(start: i, end: j + suf.length, canonical: text(i, j + suf.length),
                                        type: info.type, parent: nil, spelled: true)
                }
            }
            if stopsAt(j, end: end, allowConjunction: false) { return nil }
            j += 1
        }
        return nil
    }

    /// 工业和信息化部 + 网络安全管理局, 北京大学 + 国家发展研究院, 中国移动 + 天津公司: a body inside the
    /// one just found. Takes the longest nested name before a stop.
    private func extendNested(_ c: inout OrgCandidate, end: Int) {
        for _ in 0..<3 {
            let start = c.end
            guard start < end, OrgRules.isCJK(s[start]) || OrgRules.isASCIILetter(s[start]) else { return }
            if rules.isStopChar(s[start].value) || s[start].value == OrgScanner.he { return }
            if lexicon.names.hasMatch(in: s, from: start, limit: end) { return }
            // 省委省政府: a new provincial/city body starts, not a part of this one.
            if s[start].value == OrgScanner.sheng || s[start].value == OrgScanner.shi,
               departmentMatch(at: start + 1, end: end, requireFullRegion: false) != nil { return }
            let startsWithRegion = lexicon.regionNames.hasMatch(in: s, from: start, limit: end)
            let limit = min(end, start + 16)
            var best: (end: Int, index: Int)?
            var j = start
            while j < limit {
                if isPlainNameCharacter(at: j) {
                    j += 1
                    continue
                }
                if let suf = suffix(at: j, end: end) {
                    let info = rules.suffixes[suf.index]
                    let e = j + suf.length
                    let singleChar = suf.length == 1
                    if e <= limit, e > (best?.end ?? 0), !(singleChar && j - start < 1),
                       !startsWithRegion || info.branch {
                        best = (e, suf.index)
                    }
                }
                if stopsAt(j, end: end, allowConjunction: j > start) { break }
                j += 1
            }
            guard let b = best else { return }
            let info = rules.suffixes[b.index]
            if c.type == .company, isLegalForm(start, b.end) {
                c.end = b.end  // 华为 + 技术有限公司: the same company, written out
                c.spelled = c.spelled == true ? false : nil
                continue
            }
            var type = info.type
            if type == .government, c.type != .government, c.type != .party { type = c.type }
            if s[start] == "党" { type = .party }
            c = OrgCandidate(start: c.start, end: b.end, canonical: OrgScanner.string(after: c.canonical, s, start, b.end), type: type,
                             parent: c.canonical, spelled: c.spelled)
        }
    }

    /// Is s[a..<b] a legal form (有限公司, 集团 …)?
    private func isLegalForm(_ a: Int, _ b: Int) -> Bool {
        for w in rules.legalForms where w.count == b - a && matches(w, at: a, end: b) { return true }
        return false
    }

    // MARK: Free-standing names (pass 2)

    /// Names with a strong suffix and no anchor (天合光能股份有限公司, 中国光伏行业协会 is anchored),
    /// looked for in the gaps between the names already found (`found[base...]`, in text order) and
    /// inserted there.
    private func insertFreeStanding(range: Range<Int>, from base: Int, into found: inout [OrgCandidate],
                                    scratch free: inout [(before: Int, candidate: OrgCandidate)]) {
        free.removeAll(keepingCapacity: true)
        var gapStart = range.lowerBound
        var k = endings.first(atOrAfter: range.lowerBound)
        let strong = rules.strongSuffixTrie, brand = rules.brandSuffixTrie
        let headCount = found.count
        for index in base...headCount {
            let gapEnd = index < headCount ? found[index].start : range.upperBound
            var j = gapStart
            while k < endings.count, endings.position(k) < gapEnd {
                let p = endings.position(k)
                let cls = endings.classes(k)
                k += 1
                guard p >= j else { continue }
                // Cheap walks first: most first-scalar hits (大, 学, 会, 科 …) start no suffix.
                let strongHit = cls & OrganizationLexicon.suffixStart != 0 && strong.hasMatch(in: s, from: p, limit: gapEnd)
                let brandHit = cls & OrganizationLexicon.brandStart != 0 && brand.hasMatch(in: s, from: p, limit: gapEnd)
                if !strongHit && !brandHit {
                    j = p + 1
                } else if let f = (strongHit ? freeStanding(suffixAt: p, lower: gapStart, end: gapEnd) : nil)
                            ?? (brandHit ? brandBeforeTitle(suffixAt: p, lower: gapStart, end: gapEnd) : nil) {
                    j = f.end
                    free.append((index, f))
                } else {
                    j = p + 1
                }
            }
            guard index < headCount else { break }
            gapStart = max(gapStart, found[index].end)
        }
        guard !free.isEmpty else { return }
        found.insert(free)
    }

    private func freeStanding(suffixAt j: Int, lower: Int, end: Int) -> OrgCandidate? {
        var found: (length: Int, index: Int)?
        rules.strongSuffixTrie.forEachMatch(in: s, from: j, limit: end) { len, value in
            if endIsValid(j + len) { found = (len, value) }
        }
        guard let suf = found, let k = headStart(suffixAt: j, lower: lower, end: end) else { return nil }
        let info = rules.suffixes[suf.index]
        let e = j + suf.length
        return OrgCandidate(start: k, end: e, canonical: text(k, e), type: info.type, parent: nil, spelled: true)
    }

    /// 西井科技CEO, 植信投资首席经济学家: a short name ending in 科技/投资 right before a title of a
    /// person is a company used by its brand name. The title is required: 科技/投资 alone end many
    /// ordinary phrases (农业科技, 扩大投资).
    private func brandBeforeTitle(suffixAt j: Int, lower: Int, end: Int) -> OrgCandidate? {
        guard let m = rules.brandSuffixTrie.longestMatch(in: s, from: j, limit: end) else { return nil }
        let e = j + m.length
        guard rules.titleTrie.hasMatch(in: s, from: e, limit: n),
              let k = headStart(suffixAt: j, lower: lower, end: end), j - k <= 6 else { return nil }
        return OrgCandidate(start: k, end: e, canonical: text(k, e), type: .company, isBrand: true, spelled: true)
    }

    /// Where the name ending right before the suffix at `j` starts, or nil when it has no usable head
    /// (shorter than 2, generic, counted, unbalanced brackets).
    private func headStart(suffixAt j: Int, lower: Int, end: Int) -> Int? {
        var k = j
        let floor = max(lower, j - 14)
        var depth = 0  // inside （上海） while scanning leftwards
        while k > floor {
            let c = s[k - 1]
            if c == "）" || c == ")" { depth += 1; k -= 1; continue }
            if c == "（" || c == "(" {
                if depth == 0 { break }
                depth -= 1; k -= 1; continue
            }
            if !OrgRules.isCJK(c) && !OrgRules.isASCIILetter(c) { break }
            if isStopChar(at: k - 1) { break }
            if c.value == OrgScanner.he {
                var joins = false
                for w in rules.heContinuations where matches(w, at: k, end: end) { joins = true }
                if !joins { break }
            }
            if endsWithStopWord(at: k) { break }
            k -= 1
        }
        if depth != 0 { return nil }
        // 5G产业联盟: digits belong to a name that starts with Latin letters.
        if k < j, k > floor, OrgRules.isASCIILetter(s[k]) {
            while k > floor, OrgRules.isASCIIAlnum(s[k - 1]) { k -= 1 }
        }
        while k < j, s[k] == "）" || s[k] == ")" { k += 1 }
        let head = j - k
        guard head >= 2 else { return nil }
        if k > 0, rules.isCountPrefix(s[k - 1].value) { return nil }
        if isGeneric(k, j) || hasCount(k, j) { return nil }
        return k
    }

    /// Does a stop word end right before `k`?
    private func endsWithStopWord(at k: Int) -> Bool {
        k > 0 && k <= n && rules.mayEndStopWord(s[k - 1].value) && rules.reversedStopWordTrie.hasMatchBackward(in: s, endingAt: k)
    }

    /// 光大三家银行, 广州一家银行: a count inside the head makes it a description, not a name.
    private func hasCount(_ a: Int, _ b: Int) -> Bool {
        guard b - a >= 2 else { return false }
        for i in (a + 1)..<b where s[i] == "家" || s[i] == "个" {
            if rules.isCountNumeral(s[i - 1].value) { return true }
        }
        return false
    }

    /// Is s[a..<b] made only of generic words (行业, 技术合作, 全市商业)?
    private func isGeneric(_ a: Int, _ b: Int) -> Bool {
        var i = a
        while i < b {
            guard let m = rules.genericTrie.longestMatch(in: s, from: i, limit: b) else { return false }
            i += m.length
        }
        return true
    }
}

extension Array {
    /// Inserts each candidate before the element at `before` (an index into the array as it is; ascending,
    /// equal indices kept in order), in one pass from the back: every element moves once. One `insert`
    /// at a time moved the whole tail each time, quadratic in a document naming one brand thousands of
    /// times; building a new array instead copied (retained and released) every element.
    mutating func insert(_ items: [(before: Int, candidate: Element)]) {
        guard !items.isEmpty else { return }
        let oldCount = count
        // Room at the end (appends, so the capacity grows geometrically); every slot is written below.
        // Through a buffer pointer: a key path or the collection's swapAt here cost more than the moves.
        for item in items { append(item.candidate) }
        withUnsafeMutableBufferPointer { b in
            var read = oldCount - 1, write = b.count - 1
            for k in items.indices.reversed() {
                let before = items[k].before
                while read >= before {
                    b.swapAt(read, write)
                    read -= 1
                    write -= 1
                }
                b[write] = items[k].candidate
                write -= 1
            }
        }
    }
}
