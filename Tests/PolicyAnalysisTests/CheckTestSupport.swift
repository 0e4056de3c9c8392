import Foundation
import XCTest
@testable import PolicyAnalysis
import PolicyText

/// A deliberately small figure reader for the check tests, so each check can be tested on its own
/// arithmetic independently of the real figure recognizer (end-to-end tests use DocumentAnalyzer).
/// Reads ASCII numbers with 万/亿 scales and a few units, and Chinese numerals before 大X/方面/种/项.
enum MiniFigures {
    static let units: [(String, FigureShape)] = [
        ("个百分点", .percentagePoints), ("%", .percentage), ("个方面", .count), ("方面", .count),
        ("元", .amount), ("台", .count), ("个", .count), ("家", .count), ("项", .count), ("笔", .count),
        ("种", .count), ("条", .count), ("类", .count),
    ]
    static let daNouns = ["行动", "产业", "领域", "任务", "工程"]
    static let prefixQualifiers: [(String, FigureQualifier)] = [("超过", .over), ("超", .over), ("突破", .over),
                                                               ("近", .nearly), ("约", .about)]
    static let numerals: [Unicode.Scalar: Int] = ["二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                                                  "八": 8, "九": 9, "十": 10]

    static func has(_ s: [Unicode.Scalar], _ word: String, at i: Int) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i >= 0, i + w.count <= s.count else { return false }
        return Array(s[i..<(i + w.count)]) == w
    }

    static func text(_ s: [Unicode.Scalar], _ r: Range<Int>) -> String {
        var v = String.UnicodeScalarView(); v.append(contentsOf: s[r]); return String(v)
    }

    static func figures(in s: [Unicode.Scalar]) -> [Figure] {
        var out: [Figure] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
        while i < s.count {
            let start = i
            if isDigit(s[i]) && (i == 0 || !isDigit(s[i - 1]) && s[i - 1] != ".") {
                var j = i
                while j < s.count && (isDigit(s[j]) || s[j] == ".") { j += 1 }
                let numText = text(s, i..<j)
                let decimals = numText.firstIndex(of: ".").map { numText.distance(from: $0, to: numText.endIndex) - 1 } ?? 0
                guard var value = Decimal(string: numText) else { i = j; continue }
                var upper: Decimal?
                var k = j
                if k < s.count && (s[k] == "~" || s[k] == "～"), k + 1 < s.count, isDigit(s[k + 1]) {
                    var m = k + 1
                    while m < s.count && isDigit(s[m]) { m += 1 }
                    upper = Decimal(string: text(s, (k + 1)..<m)); k = m
                }
                while k < s.count && s[k] == " " { k += 1 }
                var scale: Decimal = 1
                if has(s, "万亿", at: k) { scale = 1_000_000_000_000; k += 2 }
                else if has(s, "亿", at: k) { scale = 100_000_000; k += 1 }
                else if has(s, "万", at: k) { scale = 10_000; k += 1 }
                var qualifier: FigureQualifier?
                if has(s, "余", at: k) || has(s, "多", at: k) { qualifier = .more; k += 1 }
                guard let (unit, shape) = units.first(where: { has(s, $0.0, at: k) }) else { i = j; continue }
                let end = k + unit.unicodeScalars.count
                if shape != .percentage && shape != .percentagePoints { value *= scale; upper = upper.map { $0 * scale } }
                for (q, kind) in prefixQualifiers where has(s, q, at: start - q.unicodeScalars.count) { qualifier = kind; break }
                if has(s, "以上", at: end) || has(s, "左右", at: end) { qualifier = qualifier ?? .over }
                out.append(Figure(text: text(s, start..<end), range: start..<end, value: value, upperValue: upper,
                                  unit: unit, shape: upper == nil ? shape : .range, qualifier: qualifier,
                                  statedDecimals: decimals, scale: scale))
                i = end
                continue
            }
            if let n = numerals[s[i]], i == 0 || numerals[s[i - 1]] == nil && s[i - 1] != "第" {
                var k = i + 1
                var unit: String?
                if k < s.count && s[k] == "大", let noun = daNouns.first(where: { has(s, $0, at: k + 1) }) {
                    unit = "大" + noun
                } else if let u = ["个方面", "方面", "种", "项", "个"].first(where: { has(s, $0, at: k) }) {
                    unit = u
                }
                if let u = unit {
                    k += u.unicodeScalars.count
                    out.append(Figure(text: text(s, i..<k), range: i..<k, value: Decimal(n), unit: u, shape: .count))
                    i = k
                    continue
                }
            }
            i += 1
        }
        return out
    }
}

/// Runs the checks on `text` with the mini figure reader (identity reading view is fine: no wraps).
func runChecks(_ text: String, articles: [Article] = [], aliases: [AliasDefinition] = []) -> [Finding] {
    let s = Array(text.unicodeScalars)
    let view = ReadingView(source: s)
    var model = DocumentModel()
    model.figures = MiniFigures.figures(in: view.scalars).map { f in
        var f = f
        f.range = view.sourceRange(forReading: f.range)
        return f
    }
    model.structure = DocumentStructure(articles: articles)
    model.aliases = aliases
    return ConsistencyChecker.findings(model: model, view: view)
}

/// The source text a finding points at.
func covered(_ f: Finding, in text: String) -> String {
    let s = Array(text.unicodeScalars)
    let lo = max(0, min(f.range.lowerBound, s.count)), hi = max(lo, min(f.range.upperBound, s.count))
    var v = String.UnicodeScalarView(); v.append(contentsOf: s[lo..<hi]); return String(v)
}

/// Offset (in scalars) of the first occurrence of `needle` in `text`.
func scalarOffset(of needle: String, in text: String, occurrence: Int = 1) -> Int? {
    let s = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
    guard !n.isEmpty, s.count >= n.count else { return nil }
    var seen = 0
    for i in 0...(s.count - n.count) where Array(s[i..<(i + n.count)]) == n {
        seen += 1
        if seen == occurrence { return i }
    }
    return nil
}

func describe(_ fs: [Finding], _ text: String) -> String {
    fs.map { "\($0.code) @\(covered($0, in: text)): \($0.message)" }.joined(separator: "\n")
}
