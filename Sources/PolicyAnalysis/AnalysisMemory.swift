#if canImport(Glibc)
import Glibc
#endif

/// How a process that analyses many documents (the server, the batch commands, the benchmark) should set
/// up its allocator.
///
/// An analysis builds arrays of a few hundred kilobytes to tens of megabytes and frees them when it ends.
/// glibc's defaults hand blocks that size back to the kernel on free (an mmap threshold that adapts
/// upwards from 128 KB, and a trim threshold of twice that), so the next analysis gets fresh pages
/// again: a page fault and a page of zeroing for every 4 KB it writes. On a 200 KB document that was
/// ~320 faults and ~15% of the wall time of each analysis. Keeping freed memory in the heap lets the next
/// analysis reuse warm pages; `releaseFreedMemory` hands it back once the process is idle.
///
/// Swift's Glibc module leaves out <malloc.h>, so the two calls are looked up by name; where they do not
/// exist (another libc) both functions do nothing.
public enum AnalysisMemory {
    /// Blocks up to this size come from the heap, not from their own mapping. 32 MB is glibc's ceiling
    /// for the setting; bigger blocks (the arrays of documents over ~8 MB) are mapped whatever we set.
    static let heapBlockLimit: Int32 = 32 << 20
    /// Free memory at the top of the heap is kept up to this much before glibc returns it.
    static let retainedFreeMemory: Int32 = 128 << 20

    // <malloc.h>: M_TRIM_THRESHOLD is -1, M_MMAP_THRESHOLD is -3.
    static let trimThresholdParameter: Int32 = -1
    static let mmapThresholdParameter: Int32 = -3

    /// Keeps freed blocks for reuse. Call once, before the first analysis; later calls change nothing.
    public static func retainFreedMemory() {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(mmapThresholdParameter, heapBlockLimit)
        _ = mallopt(trimThresholdParameter, retainedFreeMemory)
        #endif
    }

    /// Returns free heap memory to the kernel: for a process that has gone idle after analysing.
    public static func releaseFreedMemory() {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        let mallocTrim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        _ = mallocTrim(0)
        #endif
    }
}
