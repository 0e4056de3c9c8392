import Foundation

/// Generates a workspace of many distinct documents from a few real ones, so that indexing does real work
/// on every file (no two files alike): variant `k` of a document shifts the digits of its numbers (years
/// kept), rotates region names through a list, and gives every policy title a suffix.
enum WorkspaceCorpus {
    static let regions: [String] = ["北京", "天津", "河北", "山西", "辽宁", "吉林", "上海", "江苏", "浙江", "安徽",
                                    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
                                    "四川", "贵州", "云南", "陕西", "甘肃"]
    static let titleSuffixes: [String] = ["", "（试行）", "（修订）", "实施细则", "（2024年版）", "（征求意见稿）", "配套措施"]

    static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 { UInt64(a.value) << 32 | UInt64(b.value) }

    static let regionIndex: [UInt64: Int] = {
        var d: [UInt64: Int] = [:]
        for (i, r) in regions.enumerated() {
            let s = Array(r.unicodeScalars)
            if s.count == 2 { d[key(s[0], s[1])] = i }
        }
        return d
    }()

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    static func variant(_ text: [Unicode.Scalar], k: Int, number: Int) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.count + 256)
        out.append(contentsOf: "（内部编号 \(number)）\n".unicodeScalars)
        let shift = UInt32(k % 10)
        let suffix = Array(titleSuffixes[k % titleSuffixes.count].unicodeScalars)
        var inTitle = false
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if isDigit(c) {
                var j = i
                while j < n, isDigit(text[j]) { j += 1 }
                let isYear = j - i == 4 && (text[i] == "2" || text[i] == "1")
                for p in i..<j {
                    if isYear || shift == 0 {
                        out.append(text[p])
                    } else {
                        var d = (text[p].value - 0x30 + shift) % 10
                        if p == i, d == 0, j - i > 1 { d = 1 }  // no leading zero
                        out.append(Unicode.Scalar(0x30 + d) ?? "0")
                    }
                }
                i = j
                continue
            }
            if i + 1 < n, let r = regionIndex[key(c, text[i + 1])] {
                out.append(contentsOf: regions[(r + k) % regions.count].unicodeScalars)
                i += 2
                continue
            }
            if c == "《" { inTitle = true }
            if c == "》", inTitle {
                out.append(contentsOf: suffix)
                inTitle = false
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// Writes `count` documents under `directory` (500 to a sub-folder). Returns the total bytes written.
    static func generate(into directory: String, count: Int, bases: [String]) throws -> Int {
        let sources = bases.map { Array($0.unicodeScalars) }
        guard !sources.isEmpty else { return 0 }
        var total = 0
        for number in 0..<count {
            let folder = directory + String(format: "/part-%02d", number / 500)
            if number % 500 == 0 { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let text = variant(sources[number % sources.count], k: number / sources.count, number: number)
            let data = Data(text.utf8)
            total += data.count
            try data.write(to: URL(fileURLWithPath: folder + String(format: "/doc-%05d.txt", number)))
        }
        return total
    }

    /// A fresh private directory under the system temporary directory.
    static func makeTemporaryDirectory() -> String? {
        var template = Array((NSTemporaryDirectory() + "/policy-lsp-bench-ws.XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { p -> String? in
            guard let base = p.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
    }
}
