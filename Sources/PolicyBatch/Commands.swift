import Foundation
import PolicyAnalysis
import PolicyConfiguration
import PolicyText

/// A command-line mistake: message for stderr, exit 2.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Options every batch command shares, and the ones particular to each.
public struct BatchOptions: Sendable {
    public var paths: [String] = []
    public var include: [String] = []
    public var exclude: [String] = []
    public var noIgnore = false
    public var configPath: String?
    public var maxSize = FileLoader.defaultMaxSize
    public var jobs: Int?
    public var locale: Configuration.Locale?
    public var format: String?
    public var failOn = FailLevel.warning
    public var positionEncoding = PositionEncoding.utf16
    public var output: String?
    public var title: String?
    public var progress: Bool?
    /// A file listing inputs, one path a line (`-`: standard input); for sharding a corpus.
    public var filesFrom: String?

    public init() {}

    /// Parses `--flag value`, `--flag=value`, `-o value`; `--` ends the options.
    public static func parse(_ args: [String], command: String) throws(UsageError) -> BatchOptions {
        var o = BatchOptions()
        var i = 0
        var onlyPaths = false
        func value(_ name: String, _ inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            i += 1
            guard i < args.count else { throw UsageError(message: "\(command): \(name) needs a value") }
            return args[i]
        }
        while i < args.count {
            let arg = args[i]
            if onlyPaths || !arg.hasPrefix("-") || arg == "-" {
                o.paths.append(arg)
                i += 1
                continue
            }
            if arg == "--" { onlyPaths = true; i += 1; continue }
            var name = arg
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            switch name {
            case "--include": o.include.append(try value(name, inline))
            case "--exclude": o.exclude.append(try value(name, inline))
            case "--no-ignore": o.noIgnore = true
            case "--config": o.configPath = try value(name, inline)
            case "--max-size":
                let v = try value(name, inline)
                guard let n = parseSize(v) else { throw UsageError(message: "\(command): --max-size wants a byte count like 16M, 500K or 1048576, not '\(v)'") }
                o.maxSize = n
            case "--jobs", "-j":
                let v = try value(name, inline)
                guard let n = Int(v), n >= 1, n <= 1024 else { throw UsageError(message: "\(command): --jobs wants a number from 1 to 1024, not '\(v)'") }
                o.jobs = n
            case "--locale":
                let v = try value(name, inline)
                guard let l = Configuration.Locale(rawValue: v) else { throw UsageError(message: "\(command): --locale is zh or en, not '\(v)'") }
                o.locale = l
            case "--format", "-f": o.format = try value(name, inline)
            case "--fail-on":
                let v = try value(name, inline)
                guard let f = FailLevel(rawValue: v == "information" ? "info" : v) else {
                    throw UsageError(message: "\(command): --fail-on is error, warning or info, not '\(v)'")
                }
                o.failOn = f
            case "--position-encoding":
                let v = try value(name, inline)
                guard let e = PositionEncoding(rawValue: v) else {
                    throw UsageError(message: "\(command): --position-encoding is utf-8, utf-16 or utf-32, not '\(v)'")
                }
                o.positionEncoding = e
            case "--output", "-o": o.output = try value(name, inline)
            case "--title": o.title = try value(name, inline)
            case "--files-from": o.filesFrom = try value(name, inline)
            case "--progress": o.progress = true
            case "--no-progress": o.progress = false
            default: throw UsageError(message: "\(command): unknown option \(arg); see --help")
            }
            i += 1
        }
        if o.paths.isEmpty && o.filesFrom == nil { throw UsageError(message: "\(command): give at least one file or folder") }
        return o
    }

    /// "16M", "500K", "2G", "1048576".
    static func parseSize(_ s: String) -> Int? {
        let u = s.uppercased()
        var digits = Substring(u)
        var factor = 1
        if let last = u.last, "KMG".contains(last) {
            factor = last == "K" ? 1 << 10 : last == "M" ? 1 << 20 : 1 << 30
            digits = u.dropLast()
        }
        if digits.hasSuffix("I") || digits.hasSuffix("B") { return nil }
        guard let n = Int(digits), n >= 0, n <= Int.max / factor else { return nil }
        return n * factor
    }

