/// Whether a file's bytes are binary rather than text: a NUL byte in the leading 8 KB, as git and grep
/// decide. Shared by the batch loader and the workspace index so both skip the same files.
public enum BinaryProbe {
    public static let probeSize = 8 << 10

    public static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UnsafeBufferPointer(rebasing: bytes.prefix(probeSize)).contains(0)
    }
}
