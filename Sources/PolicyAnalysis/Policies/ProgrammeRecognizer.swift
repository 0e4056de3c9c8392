/// “东数西算”工程, “机器人+”行动, “十四五”规划: a short quoted name followed by a programme suffix.
enum ProgrammeRecognizer {
    private static let suffixes: [[Unicode.Scalar]] = ["行动计划", "专项行动", "应用行动", "攻坚行动", "三年行动", "示范工程",
                                                       "专项工程", "工程", "行动", "计划", "规划", "战略", "专项", "工作"]
        .map { Array($0.unicodeScalars) }
    /// The first scalars of `suffixes`, as a bit test that lets through few others: a quote followed by
    /// none of these names no programme.
    private static let suffixStarts = StructureParser.FirstScalarFilter(suffixes)

    /// Reading ranges and names. Quotes inside a 《》 title are part of the title, not programmes.
    static func find(_ s: [Unicode.Scalar], quotes: [(open: Int, close: Int)], titles: [TitleSpan]) -> [(Range<Int>, String)] {
        var out: [(Range<Int>, String)] = []
        // Read once, not once per quote (each static read costs a lazy-initialization check).
        let suffixes = self.suffixes, suffixStarts = self.suffixStarts
        var t = 0
        for q in quotes {
            let inner = q.close - q.open - 1
            guard inner >= 1, inner <= 16 else { continue }
            var j = q.close + 1
            while j < s.count, j - q.close <= 3, PolicyScan.isWhite(s[j].value) { j += 1 }
            guard j < s.count, suffixStarts.mayStart(s[j]) else { continue }
            var bad = false
            for i in (q.open + 1)..<q.close where PolicyScan.isSentenceFinal(s[i].value) || s[i] == "，" { bad = true; break }
            if bad { continue }
            while t < titles.count, titles[t].close < q.open { t += 1 }
            if t < titles.count, titles[t].open < q.open { continue }
            for suf in suffixes {
                if let e = PolicyScan.match(s, at: j, suf, limit: s.count) {
                    out.append((q.open..<e, PolicyScan.compactString(s, q.open..<e)))
                    break
                }
            }
        }
        return out
    }
}