    /// Settings for the pipeline; reads the configuration (explicit, else discovered from `directory`).
    public func settings(directory: String, analyzer: @escaping Analyzer) throws(ConfigurationError) -> BatchSettings {
        var s = BatchSettings()
        s.walk.include = include.map(Glob.init)
        s.walk.exclude = exclude.map(Glob.init)
        if noIgnore { s.walk.ignoreFileNames = [] }
        s.walk.baseDirectory = directory
        s.maxSize = maxSize
        if let jobs { s.jobs = jobs }
        s.configuration = try Configuration.resolve(explicit: configPath.map { resolvePath($0, base: directory) }, from: directory)
        if let locale { s.configuration.locale = locale }
        // Organizations from the configuration extend the bundled lexicon.
        let lexicon = s.configuration.lexiconEntries
        if lexicon.isEmpty {
            s.analyzer = analyzer
        } else {
            s.analyzer = { (scalars: [Unicode.Scalar]) -> DocumentModel in
                DocumentAnalyzer.analyze(scalars: scalars, extraLexicon: lexicon)
            }
        }
        return s
    }
}

/// Where a command's output and messages go, and the directory it runs in (tests replace all three).
public struct CommandContext {
    public var stdout: OutputSink
    public var stderr: OutputSink
    public var directory: String
    public var analyzer: Analyzer
    public var stderrIsTerminal: Bool

    public init(stdout: OutputSink = OutputSink(FileHandle.standardOutput), stderr: OutputSink = OutputSink(FileHandle.standardError, buffered: false),
                directory: String = FileManager.default.currentDirectoryPath, analyzer: @escaping Analyzer = defaultAnalyzer,
                stderrIsTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.stdout = stdout
        self.stderr = stderr
        self.directory = directory
        self.analyzer = analyzer
        self.stderrIsTerminal = stderrIsTerminal
    }
}

/// Common start of every command: options, configuration, file list. nil with an exit code on failure.
private func prepare(_ arguments: [String], command: String, context: CommandContext)
    -> Result<(BatchOptions, BatchSettings, [String], [InputProblem]), ExitStatus> {
    var options: BatchOptions
    do { options = try BatchOptions.parse(arguments, command: command) } catch {
        context.stderr.write("policy-lsp: \(error.message)\n")
        return .failure(ExitStatus(code: 2))
    }
    if let list = options.filesFrom {
        let data = list == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                               : FileManager.default.contents(atPath: resolvePath(list, base: context.directory))
        guard let data else {
            context.stderr.write("policy-lsp: \(command): cannot read the file list \(list)\n")
            return .failure(ExitStatus(code: 2))
        }
        options.paths += String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init).filter { !$0.isEmpty }
    }
    let settings: BatchSettings
    do { settings = try options.settings(directory: context.directory, analyzer: context.analyzer) } catch {
        context.stderr.write("policy-lsp: configuration error: \(error.description)\n")
        return .failure(ExitStatus(code: 2))
    }
    if let source = settings.configuration.source {
        for key in settings.configuration.unknownKeys {
            context.stderr.write("policy-lsp: note: \(source): unknown setting \"\(key)\" ignored\n")
        }
    }
    let (files, problems) = FileWalker.collect(options.paths, options: settings.walk)
    // A path on the command line that does not exist is a usage error: nothing is checked, as with a compiler.
    let arguments = Set(options.paths)
    let fatal = problems.filter { $0.kind == .error && arguments.contains($0.path) }
    if !fatal.isEmpty {
        for p in fatal { context.stderr.write("policy-lsp: \(command): \(p.path): \(p.message)\n") }
        return .failure(ExitStatus(code: 2))
    }
    return .success((options, settings, files, problems))
}

struct ExitStatus: Error { var code: Int32 }

