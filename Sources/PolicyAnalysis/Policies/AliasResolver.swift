/// 以下简称《X》 / 以下简称“X” / 简称X / 下称X: abbreviation definitions, and the resolution of later
/// uses to them. Works on reading offsets; the analyzer converts to source ranges.
enum AliasResolver {
    struct Definition {
        var alias: [Unicode.Scalar]
        /// Reading range of X (with its 《》 when X is a title).
        var range: Range<Int>
        var fullTitle: String
        var fullRange: Range<Int>?
        var article: Int?
        /// Index into the title list when X is a 《X》 title.
        var titleIndex: Int?
        /// Index of the antecedent title, when the full name is a 《…》 title.
        var fullTitleIndex: Int?
        var uses: [Range<Int>] = []
    }

    struct Result {
        var definitions: [Definition]
        /// For every title: the definition it uses or defines.
        var titleAlias: [Int?]
        /// Titles that look like abbreviations but resolve to nothing.
        var undefined: [Int]
        /// For every title: the article its 《 is in.
        var titleArticles: [Int?]
    }

    private static func isLeadingJunk(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "由", "在", "经", "并", "据", "还", "是", "对", "向", "为", "和", "与", "及", "的", "将", "了", "即": return true
        default: return false
        }
    }
    /// At most this many plain-text aliases per article are searched for uses (each search is a pass
    /// over the rest of its article). Per article, not per document: a document cut into article-aligned
    /// parts (large documents, re-analysis after an edit) must resolve exactly as the whole.
    static let maxPlainAliasesPerArticle = 64

    static func resolve(_ s: [Unicode.Scalar], titles: [TitleSpan], texts: TitleTexts, articles: [Range<Int>]) -> Result {
        func articleIndex(_ pos: Int) -> Int? {
            var lo = 0, hi = articles.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if articles[mid].lowerBound <= pos { lo = mid + 1 } else { hi = mid }
            }
            let i = lo - 1
            return i >= 0 && articles[i].contains(pos) ? i : nil
        }
        // Uses are looked for in the definition's scope (article, or text between articles).
        let scopes = ArticleScopes(articles: articles, count: s.count)
        // Titles are disjoint and in text order: their marks are found by binary search.
        func title(where mark: (TitleSpan) -> Int, is offset: Int) -> Int? {
            var lo = 0, hi = titles.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if mark(titles[mid]) < offset { lo = mid + 1 } else { hi = mid }
            }
            return lo < titles.count && mark(titles[lo]) == offset ? lo : nil
        }

        // 1. Definitions.
        var defs: [Definition] = []
        var titleAlias = [Int?](repeating: nil, count: titles.count)
        let n = s.count
        var i = 0
        for (start, ke) in keywordOffsets(s) where start >= i {
            i = start
            // Back over 以下 and an opening （ / ( / ，.
            var b = i
            if b >= 2, s[b - 2] == "以", s[b - 1] == "下" { b -= 2 }
            var opener = false
            var bb = b
            while bb > 0, PolicyScan.isWhite(s[bb - 1].value), b - bb < 3 { bb -= 1 }
            if bb > 0, s[bb - 1] == "（" || s[bb - 1] == "(" || s[bb - 1] == "，" || s[bb - 1] == "," {
                opener = s[bb - 1] == "（" || s[bb - 1] == "("
                bb -= 1
                while bb > 0, PolicyScan.isWhite(s[bb - 1].value), b - bb < 6 { bb -= 1 }
            } else if s[i] == "简" && b == i {
                // A bare 简称 must follow a parenthesis or comma.
                i = ke
                continue
            }
            // Antecedent ending at bb.
            var fullTitle: String?
            var fullRange: Range<Int>?
            var fullTitleIndex: Int?
            if bb > 0, s[bb - 1] == "》", let t = title(where: \.close, is: bb - 1) {
                fullTitle = texts.strings[texts.ids[t]]
                fullRange = titles[t].readingRange
                fullTitleIndex = t
            } else if bb > 0, s[bb - 1] == "”" {
                var q = bb - 2
                while q >= 0, bb - q < 42, s[q] != "“" && s[q] != "。" { q -= 1 }
                if q >= 0, s[q] == "“" {
                    fullTitle = PolicyScan.compactString(s, (q + 1)..<(bb - 1))
                    fullRange = q..<bb
                }
            } else {
                var a = bb
                while a > 0, bb - a < 30, PolicyScan.isHan(s[a - 1].value) || PolicyScan.isASCIIAlnum(s[a - 1].value) { a -= 1 }
                // “东数西算”工程: a quoted name is part of the antecedent.
                if a > 1, a < bb, s[a - 1] == "”" {
                    var q = a - 2
                    while q >= 0, a - q < 20, s[q] != "“" && !PolicyScan.isClausePunct(s[q].value) { q -= 1 }
                    if q >= 0, s[q] == "“" { a = q }
                }
                while a < bb, isLeadingJunk(s[a]) { a += 1 }
                if bb - a >= 2 {
                    fullTitle = PolicyScan.compactString(s, a..<bb)
                    fullRange = a..<bb
                }
            }
            // X after the keyword.
            var x = ke
            while x < n, x - ke < 3, PolicyScan.isSpace(s[x].value) || s[x] == "为" || s[x] == "：" || s[x] == ":" { x += 1 }
            var alias: [Unicode.Scalar] = []
            var aliasRange: Range<Int>?
            var aliasTitle: Int?
            if x < n, s[x] == "《" {
                if let t = title(where: \.open, is: x) {
                    alias = titles[t].title
                    aliasRange = titles[t].readingRange
                    aliasTitle = t
                }
            } else if x < n, s[x] == "“" {
                var q = x + 1
                while q < n, q - x < 22, s[q] != "”" && !PolicyScan.isSentenceFinal(s[q].value) { q += 1 }
                if q < n, s[q] == "”" {
                    alias = PolicyScan.compact(s, (x + 1)..<q)
                    aliasRange = (x + 1)..<q
                }
            } else {
                var q = x
                while q < n, q - x < 16 {
                    let v = s[q].value
                    if PolicyScan.isClausePunct(v) || v == 0xFF09 || v == 0x29 || PolicyScan.isNewline(v) || v == 0x201C { break }
                    q += 1
                }
                var e = q
                while e > x, PolicyScan.isWhite(s[e - 1].value) { e -= 1 }
                // Without a parenthesis the alias ends at the first clause punctuation; require it short.
                if e > x, opener || e - x <= 8 {
                    alias = PolicyScan.compact(s, x..<e)
                    aliasRange = x..<e
                }
            }
            if let ft = fullTitle, let ar = aliasRange, alias.count >= 1, alias.count <= 20 {
                let d = Definition(alias: alias, range: ar, fullTitle: ft, fullRange: fullRange,
                                   article: articleIndex(ar.lowerBound), titleIndex: aliasTitle,
                                   fullTitleIndex: fullTitleIndex)
                defs.append(d)
                if let t = aliasTitle { titleAlias[t] = defs.count - 1 }
                i = ar.upperBound
                continue
            }
            i = ke
        }

        // 2. 《X》 uses: the latest definition before it in the same article, else the nearest
        // definition in the document (pages print articles out of order).
        // A 《X》 definition's alias is its title's text: definitions are listed by text number.
        let ids = texts.ids
        var definitionsByText = [[Int]](repeating: [], count: texts.strings.count)
        for (d, def) in defs.enumerated() {
            if let t = def.titleIndex { definitionsByText[ids[t]].append(d) }
        }
        var undefined: [Int] = []
        var fullTitlesByScope = [[Int]](repeating: [], count: scopes.scopeCount)
        let titleArticles = titles.map { articleIndex($0.open) }
        let titleScopes = titles.map { scopes.scope(of: $0.open) }
        for ti in titles.indices where !texts.abbreviationShaped[ids[ti]] {
            fullTitlesByScope[titleScopes[ti]].append(ti)
        }
        // Memo of "the text is part of a full title in the scope", by text number: titles come in text
        // order, so one scope per text suffices.
        var memoScope = [Int](repeating: -1, count: texts.strings.count)
        var memoInScope = [Bool](repeating: false, count: texts.strings.count)
        for (ti, t) in titles.enumerated() where titleAlias[ti] == nil {
            let art = titleArticles[ti]
            let id = ids[ti]
            let cands = definitionsByText[id]
            if !cands.isEmpty {
                let chosen = nearestDefinition(cands, use: t.readingRange, article: art,
                                               range: { defs[$0].range }, articleOf: { defs[$0].article })
                if let d = chosen {
                    titleAlias[ti] = d
                    defs[d].uses.append(t.readingRange)
                    continue
                }
            }
            if texts.abbreviationShaped[id] {
                let sc = titleScopes[ti]
                let inFull: Bool
                if memoScope[id] == sc {
                    inFull = memoInScope[id]
                } else {
                    inFull = fullTitlesByScope[sc].contains { contains(titles[$0].title, t.title) }
                    memoScope[id] = sc
                    memoInScope[id] = inFull
                }
                if !inFull { undefined.append(ti) }
            }
        }

        // 3. Plain and quoted aliases: literal later occurrences in the same article (or stretch of text
        // outside articles), up to a redefinition.
        var plainCounts: [Int: Int] = [:]
        var sameAlias: [[Unicode.Scalar]: [Int]] = [:]
        for d in defs.indices where defs[d].titleIndex == nil && defs[d].alias.count >= 2 {
            sameAlias[defs[d].alias, default: []].append(d)
        }
        for d in defs.indices where defs[d].titleIndex == nil && defs[d].alias.count >= 2 {
            let sc = scopes.scope(of: defs[d].range.lowerBound)
            let count = plainCounts[sc, default: 0] + 1
            plainCounts[sc] = count
            if count > maxPlainAliasesPerArticle { continue }
            let a = defs[d].alias
            var scopeEnd = scopes.end(ofScope: sc)
            for e in sameAlias[a] ?? [] where e != d && defs[e].range.lowerBound > defs[d].range.upperBound {
                scopeEnd = min(scopeEnd, defs[e].range.lowerBound)
            }
            let first = a[0]
            let lanes = SIMD16<Int32>(repeating: Int32(bitPattern: first.value))
            let limit = scopeEnd - a.count + 1  // a use starts before this
            var uses: [Range<Int>] = []
            s.withUnsafeBufferPointer { sp in
                guard let base = sp.baseAddress else { return }
                let raw = UnsafeRawPointer(base)
                // Sixteen positions at a time; only those holding the alias's first scalar are read, from
                // `next` on (a use is not looked for inside the one before).
                var next = defs[d].range.upperBound
                var block = next
                while block < limit {
                    var bits: UInt32 = 0
                    if block + 16 <= sp.count {
                        let hits = raw.loadUnaligned(fromByteOffset: block &* 4, as: SIMD16<Int32>.self) .== lanes
                        if any(hits) { bits = hits.laneBits }
                    } else {
                        for k in 0..<(sp.count - block) where sp[block + k] == first { bits |= 1 << k }
                    }
                    while bits != 0 {
                        let q = block &+ bits.trailingZeroBitCount
                        bits &= bits &- 1
                        guard q < limit else { break }
                        if q >= next, PolicyScan.hasPrefix(s, at: q, a), !insideTitle(q, titles) {
                            uses.append(q..<(q + a.count))
                            next = q + a.count
                        }
                    }
                    block &+= 16
                }
            }
            defs[d].uses += uses
        }
        return Result(definitions: defs, titleAlias: titleAlias, undefined: undefined, titleArticles: titleArticles)
    }

    /// Where 简称, 下称, 以下统称 and 统称 start (and end), in text order: every one ends in 称, so the
    /// text is searched for 称 alone. 以下统称 also yields the 统称 inside it (reached when the scan
    /// has skipped its start).
    static func keywordOffsets(_ s: [Unicode.Scalar]) -> [(start: Int, end: Int)] {
        var out: [(start: Int, end: Int)] = []
        for q in PolicyScan.offsets(of: "称", in: s) where q >= 1 {
            let before = s[q - 1]
            if q >= 3, s[q - 3] == "以", s[q - 2] == "下", before == "统" { out.append((q - 3, q + 1)) }
            if before == "简" || before == "下" || before == "统" { out.append((q - 1, q + 1)) }
        }
        return out
    }

    /// The definition a 《X》 use takes among `candidates` (indices in text order): the latest one ending
    /// before the use when it is in the use's article, else the nearer of that one and the first one after.
    /// Joining article segments (IncrementalAnalysis) applies the same rule over the whole document.
    static func nearestDefinition(_ candidates: [Int], use: Range<Int>, article: Int?,
                                  range: (Int) -> Range<Int>, articleOf: (Int) -> Int?) -> Int? {
        let open = use.lowerBound, close = use.upperBound - 1
        // Binary search for the last one ending before the use.
        var lo = 0, hi = candidates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if range(candidates[mid]).upperBound <= open { lo = mid + 1 } else { hi = mid }
        }
        let before = lo > 0 ? candidates[lo - 1] : nil
        let after = lo < candidates.count ? candidates[lo] : nil
        if let b = before, articleOf(b) == article { return b }
        let db = before.map { open - range($0).upperBound } ?? Int.max
        let da = after.map { range($0).lowerBound - close } ?? Int.max
        return db <= da ? before : after
    }

    private static func contains(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard !needle.isEmpty, needle.count <= hay.count else { return false }
        if needle.count == hay.count { return false } // the same abbreviation is not a full title
        for i in 0...(hay.count - needle.count) where PolicyScan.hasPrefix(hay, at: i, needle) { return true }
        return false
    }

    private static func insideTitle(_ p: Int, _ titles: [TitleSpan]) -> Bool {
        var lo = 0, hi = titles.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if titles[mid].open <= p { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && titles[lo - 1].readingRange.contains(p)
    }
}
