import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    /// Articles and sections fold.
    func foldingRanges(_ params: TextDocumentParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        var out: [FoldingRange] = []
        func add(_ r: ScalarRange, _ label: String?) {
            let a = ctx.text.position(at: r.lowerBound, encoding: encoding)
            var b = ctx.text.position(at: r.upperBound, encoding: encoding)
            // A range ending at a line start really ends on the line before.
            if b.character == 0, b.line > a.line { b.line -= 1 }
            if b.line > a.line {
                out.append(FoldingRange(startLine: a.line, endLine: b.line, kind: "region", collapsedText: label))
            }
        }
        for article in ctx.model.structure.articles {
            add(article.range, article.headline)
            for section in article.sections { add(section.range, section.title) }
        }
        var seen = Set<FoldingRange>()
        out = out.filter { seen.insert($0).inserted }
        return try EncodedJSON(encoding: out)
    }

    /// Every mention of the entity under the cursor; definitions are "write" highlights.
    func documentHighlights(_ params: TextDocumentPositionParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        guard let ref = ctx.entities.entity(at: offset), let identity = ctx.entities.identity(of: ref) else { return EncodedJSON.emptyArray }
        var definitions = Set<ScalarRange>()
        for a in ctx.model.aliases { definitions.insert(a.definitionRange) }
        if case .policy(let key) = identity, let first = ctx.entities.firstFullMention(key: key) {
            definitions.insert(ctx.model.policies[first].range)
        }
        let highlights = ctx.entities.mentions(of: identity).map {
            DocumentHighlight(range: ctx.range($0.range), kind: definitions.contains($0.range) ? .write : .read)
        }
        return EncodedJSON(encoding: highlights)
    }

    /// figure (or any entity) → clause → sentence → paragraph → article → document.
    func selectionRanges(_ params: SelectionRangeParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        var out: [SelectionRange] = []
        for p in params.positions {
            let offset = try ctx.text.offset(of: p, encoding)
            let chain = SelectionChain(scalars: ctx.text.scalars, model: ctx.model).ranges(at: offset,
                                                                                           entity: ctx.entities.entity(at: offset)?.range)
            var parent: SelectionRange?
            for r in chain.reversed() { parent = SelectionRange(range: ctx.range(r), parent: parent) }
            out.append(parent ?? SelectionRange(range: ctx.range(offset..<offset), parent: nil))
        }
        return try EncodedJSON(encoding: out)
    }
}

/// Text units around an offset, innermost first, each strictly containing the one before.
struct SelectionChain {
    let scalars: [Unicode.Scalar]
    let model: DocumentModel
    /// Scans stop after this many scalars: a 5 MB line must not make a selection request slow.
    let limit = 20_000

    static let clauseMarks: Set<Unicode.Scalar> = ["，", ",", "；", ";", "：", ":", "、", "。", "！", "？", "!", "?"]
    static let sentenceMarks: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?", "；"]

    func ranges(at offset: Int, entity: ScalarRange?) -> [ScalarRange] {
        let o = max(0, min(offset, scalars.count))
        var chain: [ScalarRange] = []
        func push(_ r: ScalarRange) {
            guard !r.isEmpty else { return }
            if let last = chain.last {
                guard r.lowerBound <= last.lowerBound, r.upperBound >= last.upperBound, r != last else { return }
            }
            chain.append(r)
        }
        if let e = entity { push(e) }
        let paragraph = paragraphRange(o)
        let sentence = unit(o, marks: Self.sentenceMarks, within: paragraph)
        let clause = unit(o, marks: Self.clauseMarks, within: sentence)
        push(clause.union(entity))
        push(sentence.union(entity))
        push(paragraph.union(entity))
        for article in model.structure.articles where article.range.contains(o) {
            for s in article.sections.filter({ $0.range.contains(o) }).sorted(by: { $0.range.count < $1.range.count }) {
                push(s.range.union(paragraph))
            }
            push(article.range.union(paragraph))
        }
        push(0..<scalars.count)
        return chain
    }

    /// Lines joined until a blank line (hard-wrapped columns keep one paragraph over many lines).
    func paragraphRange(_ o: Int) -> ScalarRange {
        var lo = o
        var steps = 0
        while lo > 0, steps < limit {
            if scalars[lo - 1] == "\n", lo >= 2, scalars[lo - 2] == "\n" || (lo >= 3 && scalars[lo - 2] == "\r" && scalars[lo - 3] == "\n") { break }
            if scalars[lo - 1] == "\n", isBlankLineAhead(lo) { break }
            lo -= 1
            steps += 1
        }
        var hi = o
        steps = 0
        while hi < scalars.count, steps < limit {
            if scalars[hi] == "\n", isBlankLineAhead(hi + 1) || hi + 1 == scalars.count { break }
            hi += 1
            steps += 1
        }
        while lo < hi, scalars[lo] == "\n" || scalars[lo] == "\r" || scalars[lo] == " " { lo += 1 }
        return lo..<max(lo, hi)
    }

    func isBlankLineAhead(_ i: Int) -> Bool {
        var j = i
        while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\u{3000}" || scalars[j] == "\r" { j += 1 }
        return j >= scalars.count || scalars[j] == "\n"
    }

    func unit(_ o: Int, marks: Set<Unicode.Scalar>, within outer: ScalarRange) -> ScalarRange {
        var lo = min(max(o, outer.lowerBound), outer.upperBound)
        while lo > outer.lowerBound, !marks.contains(scalars[lo - 1]), o - lo < limit { lo -= 1 }
        var hi = min(max(o, outer.lowerBound), outer.upperBound)
        while hi < outer.upperBound, !marks.contains(scalars[hi]), hi - o < limit { hi += 1 }
        if hi < outer.upperBound { hi += 1 }  // include the closing mark
        while lo < hi, scalars[lo] == "\n" || scalars[lo] == "\r" || scalars[lo] == " " || scalars[lo] == "\u{3000}" { lo += 1 }
        return lo..<hi
    }
}

extension Range where Bound == Int {
    func union(_ other: Range<Int>?) -> Range<Int> {
        guard let other else { return self }
        return Swift.min(lowerBound, other.lowerBound)..<Swift.max(upperBound, other.upperBound)
    }
}
