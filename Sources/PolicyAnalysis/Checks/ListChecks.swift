import Foundation

/// Stated counts against what follows them, and 分别 lists against their values.
enum ListChecks {
    // MARK: count-mismatch

    /// Ordinal markers of one family: 一是/二是, 一要/二要, 第一/第二, （一）/（二）.
    enum Family: CaseIterable { case shi, yao, di, paren }

    /// Markers of ordinal `n` of `family` (numerals up to 十九).
    static func marker(_ family: Family, _ n: Int) -> [Unicode.Scalar]? {
        // Ordinals up to 十九 are all the checks ask for: served from a table built once.
        if n >= 1 && n <= 19 {
            switch family {
            case .shi: return markerTable[0][n]
            case .yao: return markerTable[1][n]
            case .di: return markerTable[2][n]
            case .paren: return markerTable[3][n]
            }
        }
        return buildMarker(family, n)
    }

    static let markerTable: [[[Unicode.Scalar]?]] = [Family.shi, .yao, .di, .paren].map { f in
        (0...19).map { buildMarker(f, $0) }
    }

    static func buildMarker(_ family: Family, _ n: Int) -> [Unicode.Scalar]? {
        guard let num = Chars.chinese(n) else { return nil }
        switch family {
        case .shi: return w(num + "是")
        case .yao: return w(num + "要")
        case .di: return w("第" + num)
        case .paren: return w("（" + num + "）")
        }
    }

    /// A marker stands at a boundary: start of text, after punctuation, a break or a space.
    static func atBoundary(_ c: CheckContext, _ i: Int) -> Bool {
        guard i > 0 else { return true }
        let p = c.s[i - 1]
        return Chars.isClauseEnd(p) || Chars.isSpace(p) || p == "、" || p == "）" || p == "”"
    }

    /// Markers after the numeral that would make 第一/一是 something else (第一批, 一是否).
    static func markerEndsCleanly(_ c: CheckContext, _ family: Family, _ end: Int) -> Bool {
        guard family == .di, let n = c.at(end) else { return true }
        // 第一，/第一、/第一是/第一要 only; 第一批, 第一个, 第一股 are not enumeration markers.
        return n == "，" || n == "、" || n == "是" || n == "要" || n == "：" || n == "," || n == "条"
    }

    /// Finds ordinal `n` of `family` in `r` at a boundary.
    static func findMarker(_ c: CheckContext, _ family: Family, _ n: Int, in r: Range<Int>) -> Range<Int>? {
        guard let m = marker(family, n) else { return nil }
        var from = r.lowerBound
        while let p = c.find(m, in: from..<r.upperBound) {
            if atBoundary(c, p) && markerEndsCleanly(c, family, p + m.count) {
                // 一是 must not be the tail of a longer numeral (十一是 when looking for 一是).
                if p == 0 || Chars.numeral(c.s[p - 1]) == nil { return p..<(p + m.count) }
            }
            from = p + 1
        }
        return nil
    }

    /// Units of announcing counts: starting 大, 方面, 个方面, 项, 条, 类, 种, 个 or 件.
    static func isCountUnit(_ unit: String) -> Bool {
        var it = unit.unicodeScalars.makeIterator()
        switch it.next() {
        case "大", "项", "条", "类", "种", "个", "件": return true
        case "方": return it.next() == "面"
        default: return false
        }
    }
    static let maxGap = 1200

    /// 六大行动：一是…五是 — the count says six, the enumeration has five.
    static func counts(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        for ci in c.figs.indices where c.figs[ci].shape == .count {
            let cf = c.figs[ci]
            // Cheap tests first: the Decimal ones cost far more than a look at the text and the unit.
            // Announcing counts are written in Chinese numerals (六大行动, 三方面, 四个方面);
            // 星际争霸2项目 is not an announcement.
            guard cf.shape == .count, cf.isPlain, cf.statedDecimals == 0,
                  let first = cf.firstScalar, Chars.numeral(first) != nil,
                  let unit = cf.unit, isCountUnit(unit) else { continue }
            let whole = SmallDecimal.integer(cf.value)
            guard cf.scale == 1,
                  whole.map({ $0 >= 2 && $0 <= 19 }) ?? (cf.value >= 2 && cf.value <= 19) else { continue }
            let n = whole ?? NSDecimalNumber(decimal: cf.value).intValue
            // After the count: at most a short noun (任务, 重点工作), then ：or 。 and the list.
            var k = cf.hi
            let nounLimit = cf.hi + 8
            while k < c.s.count && k < nounLimit && !Chars.isClauseEnd(c.s[k]) && c.s[k] != "、" { k += 1 }
            guard let punct = c.at(k), punct == "：" || punct == "。" || punct == ":" else { continue }
            var q = k + 1
            while q < c.s.count && (Chars.isSpace(c.s[q]) || c.s[q] == "\n") && q < k + 4 { q += 1 }
            if let (items, markers) = enumeration(c, at: q) {
                guard items != n else { continue }
                out.append(countFinding(c, cf, stated: n, found: items, related: markers, kind: "enumeration"))
            } else if punct == "：" || punct == ":", let (items, seps) = inlineList(c, from: q) {
                guard items != n else { continue }
                out.append(countFinding(c, cf, stated: n, found: items, related: seps, kind: "list"))
            }
        }
        return out
    }

