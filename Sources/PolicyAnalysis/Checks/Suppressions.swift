/// Inline suppression comments, for Markdown and plain text alike:
///
///     <!-- policy-lsp-disable-next-line sum-mismatch -->    the next line (codes optional: none = all)
///     policy-lsp-disable-line ratio-mismatch                 this line
///     policy-lsp-disable range-order … policy-lsp-enable     a region (to the end without an enable)
///
/// Codes are separated by spaces or commas. Works on the source text, so a comment wrapped by the reading
/// view still applies to the physical line a reader sees.
public enum Suppressions {
    struct Rule {
        var lines: ClosedRange<Int>
        var codes: Set<String>  // empty: every code
    }

    static let marker = Array("policy-lsp-".unicodeScalars)

    /// Whether `source` may hold a directive: most documents hold none, and then `apply` has nothing to
    /// do. One pass over the whole text, best made while the text is still in cache.
    public static func mayHaveDirectives(in source: [Unicode.Scalar]) -> Bool {
        firstIndex(of: marker, in: source) != nil
    }

    /// `findings` without those the directives in `source` suppress; `mayHaveDirectives` is what
    /// `mayHaveDirectives(in: source)` answered.
    public static func apply(_ findings: [Finding], source: [Unicode.Scalar], mayHaveDirectives: Bool) -> [Finding] {
        guard !findings.isEmpty, mayHaveDirectives else { return findings }
        var lineStarts = [0]
        for (i, c) in source.enumerated() where c == "\n" || (c == "\r" && (i + 1 >= source.count || source[i + 1] != "\n")) {
            lineStarts.append(i + 1)
        }
        func line(of offset: Int) -> Int {
            var lo = 0, hi = lineStarts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if lineStarts[mid] <= offset { lo = mid + 1 } else { hi = mid }
            }
            return max(0, lo - 1)
        }
        var rules: [Rule] = []
        var openRegions: [(start: Int, codes: Set<String>)] = []
        let lastLine = lineStarts.count - 1
        for (index, start) in lineStarts.enumerated() {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] : source.count
            guard let (directive, codes) = directive(in: source[start..<end]) else { continue }
            switch directive {
            case "disable-next-line": rules.append(Rule(lines: (index + 1)...(index + 1), codes: codes))
            case "disable-line": rules.append(Rule(lines: index...index, codes: codes))
            case "disable": openRegions.append((index, codes))
            case "enable":
                // Closes every open region whose codes it names (or all, when it names none).
                openRegions.removeAll { region in
                    guard codes.isEmpty || !region.codes.isDisjoint(with: codes) else { return false }
                    rules.append(Rule(lines: region.start...index, codes: region.codes))
                    return true
                }
            default: break
            }
        }
        for region in openRegions { rules.append(Rule(lines: region.start...max(region.start, lastLine), codes: region.codes)) }
        guard !rules.isEmpty else { return findings }
        return findings.filter { finding in
            let l = line(of: finding.range.lowerBound)
            return !rules.contains { $0.lines.contains(l) && ($0.codes.isEmpty || $0.codes.contains(finding.code)) }
        }
    }

    /// The directive on one line and the codes it names.
    static func directive(in line: ArraySlice<Unicode.Scalar>) -> (String, Set<String>)? {
        let chars = Array(line)
        guard let at = firstIndex(of: marker, in: chars) else { return nil }
        var i = at + marker.count
        func word() -> String {
            var w = String.UnicodeScalarView()
            while i < chars.count, isCodeCharacter(chars[i]) {
                w.append(chars[i])
                i += 1
            }
            return String(w)
        }
        let directive = word()
        guard ["disable-next-line", "disable-line", "disable", "enable"].contains(directive) else { return nil }
        var codes = Set<String>()
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "," || c == "\t" || c == "，" || c == "、" {
                i += 1
                continue
            }
            guard c >= "a" && c <= "z" else { break }  // "-->" or other text ends the list
            let code = word()
            if code.isEmpty { break }
            codes.insert(code)
        }
        return (directive, codes)
    }

    static func isCodeCharacter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (c == "-" )
    }

    static func firstIndex(of needle: [Unicode.Scalar], in hay: [Unicode.Scalar]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return nil }
        // Runs over the whole document on every analysis: sixteen scalars at a time against the first.
        let first = needle[0]
        let lanes = SIMD16<Int32>(repeating: Int32(bitPattern: first.value))
        let end = hay.count - needle.count + 1  // a match starts before this
        return hay.withUnsafeBufferPointer { h -> Int? in
            var i = 0
            while i < end {
                i = PolicyScan.nextBlock(h, from: i, to: end, SIMD16<Int32>.self) { $0 .== lanes }
                let blockEnd = min(end, i + 16)
                while i < blockEnd {
                    if h[i] == first {
                        var k = 1
                        while k < needle.count, h[i + k] == needle[k] { k += 1 }
                        if k == needle.count { return i }
                    }
                    i += 1
                }
            }
            return nil
        }
    }
}
