import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem met while listing or reading inputs. Errors make the run exit 2 (after it finishes);
/// notes (binary files) are only shown.
public struct InputProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case error, note }
    public var path: String
    public var kind: Kind
    public var message: String
    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }
    public var description: String { "\(path): \(kind.rawValue): \(message)" }
}

/// `path` as the file system sees it: relative paths are taken from `base` when given.
public func resolvePath(_ path: String, base: String?) -> String {
    guard let base, !path.hasPrefix("/") else { return path }
    if path == "." { return base }
    return base.hasSuffix("/") ? base + path : base + "/" + path
}

/// Which files a walk takes. A file named on the command line is always taken; inside folders,
/// files must match `include` (default `*.txt`, `*.md`) and not `exclude` or an ignore file.
public struct WalkOptions: Sendable {
    public var include: [Glob] = []
    public var exclude: [Glob] = []
    /// Ignore files read in every folder walked.
    public var ignoreFileNames: [String] = [".gitignore", ".policy-lspignore"]
    public var defaultExtensions: [String] = ["txt", "md"]
    /// Folder relative paths are taken from (nil: the process's working directory). Paths are
    /// printed as given; only file access goes through this.
    public var baseDirectory: String?
    public init() {}
}

/// Walks the paths given on the command line, in the order given; folders are listed in byte order of
/// names, depth first. Symlinks are followed; a folder already visited (same device and inode) is
/// skipped, so symlink loops end.
public struct FileWalker {
    public let options: WalkOptions
    public private(set) var files: [String] = []
    public private(set) var problems: [InputProblem] = []
    private var visited = Set<FileID>()

    struct FileID: Hashable { let device: UInt64; let inode: UInt64 }

    public init(options: WalkOptions = WalkOptions()) { self.options = options }

    public static func collect(_ paths: [String], options: WalkOptions = WalkOptions()) -> (files: [String], problems: [InputProblem]) {
        var w = FileWalker(options: options)
        for p in paths { w.add(p) }
        return (w.files, w.problems)
    }

    enum Kind { case file, directory, other, missing(String) }

    static func kind(of path: String) -> (Kind, FileID?) {
        var st = stat()
        if stat(path, &st) != 0 {
            let why = String(cString: strerror(errno))
            var lst = stat()
            if lstat(path, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFLNK {
                return (.missing("broken symbolic link (\(why))"), nil)
            }
            return (.missing(why), nil)
        }
        let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, id)
        case S_IFDIR: return (.directory, id)
        default: return (.other, id)
        }
    }

    public mutating func add(_ path: String) {
        let (kind, id) = FileWalker.kind(of: resolvePath(path, base: options.baseDirectory))
        switch kind {
        case .file:
            files.append(path)
        case .directory:
            var stack: [IgnoreFile] = []
            if let id { visited.insert(id) }
            walk(directory: path, relative: "", ignores: &stack)
        case .other:
            problems.append(InputProblem(path: path, kind: .error, message: "not a regular file or folder"))
        case .missing(let why):
            problems.append(InputProblem(path: path, kind: .error, message: why.lowercased()))
        }
    }

    private func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// Whether an ignore file or `--exclude` drops `relative` (a path under the walked root).
    private func isIgnored(relative: String, isDirectory: Bool, ignores: [IgnoreFile]) -> Bool {
        if options.exclude.contains(where: { glob in
            glob.matches(relative) || (!glob.pattern.contains("/") && glob.matches(relative.split(separator: "/").last.map(String.init) ?? relative))
        }) { return true }
        // The deepest ignore file that has an opinion wins.
        for file in ignores.reversed() {
            let base = file.directory
            let sub: String
            if base.isEmpty { sub = relative } else if relative.hasPrefix(base + "/") { sub = String(relative.dropFirst(base.count + 1)) } else { continue }
            if let v = file.verdict(relativePath: sub, isDirectory: isDirectory) { return v }
        }
        return false
    }

    private func isIncluded(relative: String) -> Bool {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        if !options.include.isEmpty {
            return options.include.contains { glob in
                glob.matches(relative) || (!glob.pattern.contains("/") && glob.matches(name))
            }
        }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        return options.defaultExtensions.contains(ext)
    }

    private mutating func walk(directory: String, relative: String, ignores: inout [IgnoreFile]) {
        let full = relative.isEmpty ? directory : join(directory, relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: resolvePath(full, base: options.baseDirectory))
        } catch {
            problems.append(InputProblem(path: full, kind: .error, message: "cannot list folder: \(error.localizedDescription)"))
            return
        }
        var added = 0
        for ignoreName in options.ignoreFileNames where names.contains(ignoreName) {
            if let data = FileManager.default.contents(atPath: resolvePath(join(full, ignoreName), base: options.baseDirectory)) {
                ignores.append(IgnoreFile(directory: relative, contents: String(decoding: data, as: UTF8.self)))
                added += 1
            }
        }
        defer { ignores.removeLast(added) }
        // Byte order, so the listing is the same on every machine and locale.
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            if name == ".git" { continue }
            let rel = join(relative, name)
            let path = join(full, name)
            let (kind, id) = FileWalker.kind(of: resolvePath(path, base: options.baseDirectory))
            switch kind {
            case .directory:
                if isIgnored(relative: rel, isDirectory: true, ignores: ignores) { continue }
                if let id {
                    if visited.contains(id) { continue }  // a symlink loop or a second way to the same folder
                    visited.insert(id)
                }
                walk(directory: directory, relative: rel, ignores: &ignores)
            case .file:
                if isIgnored(relative: rel, isDirectory: false, ignores: ignores) { continue }
                if isIncluded(relative: rel) { files.append(path) }
            case .other:
                continue
            case .missing(let why):
                if isIgnored(relative: rel, isDirectory: false, ignores: ignores) { continue }
                if isIncluded(relative: rel) { problems.append(InputProblem(path: path, kind: .error, message: why)) }
            }
        }
    }
}
