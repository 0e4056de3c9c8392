import PolicyText

/// What one analysis of a document leaves for the next: the results for each article-sized segment,
/// keyed by that segment's reading text and source map. An edit changes one segment; the next analysis
/// analyses that one again and reuses the others, shifted to their new offsets.
///
/// Segments start where the whole document's structure parse starts an article, so every article-level
/// context (aliases resolved per article, a headline checked against its body, the region an article is
/// about) stays inside one segment, and the reading view is the whole document's (wrap widths and joins
/// are decided once, for the whole text), sliced.
public struct AnalysisCache: Sendable {
    struct Segment: Sendable {
        var view: ReadingView
        /// The segment's articles as the whole document's structure parse found them (some of the parse's
        /// decisions use the whole document), in segment reading offsets: part of the key.
        var articles: [ReadingArticle]
        var hash: UInt64
        /// In segment-relative source offsets; findings before inline suppressions.
        var model: DocumentModel
    }

    var segments: [Segment] = []
    var lexicon: [LexiconEntry] = []
    /// Segments the last analysis took from the cache and segments it analysed.
    public internal(set) var reusedSegments = 0
    public internal(set) var analysedSegments = 0

    public init() {}
}

extension DocumentAnalyzer {
    /// Analyses `scalars`, reusing from `cache` the segments that did not change since the analysis that
    /// filled it, and leaves this analysis's segments in `cache`. Returns nil, leaving `cache` as it
    /// was, when `isCancelled` says so (it is asked before each segment that needs analysing).
    /// The result equals `analyze(scalars:extraLexicon:)`.
    public static func analyze(scalars: [Unicode.Scalar], extraLexicon: [LexiconEntry] = [],
                               reusing cache: inout AnalysisCache) -> DocumentModel {
        // Only `isCancelled` makes the analysis give up, and this one never says so.
        analyze(scalars: scalars, extraLexicon: extraLexicon, reusing: &cache, isCancelled: { false })!
    }

    /// Like `analyze(scalars:extraLexicon:reusing:)`, but gives up (returning nil) when `isCancelled` says so.
    public static func analyze(scalars: [Unicode.Scalar], extraLexicon: [LexiconEntry] = [],
                               reusing cache: inout AnalysisCache,
                               isCancelled: () -> Bool) -> DocumentModel? {
        let view = ReadingView(source: scalars)
        // While the source is in cache (see `analyze(scalars:extraLexicon:)`).
        let mayHaveDirectives = Suppressions.mayHaveDirectives(in: scalars)
        if isCancelled() { return nil }
        let articles = StructureParser.parseReading(view.scalars)
        let starts = segmentStarts(articles)

        var previous: [UInt64: [Int]] = [:]
        if cache.lexicon == extraLexicon {
            for (i, segment) in cache.segments.enumerated() { previous[segment.hash, default: []].append(i) }
        }
        var segments: [AnalysisCache.Segment] = []
        segments.reserveCapacity(starts.count)
        var model = DocumentModel()
        var reused = 0
        for cut in parts(of: view, articles: articles, cutAt: starts) {
            let source = cut.source
            let hash = view.contentKey(reading: cut.reading, sourceStart: source.lowerBound, sourceCount: source.count)
            if let i = previous[hash]?.first(where: {
                view.part(reading: cut.reading, sourceStart: source.lowerBound, sourceCount: source.count,
                          isIdenticalTo: cache.segments[$0].view)
                    && cache.segments[$0].articles.elementsEqual(cut.articles, by: ==)
            }) {
                segments.append(cache.segments[i])
                reused += 1
            } else {
                if isCancelled() { return nil }
                let slice = view.slice(reading: cut.reading, source: source)
                let part = analyzeView(slice, articles: cut.articles, extraLexicon: extraLexicon)
                segments.append(AnalysisCache.Segment(view: slice, articles: cut.articles, hash: hash, model: part))
            }
            model.append(segments[segments.count - 1].model, shiftedBy: source.lowerBound)
        }
        if starts.count > 1 { settleAcrossParts(&model, view: view) }
        cache.segments = segments
        cache.lexicon = extraLexicon
        cache.reusedSegments = reused
        cache.analysedSegments = segments.count - reused
        model.findings = Suppressions.apply(model.findings, source: scalars, mayHaveDirectives: mayHaveDirectives)
        return model
    }

