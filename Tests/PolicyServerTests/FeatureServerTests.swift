import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer

/// The reading features through the server, on corpus text, with positions in UTF-16 and UTF-8.
final class FeatureServerTests: XCTestCase {
    let doc002 = "002_e9d7a20cf4f4314f.txt"
    let uri = "file:///corpus/002.txt"
    static let gdTitle = "广东省算力基础设施高质量发展行动方案“粤算”行动计划(2024—2025年)"

    func open002(_ encoding: String, extra: [String: JSONValue] = [:]) throws -> (ServerHarness, String) {
        let text = try requireCorpus(doc002)
        let (h, _) = ServerHarness.started(encoding: encoding, extra: extra)
        h.open(uri, text)
        return (h, text)
    }

    /// 002: 《行动计划》 in the Guangdong article means the Guangdong plan, not another article's policy.
    func testDefinitionOfAbbreviationJumpsToItsOwnArticlesFullTitle() throws {
        for encoding in ["utf-16", "utf-8"] {
            let (h, text) = try open002(encoding)
            let use = lspPosition(in: text, of: "《行动计划》提出，力争", offset: 2, encoding: encoding)
            let result = h.request("textDocument/definition", h.at(uri, use)).value
            let target = result?.arrayValue?.first
            let expected = lspPosition(in: text, of: "《" + Self.gdTitle, encoding: encoding)
            XCTAssertEqual(target?["uri"]?.stringValue, uri, encoding)
            XCTAssertEqual(target?.startLine, expected?.line, encoding)
            XCTAssertEqual(target?.startCharacter, expected?.character, encoding)
            // The last use, in the closing paragraph, resolves to the same place.
            let last = lspPosition(in: text, of: "为完成以上目标，《行动计划》", offset: 10, encoding: encoding)
            let again = h.request("textDocument/definition", h.at(uri, last)).value?.arrayValue?.first
            XCTAssertEqual(again?.startLine, expected?.line, encoding)
        }
    }

    func testDefinitionOfAnotherArticlesAbbreviationStaysInThatArticle() throws {
        let (h, text) = try open002("utf-16")
        let use = lspPosition(in: text, of: "《管理办法》提出", offset: 2, encoding: "utf-16")
        let target = h.request("textDocument/definition", h.at(uri, use)).value?.arrayValue?.first
        XCTAssertEqual(target?.startLine, lspPosition(in: text, of: "《江西省先进制造业集群培育管理办法》", encoding: "utf-16")?.line)
    }

    func testHoverOnAFigureShowsTheExactValueQualifierAndMetric() throws {
        for encoding in ["utf-16", "utf-8"] {
            let (h, text) = try open002(encoding)
            let p = lspPosition(in: text, of: "600亿元", offset: 1, encoding: encoding)
            let hover = h.request("textDocument/hover", h.at(uri, p)).value
            let value = hover?["contents"]?["value"]?.stringValue ?? ""
            XCTAssertEqual(hover?["contents"]?["kind"]?.stringValue, "markdown")
            XCTAssertTrue(value.contains("60,000,000,000 元"), value)
            XCTAssertTrue(value.contains("亿 = ×100,000,000"), value)
            XCTAssertTrue(value.contains("超过"), value)
            let start = lspPosition(in: text, of: "600亿元", encoding: encoding)
            XCTAssertEqual(hover?.startLine, start?.line)
            XCTAssertEqual(hover?.startCharacter, start?.character, "\(encoding): the hover range starts at the figure")
        }
    }

    func testHoverIsPlainTextWhenTheClientOnlyAcceptsPlainText() throws {
        let text = try requireCorpus(doc002)
        let (h, _) = ServerHarness.started(encoding: "utf-16", capabilities: [
            "textDocument": .object(["hover": .object(["contentFormat": .array([.string("plaintext")])])]),
        ])
        h.open(uri, text)
        let p = lspPosition(in: text, of: "600亿元", offset: 1, encoding: "utf-16")
        let contents = h.request("textDocument/hover", h.at(uri, p)).value?["contents"]
        XCTAssertEqual(contents?["kind"]?.stringValue, "plaintext")
        XCTAssertFalse((contents?["value"]?.stringValue ?? "*").contains("*"))
        XCTAssertTrue((contents?["value"]?.stringValue ?? "").contains("60,000,000,000 元"))
    }

