import XCTest
@testable import PolicyAnalysis
import PolicyText

/// The class bytes gathered in one pass for the structure, figure and organization scans are the ones
/// each scan finds on its own.
final class ReadingClassesTests: XCTestCase {
    private func texts() throws -> [[Unicode.Scalar]] {
        var texts = ["", "一", "一、总体要求\n（一）江苏省工信厅印发《行动计划》，𠀋𪚥增长12.5%。\n二是中国移动天津公司 3~5个"]
        texts.append(try FigureTestData.corpus("001"))
        return texts.map { Array($0.unicodeScalars) }
    }

    func testTheGatheredClassesAreEachScansOwn() throws {
        let extra = OrganizationRecognizer.lexicon(with: [LexiconEntry(canonical: "𠀋𪚥集团", type: .company)])
        for s in try texts() {
            for lexicon in [OrganizationLexicon.bundled, extra] {
                for (structure, figures) in [(true, true), (true, false), (false, true), (false, false)] {
                    let c = ReadingClasses(s, structure: structure, figures: figures, organizations: lexicon)
                    XCTAssertEqual(c.structure != nil, structure)
                    XCTAssertEqual(c.figures != nil, figures)
                    if structure {
                        XCTAssertEqual(StructureParser.parseReading(s, classes: c).map(\.range),
                                       StructureParser.parseReading(s).map(\.range))
                        XCTAssertEqual(c.structure?.count, s.count + 17)
                    }
                    if let f = c.figures {
                        let own = s.withUnsafeBufferPointer { TextClasses($0, FigureWords.shared.textClasses) }
                        XCTAssertEqual((-16..<s.count + 17).map { f[$0] }, (-16..<s.count + 17).map { own[$0] })
                    }
                    let given = c.organizations.withUnsafeBufferPointer { lexicon.starts(in: s, classes: $0.baseAddress) }
                    let own = lexicon.starts(in: s)
                    for (a, b) in [(given.heads, own.heads), (given.endings, own.endings)] {
                        XCTAssertEqual((0..<a.count).map { [a.position($0), Int(a.classes($0))] },
                                       (0..<b.count).map { [b.position($0), Int(b.classes($0))] })
                    }
                }
            }
        }
    }
}