    /// A stretch of the reading view between two cuts at article starts: its reading and source ranges,
    /// and its articles in its own reading offsets.
    struct ArticleAlignedPart {
        var reading: Range<Int>
        var source: Range<Int>
        var articles: [ReadingArticle]
    }

    /// The parts of `view` between the cuts `starts` (reading offsets, the first 0): what both the
    /// segments of a re-analysis and the blocks of a large document are.
    static func parts(of view: ReadingView, articles: [ReadingArticle], cutAt starts: [Int]) -> [ArticleAlignedPart] {
        var out: [ArticleAlignedPart] = []
        out.reserveCapacity(starts.count)
        var nextArticle = 0
        for (k, start) in starts.enumerated() {
            let last = k + 1 == starts.count
            let end = last ? view.scalars.count : starts[k + 1]
            let sourceStart = k == 0 ? 0 : view.sourceOffset(forReading: start)
            let sourceEnd = last ? view.sourceCount : view.sourceOffset(forReading: end)
            var own: [ReadingArticle] = []
            while nextArticle < articles.count, articles[nextArticle].range.lowerBound < end {
                own.append(articles[nextArticle].shifted(by: -start))
                nextArticle += 1
            }
            out.append(ArticleAlignedPart(reading: start..<end, source: sourceStart..<sourceEnd, articles: own))
        }
        return out
    }

    /// What the parts of a document merged into one model cannot settle alone: abbreviations whose nearest
    /// definition is in another part, and the document-wide bound on unbalanced-mark findings.
    static func settleAcrossParts(_ model: inout DocumentModel, view: ReadingView) {
        resolveAbbreviationsAcrossArticles(&model, view: view)
        PolicyTitleRecognizer.capUnbalancedMarks(&model.findings)
    }

    /// Reading offsets where segments start: 0, then every article start.
    static func segmentStarts(_ articles: [ReadingArticle]) -> [Int] {
        var starts = [0]
        for article in articles where article.range.lowerBound > starts[starts.count - 1] {
            starts.append(article.range.lowerBound)
        }
        return starts
    }
}

extension ReadingArticle {
    func shifted(by d: Int) -> ReadingArticle {
        func moved(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + d)..<(r.upperBound + d) }
        var a = self
        a.range = moved(range)
        a.headlineRange = headlineRange.map(moved)
        for i in a.sections.indices {
            a.sections[i].range = moved(a.sections[i].range)
            a.sections[i].titleRange = moved(a.sections[i].titleRange)
        }
        return a
    }

    static func == (a: ReadingArticle, b: ReadingArticle) -> Bool {
        a.range == b.range && a.headline == b.headline && a.headlineRange == b.headlineRange && a.byline == b.byline
            && a.sections.elementsEqual(b.sections) {
                $0.title == $1.title && $0.titleRange == $1.titleRange && $0.range == $1.range && $0.level == $1.level
            }
    }
}