    /// 一是 … N是 starting at `q`: the number of items and the markers' ranges.
    static func enumeration(_ c: CheckContext, at q: Int) -> (Int, [ScalarRange])? {
        let end = c.scopeEnd(q)
        guard q < end else { return nil }
        for family in Family.allCases {
            guard let m1 = findMarker(c, family, 1, in: q..<min(end, q + 3)) else { continue }
            var markers = [m1]
            var last = m1
            var next = 2
            while next <= 19 {
                let window = last.upperBound..<max(last.upperBound, min(end, last.upperBound + maxGap))
                guard let m = findMarker(c, family, next, in: window) else { break }
                // A new enumeration starting in between ends this one.
                if findMarker(c, family, 1, in: last.upperBound..<m.lowerBound) != nil { break }
                markers.append(m)
                last = m
                next += 1
            }
            guard markers.count >= 2 else { return nil }
            return (markers.count, markers.map { c.source($0) })
        }
        return nil
    }

    static let closingRemarks = WordSet(["同时", "此外", "另外", "总之", "以上", "上述"])
    static let etc = WordSet(["等"])
    static let listJoiners = WordSet(["和", "与", "及"])
    static let nameJoiners = WordSet(["和", "与"])

    /// ：A；B；C。 or ：A、B和C。 — items of a list written in one sentence.
    static func inlineList(_ c: CheckContext, from q: Int) -> (Int, [ScalarRange])? {
        let end = c.sentenceEnd(from: q, limit: 500)
        guard end < c.scopeEnd(q), c.s[end] == "。" else { return nil }
        let body = q..<end
        guard body.count >= 2 else { return nil }
        if c.containsAny(etc, in: max(q, end - 3)..<end) { return nil }
        var depth = 0
        var semis: [Int] = [], commas = 0, dunhao: [Int] = []
        for i in body {
            let ch = c.s[i]
            if ch == "（" || ch == "“" || ch == "《" || ch == "(" || ch == "‘" { depth += 1 }
            else if ch == "）" || ch == "”" || ch == "》" || ch == ")" || ch == "’" { depth = max(0, depth - 1) }
            else if depth == 0 && (ch == "；" || ch == ";") { semis.append(i) }
            else if depth == 0 && ch == "，" { commas += 1 }
            else if depth == 0 && ch == "、" { dunhao.append(i) }
        }
        if !semis.isEmpty {
            // A closing remark after the items (；同时…, ；此外…) is not an item: unclear, stay silent.
            let tail = (semis[semis.count - 1] + 1)..<end
            if c.containsAny(closingRemarks, in: span(tail.lowerBound, min(end, tail.lowerBound + 4))) {
                return nil
            }
            return (semis.count + 1, semis.map { c.source($0..<($0 + 1)) })
        }
        // A short 、 list without clauses: A、B和C.
        guard commas == 0, !dunhao.isEmpty, body.count <= 60 else { return nil }
        let lastItem = (dunhao.last! + 1)..<end
        let joined = c.containsAny(listJoiners, in: lastItem) ? 1 : 0
        return (dunhao.count + 1 + joined, dunhao.map { c.source($0..<($0 + 1)) })
    }

    static func countFinding(_ c: CheckContext, _ cf: PlacedFigure, stated: Int, found: Int,
                             related: [ScalarRange], kind: String) -> Finding {
        let fix = Num.replacingNumber(in: cf.text, with: String(found), chinese: Chars.chinese(found))
        return Finding(
            code: "count-mismatch", severity: .warning, range: cf.range,
            message: "“\(cf.text)”说有\(stated)项，后文列举了\(found)项",
            messageEnglish: "“\(cf.text)” announces \(stated) items, but the \(kind) that follows has \(found)",
            related: related.enumerated().map { RelatedLocation(range: $1, message: "第\($0 + 1)项 / item \($0 + 1)") },
            suggestedReplacement: fix)
    }

    // MARK: list-length-mismatch