private func note(_ p: InputProblem, _ context: CommandContext) {
    context.stderr.write("policy-lsp: \(p.description)\n")
}

private func progressMeter(_ options: BatchOptions, _ context: CommandContext, label: String) -> ProgressMeter? {
    let enabled = options.progress ?? context.stderrIsTerminal
    return enabled ? ProgressMeter(label: label, enabled: true) : nil
}

/// `policy-lsp check PATH…`: returns the exit code (0 clean, 1 findings at or above --fail-on, 2 usage or input errors).
public func runCheck(_ arguments: [String], context: CommandContext = CommandContext()) -> Int32 {
    let prepared = prepare(arguments, command: "check", context: context)
    guard case .success(let (options, settings, files, walkProblems)) = prepared else {
        if case .failure(let s) = prepared { return s.code }
        return 2
    }
    guard let format = OutputFormat(rawValue: options.format ?? "text") else {
        context.stderr.write("policy-lsp: check: --format is text, json, sarif or rdjson, not '\(options.format ?? "")'\n")
        return 2
    }
    var totals = CheckTotals()
    var printer = CheckPrinter(format: format, out: context.stdout, baseDirectory: context.directory)
    printer.begin()
    for p in walkProblems {
        note(p, context)
        printer.problem(p)
        if p.kind == .error { totals.inputErrors += 1 }
    }
    let configuration = settings.configuration
    let analyzer = settings.analyzer
    processInOrder(files, settings: settings, progress: progressMeter(options, context, label: "check")) { _, path, scalars in
        check(path: path, scalars: scalars, configuration: configuration, analyzer: analyzer)
    } emit: { _, _, outcome in
        switch outcome {
        case .done(let report):
            totals.files += 1
            for d in report.diagnostics {
                switch d.severity {
                case .error: totals.errors += 1
                case .warning: totals.warnings += 1
                case .information: totals.infos += 1
                case .hint: totals.hints += 1
                }
                if options.failOn.counts(d.severity) { totals.failing += 1 }
            }
            printer.file(report)
        case .skipped(let p):
            totals.skipped += 1
            if p.kind == .error { totals.inputErrors += 1 }
            note(p, context)
            printer.problem(p)
        }
    }
    printer.end(totals: totals)
    if format != .text { context.stderr.write(totals.summaryLine + "\n") }
    context.stdout.flush()
    context.stderr.flush()
    if context.stdout.failed { return 2 }
    return totals.exitCode
}

/// `policy-lsp annotate PATH…`: the document model as JSON, JSON Lines or CSV on stdout (or -o FILE).
public func runAnnotate(_ arguments: [String], context: CommandContext = CommandContext()) -> Int32 {
    let prepared = prepare(arguments, command: "annotate", context: context)
    guard case .success(let (options, settings, files, walkProblems)) = prepared else {
        if case .failure(let s) = prepared { return s.code }
        return 2
    }
    guard let format = AnnotateFormat(rawValue: options.format ?? "json") else {
        context.stderr.write("policy-lsp: annotate: --format is json, jsonl or csv, not '\(options.format ?? "")'\n")
        return 2
    }
    var out = context.stdout
    if let path = options.output.map({ resolvePath($0, base: context.directory) }), options.output != "-" {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            context.stderr.write("policy-lsp: annotate: cannot write \(path)\n")
            return 2
        }
        out = OutputSink(h)
    }
    var inputErrors = 0
    for p in walkProblems {
        note(p, context)
        if p.kind == .error { inputErrors += 1 }
    }
    // One file named (not a folder) → a single object; anything else → an array.
    let single = options.paths.count == 1 && files.count == 1 && files[0] == options.paths[0]
    let renderer = AnnotationRenderer(format: format, encoding: options.positionEncoding)
    let configuration = settings.configuration
    let analyzer = settings.analyzer
    if format == .csv { out.write(CSVText.record(AnnotationRenderer.csvHeader)) }
    if format == .json && !single { out.write("[\n") }
    var first = true
    processInOrder(files, settings: settings, progress: progressMeter(options, context, label: "annotate")) { _, path, scalars in
        let model = configuration.apply(to: analyzer(scalars), text: scalars)
        return renderer.render(path: path, scalars: scalars, model: model)
    } emit: { _, _, outcome in
        switch outcome {
        case .done(let text):
            if format == .json {
                if !first { out.write(",\n") }
                first = false
            }
            out.write(text)
        case .skipped(let p):
            if p.kind == .error { inputErrors += 1 }
            note(p, context)
        }
    }
    if format == .json { out.write(single ? "\n" : "\n]\n") }
    out.flush()
    context.stderr.flush()
    if out.failed { return 2 }
    return inputErrors > 0 ? 2 : 0
}