extension DocumentAnalyzer {
    /// A 《X》 with no definition before it in its own article takes the nearest definition in the whole
    /// document (pages print articles out of order; see AliasResolver). A segment only sees its own
    /// article, so that choice is made again here, over all segments, by the same rule and the same
    /// (reading-offset) distances.
    static func resolveAbbreviationsAcrossArticles(_ model: inout DocumentModel, view: ReadingView) {
        guard !model.aliases.isEmpty else { return }
        // Definitions whose abbreviation is itself a 《X》 title, by name, in text order.
        var defining = Set<Int>()
        var candidates: [SpelledText: [Int]] = [:]  // by spelling: String's hashing checks normal forms
        for (i, p) in model.policies.enumerated() {
            guard let d = p.aliasIndex, model.aliases[d].definitionRange == p.range else { continue }
            defining.insert(i)
            candidates[SpelledText(model.aliases[d].alias), default: []].append(d)
        }
        guard !candidates.isEmpty else { return }
        func reading(_ r: ScalarRange) -> Range<Int> {
            let lo = view.readingOffset(forSource: r.lowerBound)
            return lo..<max(lo, view.readingOffset(forSource: r.upperBound - 1) + 1)
        }
        var undefinedRemoved = Set<ScalarRange>()
        var changedDefinitions = Set<Int>()
        for i in model.policies.indices where !defining.contains(i) {
            let p = model.policies[i]
            guard let cands = candidates[SpelledText(p.title)] else { continue }
            if let d = p.aliasIndex, model.aliases[d].articleIndex == p.articleIndex,
               model.aliases[d].definitionRange.upperBound <= p.range.lowerBound { continue }
            let chosen = AliasResolver.nearestDefinition(
                cands, use: reading(p.range), article: p.articleIndex,
                range: { reading(model.aliases[$0].definitionRange) }, articleOf: { model.aliases[$0].articleIndex })
            guard let d = chosen, d != p.aliasIndex else { continue }
            if let old = p.aliasIndex {
                model.aliases[old].uses.removeAll { $0 == p.range }
                changedDefinitions.insert(old)
            } else {
                undefinedRemoved.insert(p.range)
            }
            model.aliases[d].uses.append(p.range)
            changedDefinitions.insert(d)
            model.policies[i].aliasIndex = d
        }
        for d in changedDefinitions { model.aliases[d].uses.sort { $0.lowerBound < $1.lowerBound } }
        if !undefinedRemoved.isEmpty {
            model.findings.removeAll { $0.code == DocumentModel.undefinedAliasCode && undefinedRemoved.contains($0.range) }
        }
    }
}

extension DocumentModel {
    /// Appends a model of the text that starts at source offset `shift` (all of whose ranges lie after
    /// everything already here), moving its ranges and article/alias indices into this model's space.
    mutating func append(_ part: DocumentModel, shiftedBy shift: Int) {
        let articleBase = structure.articles.count, aliasBase = aliases.count
        if shift == 0 && articleBase == 0 && aliasBase == 0 && policies.isEmpty && figures.isEmpty
            && dates.isEmpty && organizations.isEmpty && findings.isEmpty && programmes.isEmpty {
            self = part
            return
        }
        func moved(_ r: ScalarRange) -> ScalarRange { (r.lowerBound + shift)..<(r.upperBound + shift) }
        /// Appends `new` to `xs` and moves the appended elements in place: each element is copied once,
        /// with no intermediate array. (A closure, not a key path: key paths are not optimized away here
        /// and cost ~10 M instructions per re-analysis of 2 MB.)
        func append<T>(_ new: [T], to xs: inout [T], _ move: (inout T) -> Void) {
            let base = xs.count
            xs.append(contentsOf: new)
            xs.withUnsafeMutableBufferPointer { b in
                for i in base..<b.count { move(&b[i]) }
            }
        }
        append(part.structure.articles, to: &structure.articles) { a in
            a.range = moved(a.range)
            a.headlineRange = a.headlineRange.map(moved)
            for i in a.sections.indices {
                a.sections[i].range = moved(a.sections[i].range)
                a.sections[i].titleRange = moved(a.sections[i].titleRange)
            }
            for e in a.enumerations.indices {
                for i in a.enumerations[e].items.indices {
                    a.enumerations[e].items[i].range = moved(a.enumerations[e].items[i].range)
                    a.enumerations[e].items[i].markerRange = moved(a.enumerations[e].items[i].markerRange)
                }
            }
        }
        append(part.policies, to: &policies) { p in
            p.range = moved(p.range)
            p.aliasIndex = p.aliasIndex.map { $0 + aliasBase }
            p.articleIndex = p.articleIndex.map { $0 + articleBase }
        }
        append(part.aliases, to: &aliases) { a in
            a.definitionRange = moved(a.definitionRange)
            a.fullTitleRange = a.fullTitleRange.map(moved)
            a.articleIndex = a.articleIndex.map { $0 + articleBase }
            for i in a.uses.indices { a.uses[i] = moved(a.uses[i]) }
        }
        append(part.programmes, to: &programmes) { $0.range = moved($0.range) }
        append(part.figures, to: &figures) { $0.range = moved($0.range) }
        append(part.dates, to: &dates) { $0.range = moved($0.range) }
        append(part.organizations, to: &organizations) { $0.range = moved($0.range) }
        append(part.findings, to: &findings) { f in
            f.range = moved(f.range)
            for i in f.related.indices { f.related[i].range = moved(f.related[i].range) }
        }
    }
}
