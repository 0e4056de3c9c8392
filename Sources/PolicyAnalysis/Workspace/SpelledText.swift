import Foundation

/// A string hashed and compared by its UTF-8 bytes, for the keys of one document's indexes.
///
/// `String` hashes and compares by canonical equivalence: for non-ASCII text every hash and every
/// comparison checks each scalar for normal form first. On the index of a 2 MB document, rebuilt after
/// every edit, that check was a fifth of the work. The keys here come from the document's own scalars
/// through this module's normalizations (PolicyKey, canonical organization names), so two mentions of
/// one thing are spelled with the same bytes; text that differs only by Unicode normalization (a
/// decomposed é) counts as different.
struct SpelledText: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    func hash(into hasher: inout Hasher) {
        var s = string  // withUTF8 is mutating: it may first make a bridged string native (not on Linux)
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: SpelledText, b: SpelledText) -> Bool { sameSpelling(a.string, b.string) }

    /// Byte equality of two strings.
    static func sameSpelling(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