    /// 平板电脑、微型计算机设备、显示器产量分别增长299.7%、109.1%和76.0%: N items, M values.
    static func listLengths(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        var from = 0
        for p in c.marks.fenbie where p >= from {
            from = p + 2
            // Values: the run of figures after 分别 in the clause, joined by 、和与及.
            let clauseEnd = clauseEndAfter(c, p + 2)
            let idx = c.figures(in: (p + 2)..<clauseEnd)
            guard let first = idx.first, c.figs[first].lo - (p + 2) <= 10 else { continue }
            var values: [PlacedFigure] = [c.figs[first]]
            var k = first + 1
            while k < idx.upperBound {
                let gap = c.figs[values.count - 1 + first].hi..<c.figs[k].lo
                guard gap.count <= 3, isJoiner(c, gap) else { break }
                values.append(c.figs[k])
                k += 1
            }
            // One value may be shared (三家企业分别获得100万元); qualified values (3000多元) are vague.
            guard values.count >= 2, values.allSatisfy(\.isPlain) else { continue }
            // A run cut by a line break (or continuing with a joiner) may go on: not complete.
            var after = values[values.count - 1].hi
            while after < c.s.count, Chars.isSpace(c.s[after]) || isJoiner(c, after..<(after + 1)) { after += 1 }
            if after < c.s.count && c.s[after] == "\n" { continue }
            // After the run the clause must end or move on to words, not another number.
            // Items: the list before 分别 in its clause, or a count (三种产品).
            let cs = c.clauseStart(before: p, limit: 80)
            guard cs < p else { continue }
            let subject = cs..<p
            var n: Int?
            var why = ""
            let countIdx = c.figures(in: subject)
            if let ci = countIdx.last, c.figs[ci].shape == .count, c.figs[ci].isPlain,
               c.figs[ci].unit.map({ !$0.hasPrefix("大") }) ?? true,
               countIdx.count == 1, !hasListSeparators(c, subject) {
                n = NSDecimalNumber(decimal: c.figs[ci].value).intValue
                why = c.figs[ci].text
            } else if countIdx.isEmpty, let items = listItems(c, subject) {
                n = items
            }
            guard let items = n, items >= 2, values.count >= 1, items != values.count else { continue }
            if why.isEmpty { why = c.trimmedString(subject) }
            let range = c.source(values[0].lo..<values[values.count - 1].hi)
            out.append(Finding(
                code: "list-length-mismatch", severity: .warning, range: range,
                message: "“分别”前列出\(items)项（\(why)），后面给出\(values.count)个数值",
                messageEnglish: "“分别” pairs \(items) items (\(why)) with \(values.count) values",
                related: values.map { c.related($0, "数值 / value") }))
        }
        return out
    }

    static func clauseEndAfter(_ c: CheckContext, _ i: Int) -> Int {
        var k = i
        let end = min(c.s.count, i + 120)
        while k < end && !(Chars.isClauseEnd(c.s[k])) { k += 1 }
        return k
    }

    static func isJoiner(_ c: CheckContext, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return true }
        for i in r {
            let ch = c.s[i]
            if !(ch == "、" || ch == "和" || ch == "与" || ch == "及" || ch == "," || Chars.isSpace(ch)) { return false }
        }
        return true
    }

    static func hasListSeparators(_ c: CheckContext, _ r: Range<Int>) -> Bool {
        c.containsScalar(in: r) { $0 == "、" }
    }

    /// Items of A、B和C before 分别; nil when the list is unclear (等, brackets only, a single item).
    static func listItems(_ c: CheckContext, _ r: Range<Int>) -> Int? {
        if c.contains(Words.deng, in: r) { return nil }
        var depth = 0
        var dunhao: [Int] = []
        for i in r {
            let ch = c.s[i]
            if ch == "（" || ch == "“" || ch == "《" || ch == "(" { depth += 1 }
            else if ch == "）" || ch == "”" || ch == "》" || ch == ")" { depth = max(0, depth - 1) }
            else if depth == 0 && ch == "、" { dunhao.append(i) }
        }
        // 及 mostly joins inside names (计算机及办公设备制造业); 和/与 may end the list (A、B和C) or sit
        // inside a name (计算机通信和其他电子设备) — when names carry them too, the count is unclear.
        if let lastSep = dunhao.last {
            let lastItem = (lastSep + 1)..<r.upperBound
            let lastJoined = c.containsAny(nameJoiners, in: lastItem)
            if c.contains(Words.ji, in: lastItem) { return nil }
            if lastJoined && c.containsAny(listJoiners, in: r.lowerBound..<lastSep) { return nil }
            return dunhao.count + 1 + (lastJoined ? 1 : 0)
        }
        // No 、: exactly one 和/与 (and no 及) makes two items (手机和电视机出货量).
        var joins = 0
        for i in r {
            let ch = c.s[i]
            if ch == "和" || ch == "与" { joins += 1 }
            if ch == "及" { return nil }
        }
        return joins == 1 ? 2 : nil
    }
}
