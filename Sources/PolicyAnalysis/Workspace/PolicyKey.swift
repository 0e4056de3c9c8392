/// Keys that make the same policy title match across small differences in how it is written:
/// spacing, full-width vs half-width brackets and digits, and year ranges written with different
/// dashes (2024—2026 / 2024-2026 / 2024年-2026年).
public enum PolicyKey {
    /// Normalized identity of a title (without the outer 《》).
    public static func key(_ title: String) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(title.unicodeScalars.count)
        for s in title.unicodeScalars {
            var v = s.value
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xA0, 0x200B, 0xFEFF: continue
            case 0x300A, 0x300B: continue  // stray 《》 inside a title
            default: break
            }
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // full-width ASCII
            switch v {
            case 0x2010...0x2015, 0x2212, 0x7E, 0x301C, 0xFE63: v = 0x2D  // dashes and tildes → "-"
            case 0x3014, 0x3010, 0x5B, 0x3016: v = 0x28                // 〔【[〖 → (
            case 0x3015, 0x3011, 0x5D, 0x3017: v = 0x29                // 〕】]〗 → )
            case 0x201C, 0x201D, 0x2018, 0x2019, 0x22, 0x27, 0x300C, 0x300D: continue  // quotes
            case 0x41...0x5A: v += 0x20  // ASCII letters fold to lower case
            default: break
            }
            guard let scalar = Unicode.Scalar(v) else { continue }
            // "2024年-2026年": drop the 年 of the first year so it matches "2024-2026年".
            if scalar == "-", let last = out.last, last == "年", out.count >= 2, isDigit(out[out.count - 2]) {
                out.removeLast()
            }
            if scalar == "至", let last = out.last, isDigit(last) || last == "年" {
                if last == "年" { out.removeLast() }
                out.append("-")
                continue
            }
            out.append(scalar)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: out)
        return String(view)
    }

    /// The title with its region prefix and period removed, so the national and provincial editions of
    /// the same plan share a core: 《广东省算力基础设施高质量发展行动计划（2024-2026年）》 and
    /// 《算力基础设施高质量发展行动计划》 → "算力基础设施高质量发展行动计划".
    public static func core(_ title: String) -> (region: String?, core: String) {
        core(ofKey: key(title))
    }

    /// `core` of a title whose key is already at hand.
    static func core(ofKey key: String) -> (region: String?, core: String) {
        var scalars = removingPeriods(Array(key.unicodeScalars))
        // `String.hasPrefix` compares characters by canonical equivalence; when every scalar is a normalized
        // character of its own (ideographs, ASCII, CJK punctuation: nearly every title), comparing scalars
        // is the same and far cheaper.
        guard scalars.allSatisfy(isPlainCharacter) else { return coreComparingCharacters(scalars) }
        var region: String?
        if let prefix = nationalPrefixScalars.first(where: { scalars.starts(with: $0) }) {
            region = "国家"
            scalars.removeFirst(prefix.count)
        } else if let p = provinceScalars.firstIndex(where: { scalars.starts(with: $0) }) {
            var n = provinceScalars[p].count
            if let suffix = regionSuffixScalars.first(where: { scalars[n...].starts(with: $0) }) { n += suffix.count }
            region = provinces[p]
            scalars.removeFirst(n)
        }
        return (region, String(String.UnicodeScalarView(scalars)))
    }

    static func coreComparingCharacters(_ periodless: [Unicode.Scalar]) -> (region: String?, core: String) {
        var scalars = periodless
        var region: String?
        let text = String(String.UnicodeScalarView(scalars))
        for prefix in nationalPrefixes where text.hasPrefix(prefix) {
            region = "国家"
            scalars.removeFirst(prefix.unicodeScalars.count)
            break
        }
        if region == nil {
            for name in provinces where text.hasPrefix(name) {
                var n = name.unicodeScalars.count
                let rest = String(String.UnicodeScalarView(scalars[n...]))
                for suffix in regionSuffixes where rest.hasPrefix(suffix) {
                    n += suffix.unicodeScalars.count
                    break
                }
                region = name
                scalars.removeFirst(n)
                break
            }
        }
        return (region, String(String.UnicodeScalarView(scalars)))
    }

    /// A scalar that is a whole character in every context and its own normal form: ASCII, Latin-1,
    /// general punctuation, CJK punctuation (not the combining tone marks), kana, unified ideographs.
    static func isPlainCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20...0x7E, 0xA0...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x303F,
             0x3041...0x3096, 0x30A0...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF:
            return true
        default:
            return false
        }
    }

    static let nationalPrefixes = ["国务院", "国家", "全国", "中国"]
    static let regionSuffixes = ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"]
    static let nationalPrefixScalars = nationalPrefixes.map { Array($0.unicodeScalars) }
    static let provinceScalars = provinces.map { Array($0.unicodeScalars) }
    static let regionSuffixScalars = regionSuffixes.map { Array($0.unicodeScalars) }

    /// Provincial-level regions, short forms (the suffix 省/市/自治区 is optional in titles).
    static let provinces = [
        "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
        "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
        "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
    ]

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// Drops "(2024-2026年)", "2023年", "2024-2026年" and "2025" runs: periods are not part of a plan's identity.
    static func removingPeriods(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < s.count {
            // A parenthesized group made only of digits, dashes and 年.
            if s[i] == "(" {
                var j = i + 1
                while j < s.count, isDigit(s[j]) || s[j] == "-" || s[j] == "年" { j += 1 }
                if j < s.count, s[j] == ")", j > i + 1 { i = j + 1; continue }
            }
            if isDigit(s[i]) {
                var j = i
                while j < s.count, isDigit(s[j]) || s[j] == "-" { j += 1 }
                if j - i >= 4 {
                    if j < s.count, s[j] == "年" { j += 1 }
                    i = j
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }
}
