import Foundation

/// Splits a byte stream into `Content-Length`-framed message bodies. Bytes may arrive split or joined
/// anywhere; `Content-Type` and unknown headers are ignored. Malformed headers and oversized bodies are
/// reported as `.malformed` and skipped, so the stream recovers at the next header.
public struct MessageFramer: Sendable {
    public enum Event: Sendable, Equatable {
        case message(Data)
        case malformed(String)
    }

    /// Bodies larger than this are discarded as they stream by, never buffered.
    public let maxBodySize: Int
    /// A header block longer than this without its blank line is garbage.
    public let maxHeaderSize: Int

    private enum State: Sendable {
        case header
        case body(length: Int)
        case discarding(remaining: Int)
    }

    private var buffer: [UInt8] = []
    private var start = 0
    private var state = State.header

    public init(maxBodySize: Int = 64 << 20, maxHeaderSize: Int = 16 << 10) {
        self.maxBodySize = maxBodySize
        self.maxHeaderSize = maxHeaderSize
    }

    public mutating func feed<C: Collection>(_ bytes: C) -> [Event] where C.Element == UInt8 {
        var events: [Event] = []
        var input = bytes[...]
        // Drain a large discarded body without copying it into the buffer.
        while !input.isEmpty {
            if case .discarding(let remaining) = state {
                let n = min(remaining, input.count)
                input = input.dropFirst(n)
                state = remaining - n == 0 ? .header : .discarding(remaining: remaining - n)
                continue
            }
            buffer.append(contentsOf: input)
            input = input.dropFirst(input.count)
            drain(into: &events)
        }
        return events
    }

    /// End of input: a message cut short is reported.
    public mutating func finish() -> [Event] {
        var events: [Event] = []
        switch state {
        case .body(let length):
            events.append(.malformed("end of input inside a \(length)-byte body (\(buffer.count - start) bytes received)"))
        case .discarding:
            events.append(.malformed("end of input inside an oversized body"))
        case .header:
            if buffer[start...].contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }) {
                events.append(.malformed("end of input inside a header"))
            }
        }
        buffer = []
        start = 0
        state = .header
        return events
    }

    private mutating func drain(into events: inout [Event]) {
        loop: while true {
            switch state {
            case .header:
                guard let end = headerEnd() else {
                    if buffer.count - start > maxHeaderSize {
                        events.append(.malformed("header longer than \(maxHeaderSize) bytes without a blank line; skipped"))
                        start = buffer.count
                    }
                    break loop
                }
                let header = buffer[start..<end.headerEnd]
                start = end.bodyStart
                switch Self.contentLength(in: header) {
                case .success(let length):
                    if length > maxBodySize {
                        events.append(.malformed("Content-Length \(length) exceeds the limit of \(maxBodySize) bytes; body skipped"))
                        let available = buffer.count - start
                        if available >= length {
                            start += length
                        } else {
                            start = buffer.count
                            state = .discarding(remaining: length - available)
                            compact()
                            break loop
                        }
                    } else {
                        state = .body(length: length)
                    }
                case .failure(let reason):
                    events.append(.malformed(reason.description))
                }
            case .body(let length):
                guard buffer.count - start >= length else { break loop }
                events.append(.message(Data(buffer[start..<start + length])))
                start += length
                state = .header
            case .discarding:
                break loop
            }
        }
        compact()
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        } else if start > 1 << 16 && start > buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// Finds the blank line ending the header block (CRLFCRLF, tolerating bare LF).
    private func headerEnd() -> (headerEnd: Int, bodyStart: Int)? {
        var i = start
        // Skip stray line breaks between messages.
        while i < buffer.count, buffer[i] == 0x0D || buffer[i] == 0x0A { i += 1 }
        var j = i
        while j < buffer.count {
            if buffer[j] == 0x0A {
                if j + 1 < buffer.count, buffer[j + 1] == 0x0A { return (j, j + 2) }
                if j + 2 < buffer.count, buffer[j + 1] == 0x0D, buffer[j + 2] == 0x0A { return (j, j + 3) }
            }
            j += 1
        }
        return nil
    }

    private static func contentLength(in header: ArraySlice<UInt8>) -> Result<Int, HeaderError> {
        if let length = plainContentLength(in: header) { return .success(length) }
        let text = String(decoding: header, as: UTF8.self)
        var length: Int?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            guard let colon = rawLine.firstIndex(of: ":") else { continue }
            let name = rawLine[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = rawLine[rawLine.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            // Garbage before a real header ends up on the header's first line: accept a name that ends
            // with the header name so the stream resynchronizes.
            if name == "content-length" || name.hasSuffix("content-length") {
                guard let n = Int(value), n >= 0 else {
                    return .failure(HeaderError("invalid Content-Length: \(value.prefix(40))"))
                }
                length = n
            }
        }
        guard let length else {
            return .failure(HeaderError("header without Content-Length: \(text.prefix(60).debugDescription)"))
        }
        return .success(length)
    }

    /// The common case read from the bytes: an ASCII header whose Content-Length lines all hold plain
    /// digits. Anything else (nil) goes to `contentLength(in:)`'s general reading, which also words the errors.
    private static func plainContentLength(in header: ArraySlice<UInt8>) -> Int? {
        let name = Array("content-length".utf8)
        var length: Int?
        var lineStart = header.startIndex
        while lineStart < header.endIndex {
            var lineEnd = lineStart
            while lineEnd < header.endIndex, header[lineEnd] != 0x0A, header[lineEnd] != 0x0D {
                if header[lineEnd] >= 0x80 { return nil }
                lineEnd += 1
            }
            defer { lineStart = lineEnd + 1 }
            guard let colon = header[lineStart..<lineEnd].firstIndex(of: 0x3A) else { continue }
            var nameEnd = colon
            while nameEnd > lineStart, header[nameEnd - 1] == 0x20 || header[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            // The name ends with "content-length", in any case (garbage before it is tolerated).
            guard nameEnd - lineStart >= name.count,
                  zip(header[(nameEnd - name.count)..<nameEnd], name).allSatisfy({ $0 | 0x20 == $1 })
            else { continue }
            var v = colon + 1
            while v < lineEnd, header[v] == 0x20 || header[v] == 0x09 { v += 1 }
            var valueEnd = lineEnd
            while valueEnd > v, header[valueEnd - 1] == 0x20 || header[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            guard valueEnd > v, valueEnd - v <= 18 else { return nil }
            var n = 0
            for b in header[v..<valueEnd] {
                guard b >= 0x30 && b <= 0x39 else { return nil }
                n = n * 10 + Int(b - 0x30)
            }
            length = n
        }
        return length
    }

    private struct HeaderError: Error {
        var description: String
        init(_ d: String) { description = d }
    }
}

/// Frames one message body with its header.
public func frame(_ body: Data) -> Data {
    var data = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
    data.append(body)
    return data
}
