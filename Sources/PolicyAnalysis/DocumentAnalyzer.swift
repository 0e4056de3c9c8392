import PolicyText

/// Entry point of the analysis layer: a pure function from text to a document model.
public enum DocumentAnalyzer {
    public static func analyze(_ text: DocumentText, extraLexicon: [LexiconEntry] = []) -> DocumentModel {
        analyze(scalars: text.scalars, extraLexicon: extraLexicon)
    }

    public static func analyze(scalars: [Unicode.Scalar], extraLexicon: [LexiconEntry] = []) -> DocumentModel {
        analyze(scalars: scalars, extraLexicon: extraLexicon, blockScalars: blockScalars)
    }

    /// `analyze(scalars:extraLexicon:)`, cutting a reading text longer than `blockScalars` into blocks
    /// (see `analyzeInBlocks`). The size changes the speed only, never the model: tests and the fuzzer
    /// pass small sizes to check that.
    public static func analyze(scalars: [Unicode.Scalar], extraLexicon: [LexiconEntry], blockScalars: Int) -> DocumentModel {
        let view = ReadingView(source: scalars)
        // Looked for while the reading view has just read the source: by the end of the analysis the
        // text is out of cache, and this pass over it cost about 1% of the analysis there.
        let mayHaveDirectives = Suppressions.mayHaveDirectives(in: scalars)
        var model = view.scalars.count > blockScalars
            ? analyzeInBlocks(view, extraLexicon: extraLexicon, blockScalars: blockScalars)
            : analyzeView(view, extraLexicon: extraLexicon)
        model.findings = Suppressions.apply(model.findings, source: scalars, mayHaveDirectives: mayHaveDirectives)
        return model
    }

    /// Reading scalars per block of a large document (see `analyzeInBlocks`): about 3 MB of Chinese
    /// UTF-8. Smaller blocks cost more in slicing and merging than they save (measured: a 2 MB document
    /// cut into 256 K-scalar blocks took 9% more instructions and more time); this size took the 20 MB
    /// document from 150–190 ms to 118–135 ms.
    static let blockScalars = 1 << 20

    /// A document of many megabytes analysed stage by stage streams each stage's arrays from main memory:
    /// at 20 MB that made each byte cost about twice what it costs at 2 MB, in as many instructions. So
    /// it is cut, at article starts, into blocks of at least `blockScalars` reading scalars, and all the
    /// stages after the structure parse run over one block before the next. Article-level context stays
    /// inside a block, as it stays inside a segment of `analyze(scalars:reusing:)`, which cuts the same
    /// way; abbreviations are resolved across blocks afterwards, and the document-wide bound on
    /// unbalanced-mark findings applied again. The result equals `analyzeView` of the whole view (tests
    /// compare the two with blocks down to a few hundred scalars).
    static func analyzeInBlocks(_ view: ReadingView, extraLexicon: [LexiconEntry], blockScalars: Int) -> DocumentModel {
        let articles = StructureParser.parseReading(view.scalars)
        var starts = [0]
        for start in segmentStarts(articles) where start - starts[starts.count - 1] >= blockScalars {
            starts.append(start)
        }
        guard starts.count > 1 else { return analyzeView(view, articles: articles, extraLexicon: extraLexicon) }
        var model = DocumentModel()
        for part in parts(of: view, articles: articles, cutAt: starts) {
            let block = view.slice(reading: part.reading, source: part.source)
            model.append(analyzeView(block, articles: part.articles, extraLexicon: extraLexicon), shiftedBy: part.source.lowerBound)
        }
        settleAcrossParts(&model, view: view)
        return model
    }

    /// What the workspace index of a file that is not open needs: structure, policies, abbreviations,
    /// programmes and organizations — no figures, dates or consistency findings (a third of the work).
    public static func analyzeEntities(scalars: [Unicode.Scalar], extraLexicon: [LexiconEntry] = []) -> DocumentModel {
        analyzeView(ReadingView(source: scalars), extraLexicon: extraLexicon, entitiesOnly: true)
    }

