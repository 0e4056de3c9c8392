import Foundation

/// Headline against body, shares above 100%, abbreviations defined twice.
enum OtherChecks {
    // MARK: impossible-share

    static let shareWords = WordSet(["占比", "比重", "覆盖率", "占有率", "渗透率", "普及率", "份额", "占"])
    static let changeWords = WordSet(["增长", "提高", "增加", "上升", "下降", "降低", "增速"])

    /// 占比达到112%: a share of a whole cannot exceed 100% or fall below 0.
    static func impossibleShares(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        for fi in c.figs.indices where c.figs[fi].shape == .percentage {
            let f = c.figs[fi]
            guard f.qualifier == nil || f.qualifier == .over || f.qualifier == .more,
                  !f.hasUpperValue,
                  isOutsideShare(f) else { continue }
            let cs = c.clauseStart(before: f.lo, limit: 16)
            let metricIsShare = f.metric.map { m in shareWords.words.contains { w in m.unicodeScalars.elementsEqual(w) } } ?? false
            guard metricIsShare || c.containsAny(shareWords, in: cs..<f.lo) else { continue }
            // 占比提高/增长 X% is a change of a share, not a share.
            if c.containsAny(changeWords, in: cs..<f.lo) { continue }
            let over = SmallDecimal.greater(f.value, than: 100)
            out.append(Finding(
                code: "impossible-share", severity: .warning, range: f.range,
                message: over ? "占整体的比例\(f.text)超过100%" : "占整体的比例\(f.text)小于0",
                messageEnglish: over ? "A share of a whole cannot be \(f.text) (above 100%)"
                                     : "A share of a whole cannot be \(f.text) (below 0)"))
        }
        return out
    }

    /// Above 100 or below 0.
    static func isOutsideShare(_ f: PlacedFigure) -> Bool {
        if let v = f.exactValue, let above = Exact.compare(v, Exact.hundred) { return above > 0 || v.m < 0 }
        return SmallDecimal.greater(f.value, than: 100) || SmallDecimal.less(f.value, than: 0)
    }

    // MARK: conflicting-figure

    static let headlineVerbs = ["同比增长", "同比下降", "增长", "下降", "达到", "达", "为", "突破", "超过", "实现", "约"].map(w)

    /// Headline figure against the same metric in the article body (23亿元 agrees with 23.48亿元).
    static func conflictingFigures(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        // Articles come in text order, their headlines inside them: each offset is searched near the
        // previous one (a binary search over the whole text mispredicts at every step).
        var hint = 0
        func reading(_ source: Int) -> Int { CheckContext.readingOffset(c.view, forSource: source, hint: &hint) }
        for article in c.model.structure.articles {
            guard let hs = article.headlineRange else { continue }
            let arLower = reading(article.range.lowerBound)
            let hr = span(reading(hs.lowerBound), reading(hs.upperBound))
            let ar = span(arLower, reading(article.range.upperBound))
            guard !hr.isEmpty, !ar.isEmpty else { continue }
            for hi in c.figures(in: hr) {
                let h = c.figs[hi]
                guard h.isPlain, h.shape == .amount || h.shape == .percentage else { continue }
                if let f = conflict(c, headline: h, headlineRange: hr, article: ar) { out.append(f) }
            }
        }
        return out
    }

    static func conflict(_ c: CheckContext, headline h: PlacedFigure, headlineRange hr: Range<Int>,
                         article ar: Range<Int>) -> Finding? {
        // The words before the headline figure, without the verb: the subject to look for in the body.
        let keyStart = max(hr.lowerBound, c.clauseStart(before: h.lo, limit: 30))
        var keyEnd = h.lo
        while keyEnd > keyStart && Chars.isSpace(c.s[keyEnd - 1]) { keyEnd -= 1 }
        var stripped = true
        while stripped {
            stripped = false
            for v in headlineVerbs where keyEnd - v.count >= keyStart && c.has(v, at: keyEnd - v.count) {
                keyEnd -= v.count; stripped = true; break
            }
        }
        var key: [Unicode.Scalar] = []
        if keyStart < keyEnd { for i in keyStart..<keyEnd where !Chars.isSpace(c.s[i]) { key.append(c.s[i]) } }
        guard key.count >= 3 else { return nil }
        // Body ranges: the article without its headline.
        let body: [Range<Int>] = [span(ar.lowerBound, min(ar.upperBound, hr.lowerBound)),
                                  span(max(ar.lowerBound, hr.upperBound), ar.upperBound)].filter { !$0.isEmpty }
        // Every occurrence of a suffix of the key ends with its last three scalars: those are found in
        // one pass, then the suffixes are tried from the longest down on them alone. (A suffix starting
        // in a body range may run past its end, so the pass runs a little further.)
        let longest = min(key.count, 16)
        let tail = Array(key[(key.count - 3)...])
        let tailEnds: [[Int]] = body.map { r in
            var ends: [Int] = []
            var from = r.lowerBound
            while let p = c.find(tail, in: from..<(r.upperBound + longest - 3)) {
                ends.append(p + 3)
                from = p + 1
            }
            return ends
        }
        var length = longest
        while length >= 3 {
            let sub = key[(key.count - length)...]
            var occurrences: [Int] = []
            collect: for (r, ends) in zip(body, tailEnds) {
                for e in ends {
                    let p = e - length
                    guard p >= r.lowerBound, p < r.upperBound, c.has(sub.dropLast(3), at: p) else { continue }
                    occurrences.append(e)
                    if occurrences.count >= 20 { break collect }
                }
            }
            if !occurrences.isEmpty {
                return judge(c, h, subjectEnds: occurrences, subject: PolicyScan.string(sub))
            }
            length -= 1
        }
        return nil
    }