    func testHoverOnAbbreviationAndTitleAndOrganization() throws {
        let (h, text) = try open002("utf-8")
        let alias = h.request("textDocument/hover", h.at(uri, lspPosition(in: text, of: "《行动计划》提出，力争", offset: 3, encoding: "utf-8"))).value
        let aliasText = alias?["contents"]?["value"]?.stringValue ?? ""
        XCTAssertTrue(aliasText.contains(Self.gdTitle), aliasText)
        XCTAssertTrue(aliasText.contains("定义于 defined at"), aliasText)
        XCTAssertTrue(aliasText.contains("第 87 行"), aliasText)

        let title = h.request("textDocument/hover", h.at(uri, lspPosition(in: text, of: "《江西省先进制造业集群培育管理办法》", offset: 4, encoding: "utf-8"))).value
        let titleText = title?["contents"]?["value"]?.stringValue ?? ""
        XCTAssertTrue(titleText.contains("**《江西省先进制造业集群培育管理办法》**"), titleText)
        XCTAssertTrue(titleText.contains("办法"), titleText)
        XCTAssertTrue(titleText.contains("《管理办法》"), "abbreviations listed: \(titleText)")
        XCTAssertTrue(titleText.contains("首次出现 first mention"), titleText)
        XCTAssertTrue(titleText.contains("本文提及 mentions in this document*: "), titleText)

        let org = h.request("textDocument/hover", h.at(uri, lspPosition(in: text, of: "江西省工业和信息化厅近日", offset: 3, encoding: "utf-8"))).value
        let orgText = org?["contents"]?["value"]?.stringValue ?? ""
        XCTAssertTrue(orgText.contains("江西省工业和信息化厅"), orgText)
        XCTAssertTrue(orgText.contains("政府部门"), orgText)
        XCTAssertEqual(h.request("textDocument/hover", positionParams(uri, 0, 0)).value, .null, "nothing under the cursor: null")
    }

