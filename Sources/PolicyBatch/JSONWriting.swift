import Foundation

/// Minimal JSON and CSV text builders for streamed output (no intermediate object trees, so output
/// can be written file by file).
public enum JSONText {
    /// A JSON string literal. Escapes quotes, backslashes and control characters; also U+2028/2029
    /// so the output can be embedded in a script.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }

    /// `{"k": v, …}` from already-encoded values, keeping the given order and leaving out nils.
    public static func object(_ members: [(String, String?)]) -> String {
        var out = "{"
        var first = true
        for (k, v) in members {
            guard let v else { continue }
            if !first { out += "," }
            first = false
            out += quote(k) + ":" + v
        }
        return out + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}

public enum CSVText {
    /// RFC 4180: quote a field when it holds a comma, quote, CR or LF; double inner quotes.
    public static func field(_ s: String) -> String {
        if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// One record, CRLF-terminated as the RFC says.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}

public enum HTMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Controls other than tab/newline would make the document invalid; show them as U+FFFD.
                if (u.value < 0x20 && u != "\n" && u != "\t" && u != "\r") || u.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
