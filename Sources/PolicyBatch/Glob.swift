/// Glob patterns as `.gitignore` and `--include`/`--exclude` write them: `*` (not across `/`), `?`,
/// `[a-z]`/`[!a]`, `**` (any number of folders), matched against a `/`-separated relative path.
public struct Glob: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case literal(Unicode.Scalar)
        case one                 // ?
        case star                // * within a segment
        case folders             // **/ : "" or "a/", "a/b/" …
        case anything            // trailing /** or a bare **
        case set([ClosedRange<UInt32>], negated: Bool)
    }

    let tokens: [Token]
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
        let p = Array(pattern.unicodeScalars)
        var t: [Token] = []
        var i = 0
        while i < p.count {
            let c = p[i]
            if c == "*" {
                if i + 1 < p.count && p[i + 1] == "*" {
                    let atSegmentStart = i == 0 || p[i - 1] == "/"
                    let next = i + 2
                    if atSegmentStart && next < p.count && p[next] == "/" {
                        t.append(.folders); i = next + 1; continue
                    }
                    if atSegmentStart && next == p.count {
                        t.append(.anything); i = next; continue
                    }
                    // "a**b": two stars in a segment behave like one.
                    t.append(.star); i = next; continue
                }
                t.append(.star)
            } else if c == "?" {
                t.append(.one)
            } else if c == "\\" && i + 1 < p.count {
                i += 1
                t.append(.literal(p[i]))
            } else if c == "[", let (set, end) = Glob.parseSet(p, from: i) {
                t.append(set)
                i = end
            } else {
                t.append(.literal(c))
            }
            i += 1
        }
        tokens = t
    }

    /// A bracket expression starting at `p[start] == "["`; returns the token and the index of `]`.
    private static func parseSet(_ p: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < p.count && (p[i] == "!" || p[i] == "^") { negated = true; i += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while i < p.count {
            if p[i] == "]" && !first { return (.set(ranges, negated: negated), i) }
            first = false
            var lo = p[i]
            if lo == "\\" && i + 1 < p.count { i += 1; lo = p[i] }
            if i + 2 < p.count && p[i + 1] == "-" && p[i + 2] != "]" {
                let hi = p[i + 2]
                if lo.value <= hi.value { ranges.append(lo.value...hi.value) }
                i += 3
            } else {
                ranges.append(lo.value...lo.value)
                i += 1
            }
        }
        return nil  // no closing bracket: "[" is a literal
    }

    /// Whether the whole of `path` matches. Dynamic programming over (token, character): linear in
    /// pattern × path length, no exponential backtracking on `*a*a*a*…`.
    public func matches(_ path: String) -> Bool {
        let s = Array(path.unicodeScalars)
        let n = s.count
        // reach[j]: the tokens so far can match s[0..<j].
        var reach = [Bool](repeating: false, count: n + 1)
        reach[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: n + 1)
            switch token {
            case .literal(let c):
                for j in 0..<n where reach[j] && s[j] == c { next[j + 1] = true }
            case .one:
                for j in 0..<n where reach[j] && s[j] != "/" { next[j + 1] = true }
            case .set(let ranges, let negated):
                for j in 0..<n where reach[j] && s[j] != "/" {
                    let inSet = ranges.contains { $0.contains(s[j].value) }
                    if inSet != negated { next[j + 1] = true }
                }
            case .star:
                var open = false
                for j in 0...n {
                    if reach[j] { open = true }
                    if open { next[j] = true }
                    if j < n && s[j] == "/" { open = false }
                }
            case .anything:
                var open = false
                for j in 0...n {
                    if reach[j] { open = true }
                    if open { next[j] = true }
                }
            case .folders:
                // "" or any run ending with "/".
                var open = false
                for j in 0...n {
                    if reach[j] { next[j] = true; open = true }
                    if open && j < n && s[j] == "/" { next[j + 1] = true }
                }
            }
            reach = next
            if !reach.contains(true) { return false }
        }
        return reach[n]
    }
}

/// One line of an ignore file.
public struct IgnoreRule: Sendable, Equatable {
    public let glob: Glob
    public let negated: Bool
    public let directoryOnly: Bool
    /// Contains a `/` before its end: matched against the path relative to the ignore file's folder,
    /// else against the name alone at any depth.
    public let anchored: Bool

    /// nil for blank lines and comments.
    public init?(line raw: String) {
        var line = Substring(raw)
        if line.hasSuffix("\r") { line = line.dropLast() }
        // Trailing spaces are ignored unless escaped.
        while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var negated = false
        if line.hasPrefix("!") { negated = true; line = line.dropFirst() }
        else if line.hasPrefix("\\!") || line.hasPrefix("\\#") { line = line.dropFirst() }
        var directoryOnly = false
        if line.hasSuffix("/") { directoryOnly = true; line = line.dropLast() }
        var anchored = line.contains("/")
        if line.hasPrefix("/") { line = line.dropFirst(); anchored = true }
        if line.isEmpty { return nil }
        self.negated = negated
        self.directoryOnly = directoryOnly
        self.anchored = anchored
        self.glob = Glob(String(line))
    }

    /// `relativePath` is relative to the folder holding the ignore file.
    public func matches(relativePath: String, isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        if anchored { return glob.matches(relativePath) }
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return glob.matches(name)
    }
}

/// The rules of one ignore file, tied to the folder it sits in.
public struct IgnoreFile: Sendable, Equatable {
    public let directory: String
    public let rules: [IgnoreRule]
    public init(directory: String, contents: String) {
        self.directory = directory
        self.rules = contents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" })
            .compactMap { IgnoreRule(line: String($0)) }
    }

    /// nil when no rule speaks about the path; else whether the last matching rule ignores it.
    public func verdict(relativePath: String, isDirectory: Bool) -> Bool? {
        var result: Bool?
        for rule in rules where rule.matches(relativePath: relativePath, isDirectory: isDirectory) {
            result = !rule.negated
        }
        return result
    }
}
