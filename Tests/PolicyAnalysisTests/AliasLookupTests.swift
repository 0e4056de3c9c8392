import XCTest
import PolicyText
@testable import PolicyAnalysis

/// The workspace's alias lookup (by name and article) answers what a scan over every definition answers.
final class AliasLookupTests: XCTestCase {
    /// The rule as first written: a scan of every definition for every mention.
    private func scanned(_ p: PolicyMention, _ model: DocumentModel) -> Int? {
        if let a = p.aliasIndex, model.aliases.indices.contains(a) { return a }
        var sameArticle: Int?
        var before: Int?
        for (i, a) in model.aliases.enumerated() where a.alias == p.title && a.fullTitle != p.title {
            if let art = p.articleIndex, a.articleIndex == art, sameArticle == nil { sameArticle = i }
            if a.definitionRange.lowerBound <= p.range.lowerBound { before = i }
        }
        return sameArticle ?? before
    }

    func testLookupEqualsAScanOnCorpusAndRepeatedDefinitions() throws {
        var texts = try ["000", "001", "002", "003"].map { try PolicyTestSupport.corpus($0) }
        texts.append(texts.joined(separator: "\n\n"))
        texts.append(String(repeating: "工信部印发《工业互联网创新发展行动计划》（以下简称《行动计划》），《行动计划》提出目标。\n", count: 300)
            + "新闻标题二\n本报讯 《行动计划》与《数字经济规划》（以下简称《行动计划》）并行。")
        // Defined in quotes, used in 《》: the model does not link the use; the lookup does.
        texts.append(String(repeating: "印发《工业互联网创新发展行动计划》（以下简称“行动计划”）。《行动计划》提出目标。\n", count: 50))
        var unlinked = 0
        for text in texts {
            let model = DocumentAnalyzer.analyze(scalars: Array(text.unicodeScalars))
            let lookup = DocumentEntities.AliasDefinitionsByName(model)
            for p in model.policies {
                XCTAssertEqual(lookup.resolve(p, model: model), scanned(p, model), p.title)
                if p.aliasIndex == nil && scanned(p, model) != nil { unlinked += 1 }
            }
        }
        XCTAssertGreaterThan(unlinked, 0, "some mentions are resolved by the lookup, not by the model's link")
    }
}
