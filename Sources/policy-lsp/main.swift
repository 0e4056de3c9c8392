import Foundation
import PolicyBatch
import PolicyServer

// Argument handling only: every command's work lives in a library module.

let usage = """
    policy-lsp — a language server for Chinese policy documents

    USAGE:
      policy-lsp [serve] [--stdio]     speak LSP on stdin/stdout (what editors run)
      policy-lsp check PATH…           print findings as path:line:column: severity: message [code]
          --format text|json|sarif|rdjson   (default text)
          --fail-on error|warning|info      exit 1 when a finding is at or above this (default warning)
                                       exit 0 when clean, 1 on findings, 2 on bad usage or unreadable input
      policy-lsp annotate PATH…        export what was found: policies, aliases, programmes, figures, dates,
                                       organizations, with ranges, and the outline
          --format json|jsonl|csv           (default json)
          --position-encoding utf-16|utf-8|utf-32   (default utf-16, zero-based like LSP)
          -o FILE                           write to FILE instead of stdout
      policy-lsp report PATH… -o report.html   one self-contained HTML page with highlights and findings
          --title TEXT

    OPTIONS FOR check, annotate AND report:
      Folders are walked for *.txt and *.md; .gitignore and .policy-lspignore files are respected.
      --include GLOB / --exclude GLOB   (repeatable; --include replaces the default *.txt, *.md)
      --no-ignore                       do not read ignore files
      --config FILE                     settings (default: the nearest .policy-lsp.json upward from here)
      --locale zh|en                    language of messages (overrides the configuration)
      --max-size SIZE                   skip larger files with an error (default 16M)
      --jobs N                          files analysed at once (default: all cores)
      --files-from FILE                 also read input paths from FILE, one a line (- for stdin)
      --progress / --no-progress        progress bar on stderr (default: when stderr is a terminal)

      policy-lsp --help | --version
    """

var arguments = Array(CommandLine.arguments.dropFirst())
// VS Code's client appends --stdio; it is the only transport we speak.
arguments.removeAll { $0 == "--stdio" }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("policy-lsp: \(message)\n".utf8))
    exit(2)
}

switch arguments.first {
case nil, "serve":
    if arguments.count > 1 { fail("serve takes no arguments; see --help") }
    runStdioServer()
case "--help", "-h", "help":
    print(usage)
case "--version", "-V":
    print("policy-lsp \(policyLSPVersion)")
case "check":
    exit(runCheck(Array(arguments.dropFirst())))
case "annotate":
    exit(runAnnotate(Array(arguments.dropFirst())))
case "report":
    exit(runReport(Array(arguments.dropFirst())))
case let other?:
    fail("unknown command '\(other)'; see --help")
}
