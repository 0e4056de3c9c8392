import JSONRPC

// Hand-written JSON for the types results are made of by the thousand (positions, ranges, symbols,
// diagnostics): the keys and values the synthesized `Encodable` conformances write, in declaration
// order, optional fields omitted when nil. LanguageServerProtocolTests compare each with JSONEncoder.

extension Position: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("line", first: true)
        w.writeInt(line)
        w.key("character")
        w.writeInt(character)
        w.append(0x7D)
    }
}

extension LSPRange: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("start", first: true)
        start.writeJSON(to: &w)
        w.key("end")
        end.writeJSON(to: &w)
        w.append(0x7D)
    }
}

extension Location: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("uri", first: true)
        w.writeString(uri)
        w.key("range")
        range.writeJSON(to: &w)
        w.append(0x7D)
    }
}

extension TextEdit: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("range", first: true)
        range.writeJSON(to: &w)
        w.key("newText")
        w.writeString(newText)
        w.append(0x7D)
    }
}

extension DocumentHighlight: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("range", first: true)
        range.writeJSON(to: &w)
        if let kind {
            w.key("kind")
            w.writeInt(kind.rawValue)
        }
        w.append(0x7D)
    }
}

extension SymbolInformation: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("name", first: true)
        w.writeString(name)
        w.key("kind")
        w.writeInt(kind.rawValue)
        w.key("location")
        location.writeJSON(to: &w)
        if let containerName {
            w.key("containerName")
            w.writeString(containerName)
        }
        w.append(0x7D)
    }
}

extension DocumentSymbol: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("name", first: true)
        w.writeString(name)
        if let detail {
            w.key("detail")
            w.writeString(detail)
        }
        w.key("kind")
        w.writeInt(kind.rawValue)
        w.key("range")
        range.writeJSON(to: &w)
        w.key("selectionRange")
        selectionRange.writeJSON(to: &w)
        if let children {
            w.key("children")
            w.write(children)
        }
        w.append(0x7D)
    }
}

extension DiagnosticRelatedInformation: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("location", first: true)
        location.writeJSON(to: &w)
        w.key("message")
        w.writeString(message)
        w.append(0x7D)
    }
}

extension Diagnostic: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("range", first: true)
        range.writeJSON(to: &w)
        if let severity {
            w.key("severity")
            w.writeInt(severity.rawValue)
        }
        if let code {
            w.key("code")
            w.writeString(code)
        }
        if let source {
            w.key("source")
            w.writeString(source)
        }
        w.key("message")
        w.writeString(message)
        if let relatedInformation {
            w.key("relatedInformation")
            w.write(relatedInformation)
        }
        if let data {
            w.key("data")
            w.write(data)
        }
        w.append(0x7D)
    }
}

extension PublishDiagnosticsParams: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("uri", first: true)
        w.writeString(uri)
        if let version {
            w.key("version")
            w.writeInt(version)
        }
        w.key("diagnostics")
        w.write(diagnostics)
        w.append(0x7D)
    }
}

extension MarkupContent: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("kind", first: true)
        w.writeString(kind)
        w.key("value")
        w.writeString(value)
        w.append(0x7D)
    }
}

extension Hover: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        w.key("contents", first: true)
        contents.writeJSON(to: &w)
        if let range {
            w.key("range")
            range.writeJSON(to: &w)
        }
        w.append(0x7D)
    }
}

extension SemanticTokens: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.append(0x7B)
        if let resultId {
            w.key("resultId", first: true)
            w.writeString(resultId)
            w.key("data")
        } else {
            w.key("data", first: true)
        }
        w.writeIntArray(data)
        w.append(0x7D)
    }
}
