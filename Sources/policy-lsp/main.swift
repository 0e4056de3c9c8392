import Foundation
import PolicyBatch
import PolicyServer

// Argument handling only: every command's work lives in a library module.

let usage = """
    policy-lsp — a language server for Chinese policy documents

    USAGE:
      policy-lsp [serve] [--stdio]     speak LSP on stdin/stdout (what editors run)
      policy-lsp check PATH…           print findings as path:line:column: severity: message [code]
                                       exit 0 when clean, 1 when a warning or error was found, 2 on bad usage or I/O
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
case let other?:
    fail("unknown command '\(other)'; see --help")
}