    /// Everything but inline suppressions (which need the source text): a function of the reading view
    /// and its articles (parsed here unless given).
    static func analyzeView(_ view: ReadingView, articles: [ReadingArticle]? = nil,
                            extraLexicon: [LexiconEntry], entitiesOnly: Bool = false) -> DocumentModel {
        let s = view.scalars
        var model = DocumentModel()

        // The class bytes the structure, figure and organization scans read, in one pass over the text.
        let organizationLexicon = OrganizationRecognizer.lexicon(with: extraLexicon)
        let classes = ReadingClasses(s, structure: articles == nil, figures: !entitiesOnly, organizations: organizationLexicon)

        // Structure.
        let readingArticles = articles ?? StructureParser.parseReading(s, classes: classes)
        model.structure = StructureParser.toModel(readingArticles, view: view)
        let articleRanges = readingArticles.map(\.range)

        // Titles, marks, abbreviations.
        let marks = PolicyTitleRecognizer.scanMarks(s, articleStarts: articleRanges.map(\.lowerBound))
        let titles = marks.titles
        let texts = TitleTexts(marks)
        let aliases = AliasResolver.resolve(s, titles: titles, texts: texts, articles: articleRanges)

        // Aliases sorted by definition range; titles keep text order (already sorted).
        let defOrder = aliases.definitions.indices.sorted {
            (aliases.definitions[$0].range.lowerBound, aliases.definitions[$0].range.upperBound)
                < (aliases.definitions[$1].range.lowerBound, aliases.definitions[$1].range.upperBound)
        }
        var newIndex = [Int](repeating: 0, count: aliases.definitions.count)
        for (new, old) in defOrder.enumerated() { newIndex[old] = new }
        model.aliases = defOrder.map { d in
            let def = aliases.definitions[d]
            return AliasDefinition(alias: PolicyScan.string(def.alias),
                                   definitionRange: view.sourceRange(forReading: def.range),
                                   fullTitle: def.fullTitle,
                                   fullTitleRange: def.fullRange.map { view.sourceRange(forReading: $0) },
                                   articleIndex: def.article,
                                   uses: def.uses.sorted { $0.lowerBound < $1.lowerBound }
                                       .map { view.sourceRange(forReading: $0) })
        }

        model.policies.reserveCapacity(titles.count)
        var scopeArticle = 0  // articles starting at or before the title (titles come in text order)
        for (i, t) in titles.enumerated() {
            while scopeArticle < articleRanges.count, articleRanges[scopeArticle].lowerBound <= t.open { scopeArticle += 1 }
            model.policies.append(PolicyTitleRecognizer.mention(
                for: t, text: texts.ids[i], of: texts, in: s, view: view,
                articleIndex: aliases.titleArticles[i], aliasIndex: aliases.titleAlias[i].map { newIndex[$0] },
                scopeStart: scopeArticle > 0 ? articleRanges[scopeArticle - 1].lowerBound : 0))
        }

        model.programmes = ProgrammeRecognizer.find(s, quotes: marks.quotes, titles: titles).map {
            ProgrammeMention(name: $0.1, range: view.sourceRange(forReading: $0.0))
        }

        // Findings.
        var findings = PolicyTitleRecognizer.unbalancedMarks(scan: marks, view: view)
        for ti in aliases.undefined {
            let title = texts.strings[texts.ids[ti]]
            findings.append(Finding(code: DocumentModel.undefinedAliasCode, severity: .information,
                                    range: view.sourceRange(forReading: titles[ti].readingRange),
                                    message: "简称《\(title)》在本文中没有定义",
                                    messageEnglish: "Abbreviation 《\(title)》 is used without a definition in this article"))
        }

        // Figures, dates and organizations.
        var placement: [FigurePlacement] = []
        if !entitiesOnly {
            let found = FigureRecognizer.recognize(in: view, classes: classes.figures)
            model.figures = found.figures
            model.dates = found.dates
            placement = found.placement
        }
        model.organizations = OrganizationRecognizer.recognize(in: view, readingArticles: readingArticles,
                                                               lexicon: organizationLexicon, classes: classes.organizations)

        if !entitiesOnly { findings += ConsistencyChecker.findings(model: model, view: view, placement: placement) }
        model.programmes.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        findings.sort { ($0.range.lowerBound, $0.range.upperBound, $0.code) < ($1.range.lowerBound, $1.range.upperBound, $1.code) }
        model.findings = findings
        return model
    }
}

extension DocumentModel {
    /// Finding code for an abbreviation-shaped 《X》 with no definition in scope.
    public static let undefinedAliasCode = "undefined-alias"

    /// Indices into `policies` of abbreviation-shaped titles used without any definition in scope
    /// (and not part of a full title in their article).
    public var undefinedAliasPolicyIndices: [Int] {
        let ranges = Set(findings.filter { $0.code == Self.undefinedAliasCode }.map(\.range))
        return policies.indices.filter { ranges.contains(policies[$0].range) }
    }
}
