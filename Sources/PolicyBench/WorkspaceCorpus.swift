import Foundation

/// Generates a workspace of many distinct documents from a few real ones, so that indexing does real work
/// on every file (no two files alike): variant `k` of a document shifts the digits of its numbers (years
/// kept), rotates region names through a list, and gives every policy title a suffix.
enum WorkspaceCorpus {
    static let regions: [String] = ["北京", "天津", "河北", "山西", "辽宁", "吉林", "上海", "江苏", "浙江", "安徽",
                                    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
                                    "四川", "贵州", "云南", "陕西", "甘肃"]
    static let titleSuffixes: [String] = ["", "（试行）", "（修订）", "实施细则", "（2024年版）", "（征求意见稿）", "配套措施"]

    static let regionBytes: [[UInt8]] = regions.map { Array($0.utf8) }

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

    /// UTF-8 of one scalar, appended (the generator writes bytes directly: 10,000 files should take seconds).
    static func append(_ c: Unicode.Scalar, to out: inout [UInt8]) {
        let v = c.value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    static func variant(_ text: [Unicode.Scalar], k: Int, number: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 + 256)
        out.append(contentsOf: Array("（内部编号 \(number)）\n".utf8))
        let shift = UInt32(k % 10)
        let suffix = Array(titleSuffixes[k % titleSuffixes.count].utf8)
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
                        out.append(UInt8(text[p].value))
                    } else {
                        var d = (text[p].value - 0x30 + shift) % 10
                        if p == i, d == 0, j - i > 1 { d = 1 }  // no leading zero
                        out.append(UInt8(0x30 + d))
                    }
                }
                i = j
                continue
            }
            if i + 1 < n, let r = regionIndex[key(c, text[i + 1])] {
                out.append(contentsOf: regionBytes[(r + k) % regions.count])
                i += 2
                continue
            }
            if c == "《" { inTitle = true }
            if c == "》", inTitle {
                out.append(contentsOf: suffix)
                inTitle = false
            }
            append(c, to: &out)
            i += 1
        }
        return out
    }

    /// Writes `count` documents under `directory` (500 to a sub-folder). Returns the total bytes written.
    static func generate(into directory: String, count: Int, bases: [String]) throws -> Int {
        let sources = bases.map { Array($0.unicodeScalars) }
        guard !sources.isEmpty else { return 0 }
        var total = 0
        for number in 0..<count {
            let folder = directory + String(format: "/part-%02d", number / 500)
            if number % 500 == 0 { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let data = Data(variant(sources[number % sources.count], k: number / sources.count, number: number))
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