    static func judge(_ c: CheckContext, _ h: PlacedFigure, subjectEnds: [Int], subject: String) -> Finding? {
        var disagreeing: [PlacedFigure] = []
        for e in subjectEnds {
            guard let v = bodyValue(c, afterSubjectEnd: e), v.sameUnit(h) else { continue }
            guard v.isPlain else { return nil }
            if let t1 = h.timeContext, let t2 = v.timeContext, t1 != t2 { continue }
            let exactOff = Exact.magnitude(Exact.difference(v.exactValue, h.exactValue))
            if let c = Exact.compare(exactOff, Exact.sum(v.exactTolerance, h.exactTolerance)) {
                if c <= 0 { return nil }
            } else if Num.abs(v.value - h.value) <= v.tolerance + h.tolerance { return nil }
            if !disagreeing.contains(where: { $0.lo == v.lo }) { disagreeing.append(v) }
        }
        guard !disagreeing.isEmpty, disagreeing.count <= 3 else { return nil }
        let others = disagreeing.map { Num.trimmed($0.text) }.joined(separator: "、")
        return Finding(
            code: "conflicting-figure", severity: .warning, range: h.range,
            message: "标题中“\(subject)”为\(h.text)，正文中为\(others)",
            messageEnglish: "The headline gives “\(subject)” as \(h.text), the body as \(others)",
            related: disagreeing.map { c.related($0, "正文中的数值 / value in the body") },
            suggestedReplacement: disagreeing.count == 1 ? disagreeing[0].text : nil)
    }

    /// The value the body gives right after a subject: the next figure in the clause, or the
    /// matching member of a 分别 list (A、B分别增长x和y → B gets y).
    static func bodyValue(_ c: CheckContext, afterSubjectEnd e: Int) -> PlacedFigure? {
        let clauseEnd = ListChecks.clauseEndAfter(c, e)
        let fenbie = c.find(Words.fenbie, in: e..<clauseEnd)
        if let fb = fenbie {
            // Position of the subject in the 、 list before 分别.
            let cs = c.clauseStart(before: e, limit: 80)
            var index = 0
            for i in cs..<e where c.s[i] == "、" { index += 1 }
            let idx = c.figures(in: span(fb + 2, clauseEnd))
            guard idx.count > index else { return nil }
            // Items after the subject but before 分别 must be separated by 、 (it is a list).
            return c.figs[idx.lowerBound + index]
        }
        let idx = c.figures(in: e..<clauseEnd)
        guard let first = idx.first, c.figs[first].lo - e <= 8 else { return nil }
        return c.figs[first]
    }

    // MARK: alias-conflict

    /// The same abbreviation defined twice in one article for different titles.
    static func aliasConflicts(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        // Keyed by article and abbreviation as they are: building one String per definition costs more.
        struct Key: Hashable { let article: Int, alias: String }
        var seen: [Key: AliasDefinition] = [:]
        seen.reserveCapacity(c.model.aliases.count)
        for a in c.model.aliases {
            guard let art = a.articleIndex else { continue }
            let key = Key(article: art, alias: a.alias)
            if let first = seen[key] {
                if normalize(first.fullTitle) != normalize(a.fullTitle) {
                    var related = [RelatedLocation(range: first.definitionRange,
                                                   message: "首次定义：\(first.fullTitle) / first defined as \(first.fullTitle)")]
                    if let r = a.fullTitleRange { related.append(RelatedLocation(range: r, message: "本次定义的全称 / full title here")) }
                    out.append(Finding(
                        code: "alias-conflict", severity: .warning, range: a.definitionRange,
                        message: "简称“\(a.alias)”在本文中已指《\(first.fullTitle)》，此处又指《\(a.fullTitle)》",
                        messageEnglish: "The abbreviation “\(a.alias)” already stands for 《\(first.fullTitle)》 in this article; here it is redefined as 《\(a.fullTitle)》",
                        related: related))
                }
            } else {
                seen[key] = a
            }
        }
        return out
    }

    static func normalize(_ t: String) -> String {
        String(String.UnicodeScalarView(t.unicodeScalars.filter { !Chars.isSpace($0) && $0 != "\n" && $0 != "《" && $0 != "》" }))
    }
}
