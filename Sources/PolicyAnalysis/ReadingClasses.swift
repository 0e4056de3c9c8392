import PolicyText

/// The reading text's class bytes for the three scans that test sixteen positions at a time: the
/// structure's line scan (`EnumerationFinder.scanClasses`), the figure reader (`FigureWords.textClasses`)
/// and the organization starts (the lexicon's start classes). They are gathered in one pass, each scalar
/// loaded once for every table: three passes loaded the whole text three times.
struct ReadingClasses {
    /// In `StructureParser.lines`' layout: the marker-predecessor class (a marker may start the text),
    /// the text's classes, sixteen zero bytes. Nil when the caller parses no structure.
    let structure: [UInt8]?
    /// Nil when the caller reads no figures.
    let figures: TextClasses?
    /// The text's classes (all bits above the BMP), then seventeen zero bytes (`OrganizationLexicon.starts`).
    let organizations: [UInt8]

    init(_ s: [Unicode.Scalar], structure parsesStructure: Bool, figures readsFigures: Bool,
         organizations lexicon: OrganizationLexicon) {
        let n = s.count
        /// `count` bytes, all written by `body` (none when not `wanted`: `body` gets nil).
        func bytes(_ wanted: Bool, _ count: Int, _ body: (UnsafeMutablePointer<UInt8>?) -> Void) -> [UInt8]? {
            guard wanted else {
                body(nil)
                return nil
            }
            return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                body(buffer.baseAddress!)
                initialized = count
            }
        }
        var organizations: [UInt8]?, structure: [UInt8]?, figures: [UInt8]?
        s.withUnsafeBufferPointer { p in
            EnumerationFinder.scanClasses.withUnsafeBufferPointer { structureTable in
                FigureWords.shared.textClasses.withTable { figureTable in
                    lexicon.startClasses.withUnsafeBufferPointer { organizationTable in
                        organizations = bytes(true, n + 17) { o in
                            structure = bytes(parsesStructure, n + 17) { st in
                                figures = bytes(readsFigures, TextClasses.storageCount(n)) { f in
                                    let o = o!
                                    (o + n).initialize(repeating: 0, count: 17)
                                    let org = ClassBytes.Target(table: organizationTable.baseAddress!, into: o,
                                                                astral: OrganizationLexicon.allStartClasses)
                                    var structure: ClassBytes.Target?
                                    if let st {
                                        st[0] = EnumerationFinder.markerPredecessor
                                        (st + 1 + n).initialize(repeating: 0, count: 16)
                                        structure = ClassBytes.Target(table: structureTable.baseAddress!, into: st + 1, astral: 0)
                                    }
                                    var figure: ClassBytes.Target?
                                    if let f {
                                        let first = TextClasses.writePadding(f, count: n)
                                        figure = ClassBytes.Target(table: figureTable, into: first, astral: 0)
                                    }
                                    switch (structure, figure) {
                                    case let (structure?, figure?): ClassBytes.load(p, org, structure, figure)
                                    case let (structure?, nil): ClassBytes.load(p, org, structure)
                                    case let (nil, figure?): ClassBytes.load(p, org, figure)
                                    case (nil, nil): ClassBytes.load(p, org)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.organizations = organizations ?? []
        self.structure = structure
        self.figures = figures.map(TextClasses.init(storage:))
    }
}