    func testOutlineNestsArticlesSectionsAndPoliciesWithValidRanges() throws {
        let (h, _) = try open002("utf-16")
        let symbols = h.request("textDocument/documentSymbol", docParams(uri)).value?.arrayValue ?? []
        let names = symbols.compactMap { $0["name"]?.stringValue }
        XCTAssertTrue(names.contains("广东发布算力基础设施高质量发展行动计划"), "\(names)")
        XCTAssertTrue(names.contains("上海：加快打造全国智能制造产业集聚地"), "\(names)")
        let gd = symbols.first { $0["name"]?.stringValue == "广东发布算力基础设施高质量发展行动计划" }
        let children = gd?["children"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        XCTAssertTrue(children.contains("《\(Self.gdTitle)》"), "\(children)")
        let sh = symbols.first { $0["name"]?.stringValue == "上海：加快打造全国智能制造产业集聚地" }
        XCTAssertTrue(sh?["children"]?.arrayValue?.contains { $0["name"]?.stringValue == "从三方面提升智能制造发展质量" } ?? false)
        // selectionRange inside range, everywhere in the tree.
        func check(_ list: [JSONValue]) {
            for s in list {
                let r = s["range"]!, sel = s["selectionRange"]!
                func pos(_ v: JSONValue?) -> (Int, Int) { (v?["line"]?.intValue ?? -1, v?["character"]?.intValue ?? -1) }
                XCTAssertTrue(pos(r["start"]) <= pos(sel["start"]) && pos(sel["end"]) <= pos(r["end"]), "\(s["name"] ?? .null)")
                check(s["children"]?.arrayValue ?? [])
            }
        }
        check(symbols)
    }

    /// The outline is kept with the model it came from: asked again, the same answer; after an edit, the
    /// edited text's outline, also when the request comes before that edit's diagnostics.
    func testOutlineFollowsEdits() {
        let (h, _) = ServerHarness.started(encoding: "utf-16")
        func names() -> [String] {
            (h.request("textDocument/documentSymbol", docParams(uri)).value?.arrayValue ?? [])
                .flatMap { [$0] + ($0["children"]?.arrayValue ?? []) }.compactMap { $0["name"]?.stringValue }
        }
        h.open(uri, "印发《甲方案》。\n")
        _ = h.diagnostics(for: uri, version: 1)
        XCTAssertTrue(names().contains("《甲方案》"))
        XCTAssertEqual(names(), names(), "the same model, the same outline")
        for (version, title) in [(2, "乙方案"), (3, "丙方案")] {
            h.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(version)]),
                "contentChanges": .array([.object(["text": .string("印发《\(title)》。\n")])]),
            ]))
            let outline = names()  // may come before the diagnostics: the server analyses first
            XCTAssertTrue(outline.contains("《\(title)》"), "version \(version): \(outline)")
            XCTAssertFalse(outline.contains("《甲方案》"), "version \(version): \(outline)")
        }
    }

    func testOutlineFallsBackToFlatSymbolInformation() throws {
        let text = try requireCorpus(doc002)
        let (h, _) = ServerHarness.started(encoding: "utf-16", capabilities: ["textDocument": .object([:])])
        h.open(uri, text)
        let symbols = h.request("textDocument/documentSymbol", docParams(uri)).value?.arrayValue ?? []
        XCTAssertFalse(symbols.isEmpty)
        XCTAssertTrue(symbols.allSatisfy { $0["location"] != nil && $0["children"] == nil })
        XCTAssertTrue(symbols.contains { $0["name"]?.stringValue == "《\(Self.gdTitle)》" && $0["containerName"]?.stringValue == "广东发布算力基础设施高质量发展行动计划" })
    }

    /// Tokens never span lines and their lengths count the negotiated encoding.
    func testSemanticTokensAreSingleLineInTheNegotiatedEncoding() throws {
        let text = try requireCorpus("000_f380c44fdf15ab1d.txt")
        let lines = text.components(separatedBy: "\n")
        for encoding in ["utf-16", "utf-8"] {
            let (h, _) = ServerHarness.started(encoding: encoding)
            h.open(uri, text)
            let data = h.request("textDocument/semanticTokens/full", docParams(uri)).value?["data"]?.arrayValue?.compactMap(\.intValue) ?? []
            XCTAssertGreaterThan(data.count, 50)
            XCTAssertEqual(data.count % 5, 0)
            var line = 0, start = 0
            var policyLines: [Int] = []
            for i in stride(from: 0, to: data.count - 4, by: 5) {
                line += data[i]
                start = data[i] == 0 ? start + data[i + 1] : data[i + 1]
                let lineText = lines.indices.contains(line) ? lines[line] : ""
                let width = encoding == "utf-8" ? lineText.utf8.count : lineText.utf16.count
                XCTAssertLessThanOrEqual(start + data[i + 2], width, "\(encoding): token at \(line):\(start) runs past its line")
                XCTAssertGreaterThan(data[i + 2], 0)
                XCTAssertTrue((0..<6).contains(data[i + 3]))
                if data[i + 3] == 0 { policyLines.append(line) }
            }
            // 《山西省\n电子信息制造业2023年行\n动计划》: one token per line of the split title.
            let titleLine = lspPosition(in: text, of: "《山西省", encoding: encoding)?.line ?? -1
            XCTAssertTrue([titleLine, titleLine + 1, titleLine + 2].allSatisfy { policyLines.contains($0) }, "\(encoding) \(titleLine) \(policyLines.prefix(20))")
        }
    }

    func testSemanticTokensDeltaAndRange() throws {
        let (h, text) = try open002("utf-16")
        let full = h.request("textDocument/semanticTokens/full", docParams(uri)).value
        let id = full?["resultId"]?.stringValue ?? ""
        let old = full?["data"]?.arrayValue?.compactMap(\.intValue) ?? []
        let same = h.request("textDocument/semanticTokens/full/delta", .object(["textDocument": .object(["uri": .string(uri)]), "previousResultId": .string(id)])).value
        XCTAssertEqual(same?["edits"]?.arrayValue?.count, 0)
        // Insert a figure sentence on the first line.
        h.notify("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(uri), "version": .int(2)]),
            "contentChanges": .array([.object(["range": range(0, 0, 0, 0), "text": .string("投资超过5.34万亿元。\n")])]),
        ]))
        let id2 = same?["resultId"]?.stringValue ?? ""
        let delta = h.request("textDocument/semanticTokens/full/delta", .object(["textDocument": .object(["uri": .string(uri)]), "previousResultId": .string(id2)])).value
        let edits = delta?["edits"]?.arrayValue ?? []
        XCTAssertFalse(edits.isEmpty)
        var patched = old
        for e in edits.reversed() {
            let s = e["start"]?.intValue ?? 0, n = e["deleteCount"]?.intValue ?? 0
            patched.replaceSubrange(s..<(s + n), with: e["data"]?.arrayValue?.compactMap(\.intValue) ?? [])
        }
        let fresh = h.request("textDocument/semanticTokens/full", docParams(uri)).value?["data"]?.arrayValue?.compactMap(\.intValue)
        XCTAssertEqual(patched, fresh, "applying the delta gives the new full result")
        XCTAssertEqual(fresh?.first, 0)
        XCTAssertEqual(fresh.map { Array($0.prefix(4)) }?.last, 4, "the inserted 5.34万亿元 is a figure token on line 0")
        _ = text
        let ranged = h.request("textDocument/semanticTokens/range", .object(["textDocument": .object(["uri": .string(uri)]), "range": range(87, 0, 90, 0)])).value?["data"]?.arrayValue?.compactMap(\.intValue) ?? []
        XCTAssertFalse(ranged.isEmpty)
        var line = 0
        for i in stride(from: 0, to: ranged.count - 4, by: 5) {
            line += ranged[i]
            XCTAssertTrue((87...90).contains(line), "range tokens stay in the range: \(line)")
        }
    }

    func testInlayHintsForHardFiguresAndAbbreviationsAreSwitchable() throws {
        let (h, text) = try open002("utf-16")
        let all = h.request("textDocument/inlayHint", .object(["textDocument": .object(["uri": .string(uri)]), "range": range(0, 0, 200, 0)])).value?.arrayValue ?? []
        let labels = all.compactMap { $0["label"]?.stringValue }
        XCTAssertTrue(labels.contains("> 60,000,000,000 元"), "\(labels.prefix(10))")
        XCTAssertTrue(labels.contains("= 《\(Self.gdTitle)》"), "\(labels)")
        XCTAssertFalse(labels.contains { $0.contains("方面") }, "三方面 is easy to read: no hint")
        let figurePos = lspPosition(in: text, of: "600亿元", offset: 5, encoding: "utf-16")
        XCTAssertTrue(all.contains { $0["label"]?.stringValue == "> 60,000,000,000 元" && $0["position"]?["line"]?.intValue == figurePos?.line && $0["position"]?["character"]?.intValue == figurePos?.character })

        let (h2, _) = try open002("utf-16", extra: ["initializationOptions": .object(["inlayHints": .object(["figures": .bool(false)])])])
        let some = h2.request("textDocument/inlayHint", .object(["textDocument": .object(["uri": .string(uri)]), "range": range(0, 0, 200, 0)])).value?.arrayValue ?? []
        XCTAssertFalse(some.isEmpty)
        XCTAssertTrue(some.allSatisfy { $0["label"]?.stringValue?.contains("《") ?? false }, "figures off: only abbreviation hints")
    }

    func testFoldingHighlightAndSelectionRanges() throws {
        let (h, text) = try open002("utf-8")
        let folds = h.request("textDocument/foldingRange", docParams(uri)).value?.arrayValue ?? []
        XCTAssertGreaterThanOrEqual(folds.count, 5)
        XCTAssertTrue(folds.contains { $0["startLine"]?.intValue == 84 && ($0["endLine"]?.intValue ?? 0) >= 99 })

        let p = lspPosition(in: text, of: "《行动计划》提出，力争", offset: 2, encoding: "utf-8")
        let highlights = h.request("textDocument/documentHighlight", h.at(uri, p)).value?.arrayValue ?? []
        let hl = Set(highlights.compactMap(\.startLine))
        XCTAssertTrue(hl.isSuperset(of: [86, 88, 100]), "\(hl)")
        XCTAssertTrue(hl.allSatisfy { (84...101).contains($0) }, "only the Guangdong article's 《行动计划》: \(hl)")
        XCTAssertTrue(highlights.contains { $0["kind"]?.intValue == 3 }, "the definition is a write highlight")

        let fp = lspPosition(in: text, of: "600亿元", offset: 1, encoding: "utf-8")
        let sel = h.request("textDocument/selectionRange", .object([
            "textDocument": .object(["uri": .string(uri)]),
            "positions": .array([position(fp?.line ?? 0, fp?.character ?? 0)]),
        ])).value?.arrayValue?.first
        var chain: [JSONValue] = []
        var node = sel
        while let n = node, chain.count < 20 { chain.append(n["range"] ?? .null); node = n["parent"] }
        XCTAssertGreaterThanOrEqual(chain.count, 4, "figure → clause → sentence → paragraph …")
        let start = lspPosition(in: text, of: "600亿元", encoding: "utf-8")
        XCTAssertEqual(chain.first?["start"]?["character"]?.intValue, start?.character)
        XCTAssertEqual(chain.first?["end"]?["character"]?.intValue, (start?.character ?? 0) + "600亿元".utf8.count)
        func key(_ v: JSONValue?) -> (Int, Int) { (v?["line"]?.intValue ?? 0, v?["character"]?.intValue ?? 0) }
        for (inner, outer) in zip(chain, chain.dropFirst()) {
            XCTAssertTrue(key(outer["start"]) <= key(inner["start"]) && key(inner["end"]) <= key(outer["end"]))
        }
    }

    func testRenameAbbreviationThroughoutItsScopeOnly() throws {
        for encoding in ["utf-16", "utf-8"] {
            let (h, text) = try open002(encoding)
            let p = lspPosition(in: text, of: "《行动计划》提出，力争", offset: 2, encoding: encoding)
            let prep = h.request("textDocument/prepareRename", h.at(uri, p)).value
            XCTAssertEqual(prep?["placeholder"]?.stringValue, "行动计划")
            let inner = lspPosition(in: text, of: "《行动计划》提出，力争", offset: 1, encoding: encoding)
            XCTAssertEqual(prep?["range"]?["start"]?["character"]?.intValue, inner?.character)
            let edit = h.request("textDocument/rename", .object([
                "textDocument": .object(["uri": .string(uri)]), "position": position(p?.line ?? 0, p?.character ?? 0),
                "newName": .string("粤算计划"),
            ])).value
            let edits = edit?["changes"]?[uri]?.arrayValue ?? []
            XCTAssertEqual(edits.count, 4, "definition and three uses: \(edits)")
            XCTAssertTrue(edits.allSatisfy { (86...100).contains($0.startLine ?? -1) && $0["newText"]?.stringValue == "粤算计划" })
            let titleLine = h.request("textDocument/prepareRename", h.at(uri, lspPosition(in: text, of: "《江西省先进制造业集群培育管理办法》", offset: 3, encoding: encoding)))
            XCTAssertEqual(titleLine.value, .null, "a full title is not renamed")
        }
    }

    func testCodeLensCountsMentions() throws {
        let (h, text) = try open002("utf-16")
        let lenses = h.request("textDocument/codeLens", docParams(uri)).value?.arrayValue ?? []
        let titleLine = lspPosition(in: text, of: "《" + Self.gdTitle, encoding: "utf-16")?.line
        let gd = lenses.first { $0.startLine == titleLine }
        XCTAssertEqual(gd?["command"]?["title"]?.stringValue, "5 次提及 · 1 个文档 (5 mentions in 1 document)")
        let args = gd?["command"]?["arguments"]
        let refs = h.request("workspace/executeCommand", .object(["command": .string("policyLsp.showReferences"), "arguments": args ?? .null])).value
        XCTAssertEqual(refs?.arrayValue?.count, 5)
    }

    func testCompletionAfterOpeningMarkOffersKnownTitles() throws {
        let (h, _) = ServerHarness.started(encoding: "utf-16")
        let text = "《广东省算力基础设施高质量发展行动计划》已经印发。\n另见《广东"
        h.open(uri, text)
        let list = h.request("textDocument/completion", positionParams(uri, 1, 5)).value
        let items = list?["items"]?.arrayValue ?? []
        XCTAssertEqual(items.first?["label"]?.stringValue, "广东省算力基础设施高质量发展行动计划")
        XCTAssertEqual(items.first?["textEdit"]?["newText"]?.stringValue, "广东省算力基础设施高质量发展行动计划》")
        XCTAssertEqual(items.first?["textEdit"]?["range"], range(1, 3, 1, 5))
        let none = h.request("textDocument/completion", positionParams(uri, 0, 22)).value
        XCTAssertEqual(none?["items"]?.arrayValue?.count ?? -1, 0, "after a closed title there is nothing to complete")
    }

    /// Hover and definition on a 2 MB document answer from the offset index, not a scan.
    func testHoverAndDefinitionStayFastOnATwoMegabyteDocument() throws {
        var parts: [String] = []
        for name in ["000_f380c44fdf15ab1d.txt", "001_b90c729489e23ec3.txt", "002_e9d7a20cf4f4314f.txt", "003_e5e4fb435980d6b6.txt"] {
            parts.append(try requireCorpus(name))
        }
        var text = ""
        while text.utf8.count < 2_000_000 { text += parts.joined(separator: "\n\n") }
        let lineCount = text.components(separatedBy: "\n").count
        let (h, _) = ServerHarness.started(encoding: "utf-16")
        h.open(uri, text)
        let analysed = Date()
        // The first request waits for the analysis (slow in debug builds): allow it time.
        let firstID = h.makeID()
        h.send(.request(id: firstID, method: "textDocument/hover", params: positionParams(uri, 0, 0)))
        XCTAssertNotNil(h.waitFor(timeout: 300) { if case .response(let id, _) = $0 { return id == firstID }; return false })
        let firstMs = Date().timeIntervalSince(analysed) * 1000
        let started = Date()
        var answered = 0
        for i in 0..<400 {
            let line = (i * 7919) % lineCount
            let method = i % 2 == 0 ? "textDocument/hover" : "textDocument/definition"
            if h.request(method, positionParams(uri, line, 3)).value != nil { answered += 1 }
        }
        let perRequestMs = Date().timeIntervalSince(started) * 1000 / 400
        print("2 MB document: first hover (analysis + index) \(Int(firstMs)) ms, then \(String(format: "%.2f", perRequestMs)) ms per hover/definition")
        XCTAssertEqual(answered, 400)
        XCTAssertLessThan(perRequestMs, 25, "hover/definition must not scan the document")
    }

    func testCapabilitiesAdvertiseTheFeatures() {
        let (h, _) = ServerHarness.started(encoding: "utf-16")
        _ = h
        let h2 = ServerHarness()
        let caps = h2.initialize()?["capabilities"]
        for name in ["definitionProvider", "referencesProvider", "implementationProvider", "documentHighlightProvider",
                     "foldingRangeProvider", "selectionRangeProvider", "inlayHintProvider", "workspaceSymbolProvider"] {
            XCTAssertEqual(caps?[name]?.boolValue, true, name)
        }
        XCTAssertEqual(caps?["semanticTokensProvider"]?["legend"]?["tokenTypes"]?.arrayValue?.count, 6)
        XCTAssertEqual(caps?["semanticTokensProvider"]?["full"]?["delta"]?.boolValue, true)
        XCTAssertEqual(caps?["completionProvider"]?["triggerCharacters"], .array([.string("《")]))
        XCTAssertEqual(caps?["renameProvider"]?.boolValue, true, "no prepareSupport: plain rename")
    }

    /// Outline names: one-line text is kept or cut on scalars, line breaks are dropped, as before the fast path.
    func testOutlineNamesAreShortenedOnScalars() {
        func reference(_ s: String, _ n: Int) -> String {
            let cleaned = s.unicodeScalars.filter { $0 != "\n" && $0 != "\r" }
            if cleaned.count <= n { return String(String.UnicodeScalarView(cleaned)) }
            return String(String.UnicodeScalarView(cleaned.prefix(n))) + "…"
        }
        let samples = ["", "短", String(repeating: "政策", count: 30), "a\r\nb", String(repeating: "𠀀é", count: 25) + "\n尾",
                       String(repeating: "x", count: 40), String(repeating: "x", count: 41), "e\u{301}" + String(repeating: "字", count: 45)]
        for s in samples {
            for n in [1, 40, 60] { XCTAssertEqual(OutlineBuilder.shorten(s, n), reference(s, n), s) }
        }
    }
}
