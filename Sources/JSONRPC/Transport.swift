import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the transport delivers to its owner, in order, on the reader thread.
public enum TransportEvent: Sendable {
    case message(Message)
    /// A body that could not be decoded; `error` is what to answer (with `id` when known).
    case undecodable(MessageDecodingError)
    /// A framing problem: bytes were skipped.
    case framingError(String)
    case endOfInput
}

/// Writes framed messages to a file descriptor. Thread-safe: every write holds a lock so messages from
/// different threads never interleave.
public final class MessageWriter: Sendable {
    private let fd: Int32
    private let lock = NSLock()

    public init(fileDescriptor: Int32) {
        fd = fileDescriptor
    }

    public func send(_ message: Message) {
        send(bytes: message.encodedBody)
    }

    public func sendResponse(id: RequestID, result: EncodedJSON) {
        send(bytes: Message.encodedResponse(id: id, result: result))
    }

    public func sendNotification(method: String, params: EncodedJSON) {
        send(bytes: Message.encodedNotification(method: method, params: params))
    }

    /// Frames a message body and writes header and body with one `write`.
    public func send(bytes body: [UInt8]) {
        var data = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        data.reserveCapacity(data.count + body.count)
        data.append(contentsOf: body)
        lock.lock()
        defer { lock.unlock() }
        data.withUnsafeBytes { raw in
            guard var p = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // The client is gone (EPIPE with SIGPIPE ignored); nothing more to do.
                }
                left -= n
                p += n
            }
        }
    }
}

/// Reads framed messages from a file descriptor on a dedicated blocking thread (not
/// `readabilityHandler`, which is unreliable at end of input on Linux).
public final class MessageReader: Sendable {
    private let fd: Int32
    private let maxBodySize: Int

    public init(fileDescriptor: Int32, maxBodySize: Int = 64 << 20) {
        fd = fileDescriptor
        self.maxBodySize = maxBodySize
    }

    /// Starts the reader thread; `handler` is called for every event on that thread, in order.
    public func start(_ handler: @escaping @Sendable (TransportEvent) -> Void) {
        let fd = self.fd
        let maxBodySize = self.maxBodySize
        let thread = Thread {
            var framer = MessageFramer(maxBodySize: maxBodySize)
            let size = 1 << 16
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
            defer { buffer.deallocate() }
            func deliver(_ events: [MessageFramer.Event]) {
                for event in events {
                    switch event {
                    case .message(let body):
                        do {
                            handler(.message(try Message.decode(body)))
                        } catch {
                            handler(.undecodable(error))
                        }
                    case .malformed(let reason):
                        handler(.framingError(reason))
                    }
                }
            }
            while true {
                let n = read(fd, buffer.baseAddress, size)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                deliver(framer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])))
            }
            deliver(framer.finish())
            handler(.endOfInput)
        }
        thread.name = "policy-lsp.reader"
        thread.stackSize = 8 << 20  // deep JSON is rejected by the decoder, but give it room
        thread.start()
    }
}

/// Protects the protocol stream: moves the real stdout to a private descriptor and points fd 1 at
/// stderr, so a stray `print` can never corrupt the LSP stream. Returns the protocol descriptor.
public func guardStandardOutput() -> Int32 {
    signal(SIGPIPE, SIG_IGN)
    let protocolFD = dup(STDOUT_FILENO)
    guard protocolFD >= 0 else { return STDOUT_FILENO }
    _ = dup2(STDERR_FILENO, STDOUT_FILENO)
    return protocolFD
}