/// `policy-lsp report PATH… -o report.html`: one self-contained HTML page.
public func runReport(_ arguments: [String], context: CommandContext = CommandContext()) -> Int32 {
    let prepared = prepare(arguments, command: "report", context: context)
    guard case .success(let (options, settings, files, walkProblems)) = prepared else {
        if case .failure(let s) = prepared { return s.code }
        return 2
    }
    guard let output = options.output else {
        context.stderr.write("policy-lsp: report: give the output file with -o report.html\n")
        return 2
    }
    if let f = options.format, f != "html" {
        context.stderr.write("policy-lsp: report: the only format is html\n")
        return 2
    }
    // Sections stream into a scratch file beside the output; the index (known only at the end) goes first.
    let outputURL = URL(fileURLWithPath: output, relativeTo: URL(fileURLWithPath: context.directory, isDirectory: true))
    let scratch = outputURL.deletingLastPathComponent().appendingPathComponent(".\(outputURL.lastPathComponent).\(getpid()).part")
    guard FileManager.default.createFile(atPath: scratch.path, contents: nil), let scratchHandle = FileHandle(forWritingAtPath: scratch.path) else {
        context.stderr.write("policy-lsp: report: cannot write in \(outputURL.deletingLastPathComponent().path)\n")
        return 2
    }
    defer { try? FileManager.default.removeItem(at: scratch) }
    let body = OutputSink(scratchHandle)
    var index = ReportIndex()
    var inputErrors = 0
    for p in walkProblems {
        note(p, context)
        index.add(p)
        if p.kind == .error { inputErrors += 1 }
    }
    let configuration = settings.configuration
    let analyzer = settings.analyzer
    processInOrder(files, settings: settings, progress: progressMeter(options, context, label: "report")) { index, path, scalars in
        let model = configuration.apply(to: analyzer(scalars), text: scalars)
        return HTMLReport.section(index: index, path: path, scalars: scalars, model: model)
    } emit: { _, _, outcome in
        switch outcome {
        case .done(let section):
            index.add(section)
            body.write(section.html)
        case .skipped(let p):
            if p.kind == .error { inputErrors += 1 }
            index.add(p)
            note(p, context)
        }
    }
    body.flush()
    try? scratchHandle.close()
    let title = options.title ?? "policy-lsp report"
    guard FileManager.default.createFile(atPath: outputURL.path, contents: nil), let outHandle = FileHandle(forWritingAtPath: outputURL.path) else {
        context.stderr.write("policy-lsp: report: cannot write \(outputURL.path)\n")
        return 2
    }
    let out = OutputSink(outHandle)
    out.write(HTMLReport.header(title: title))
    out.write(index.html())
    out.flush()
    if let reader = FileHandle(forReadingAtPath: scratch.path) {
        while let chunk = try? reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            do { try outHandle.write(contentsOf: chunk) } catch { out.failed = true; break }
        }
        try? reader.close()
    }
    out.write("</main></body></html>\n")
    out.flush()
    try? outHandle.close()
    let rows = index.rows
    context.stderr.write("policy-lsp: report: \(rows.count) documents written to \(output)\n")
    context.stderr.flush()
    if out.failed { return 2 }
    return inputErrors > 0 ? 2 : 0
}
