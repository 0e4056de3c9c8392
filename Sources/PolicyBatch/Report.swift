import Foundation
import PolicyAnalysis
import PolicyConfiguration
import PolicyText

/// One document's part of the HTML report, made by a worker; only strings, so the model can go.
public struct ReportSection: Sendable {
    public var path: String
    public var anchor: String
    public var html: String
    /// Policy title → anchors of its mentions in this document.
    public var policyMentions: [(title: String, anchor: String, context: String)]
    public var counts: ReportCounts
}

public struct ReportCounts: Sendable, Equatable {
    public var policies = 0, figures = 0, organizations = 0, dates = 0
    public var errors = 0, warnings = 0, infos = 0
}

/// Builds the self-contained HTML report: no scripts from elsewhere, no fonts, no images; all styles inline.
public enum HTMLReport {
    /// CSS classes, one per highlight kind (the browser test looks for these).
    public static let policyClass = "hl-policy", figureClass = "hl-figure", organizationClass = "hl-org", dateClass = "hl-date"
    public static let diagnosticClass = "diag"

    public static func section(index: Int, path: String, scalars: [Unicode.Scalar], model: DocumentModel) -> ReportSection {
        let anchor = "doc\(index + 1)"
        var counts = ReportCounts()
        counts.policies = model.policies.count
        counts.figures = model.figures.count
        counts.organizations = model.organizations.count
        counts.dates = model.dates.count
        let n = scalars.count
        func clamp(_ r: ScalarRange) -> ScalarRange {
            let lo = max(0, min(r.lowerBound, n))
            return lo..<max(lo, min(r.upperBound, n))
        }
        // Spans: (range, css class, title, anchor id at its start).
        struct Mark { var range: ScalarRange; var cls: String; var title: String; var id: String? }
        var marks: [Mark] = []
        var mentions: [(title: String, anchor: String, context: String)] = []
        for (k, p) in model.policies.enumerated() {
            let id = "\(anchor)-p\(k + 1)"
            var title = "政策 policy: " + p.title
            if let i = p.aliasIndex, i >= 0, i < model.aliases.count { title += " = " + model.aliases[i].fullTitle }
            marks.append(Mark(range: clamp(p.range), cls: policyClass, title: title, id: id))
            let key = p.aliasIndex.flatMap { $0 >= 0 && $0 < model.aliases.count ? model.aliases[$0].fullTitle : nil } ?? p.title
            if !p.isMedia { mentions.append((key, id, context(scalars, clamp(p.range)))) }
        }
        for f in model.figures {
            var title = "数字 figure: " + decimalString(f.value) + (f.unit.map { " " + $0 } ?? "")
            if let m = f.metric { title += " — " + m }
            marks.append(Mark(range: clamp(f.range), cls: figureClass, title: title, id: nil))
        }
        for o in model.organizations {
            marks.append(Mark(range: clamp(o.range), cls: organizationClass, title: "机构 organization: " + o.canonical, id: nil))
        }
        for d in model.dates {
            marks.append(Mark(range: clamp(d.range), cls: dateClass, title: "日期 date: " + d.normalized, id: nil))
        }
        var diagnosticsList = ""
        let lines = DocumentText(scalars: scalars)
        for (k, f) in model.findings.enumerated() {
            switch f.severity {
            case .error: counts.errors += 1
            case .warning: counts.warnings += 1
            case .information, .hint: counts.infos += 1
            }
            var r = clamp(f.range)
            if r.isEmpty && r.upperBound < n { r = r.lowerBound..<(r.lowerBound + 1) }  // something to underline
            let id = "\(anchor)-d\(k + 1)"
            let label = "\(severityName(f.severity)): \(f.message) [\(f.code)]"
            marks.append(Mark(range: r, cls: "\(diagnosticClass) \(diagnosticClass)-\(severityName(f.severity))", title: label, id: id))
            let p = lines.position(at: r.lowerBound, encoding: .utf32)
            diagnosticsList += "<li class=\"\(severityName(f.severity))\"><a href=\"#\(id)\">\(p.line + 1):\(p.character + 1)</a> "
                + HTMLText.escape(label) + "</li>\n"
        }
        // Cut the text at every mark boundary; each piece gets the classes and titles of the marks covering it,
        // so overlapping marks never produce badly nested tags.
        var boundaries = Set<Int>([0, n])
        for m in marks where !m.range.isEmpty { boundaries.insert(m.range.lowerBound); boundaries.insert(m.range.upperBound) }
        let cuts = boundaries.sorted()
        var starts: [Int: [Int]] = [:]   // offset → indices of marks starting there
        var ends: [Int: [Int]] = [:]
        for (k, m) in marks.enumerated() where !m.range.isEmpty {
            starts[m.range.lowerBound, default: []].append(k)
            ends[m.range.upperBound, default: []].append(k)
        }
        var active: [Int] = []
        var body = ""
        body.reserveCapacity(n * 2)
        for c in 0..<(cuts.count - 1) {
            let lo = cuts[c], hi = cuts[c + 1]
            if let e = ends[lo] { active.removeAll { e.contains($0) } }
            var ids: [String] = []
            if let s = starts[lo] {
                active.append(contentsOf: s)
                ids = s.compactMap { marks[$0].id }
            }
            for id in ids { body += "<a id=\"\(id)\"></a>" }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[lo..<hi])
            let escaped = HTMLText.escape(String(piece))
            if active.isEmpty {
                body += escaped
            } else {
                var classes: [String] = []
                for k in active where !classes.contains(marks[k].cls) { classes.append(marks[k].cls) }
                let title = active.map { marks[$0].title }.joined(separator: "\n")
                body += "<span class=\"\(HTMLText.escape(classes.joined(separator: " ")))\" title=\"\(HTMLText.escape(title))\">\(escaped)</span>"
            }
        }
        var html = "<section class=\"document\" id=\"\(anchor)\">\n<h2>\(HTMLText.escape(path))</h2>\n"
        html += "<table class=\"summary\"><tr><th>policies</th><th>figures</th><th>organizations</th><th>dates</th><th>errors</th><th>warnings</th><th>info</th></tr>"
        html += "<tr><td>\(counts.policies)</td><td>\(counts.figures)</td><td>\(counts.organizations)</td><td>\(counts.dates)</td><td>\(counts.errors)</td><td>\(counts.warnings)</td><td>\(counts.infos)</td></tr></table>\n"
        if !diagnosticsList.isEmpty { html += "<details open><summary>Findings</summary><ul class=\"findings\">\n\(diagnosticsList)</ul></details>\n" }
        html += "<pre class=\"text\">\(body)</pre>\n</section>\n"
        return ReportSection(path: path, anchor: anchor, html: html, policyMentions: mentions, counts: counts)
    }

    private static func context(_ s: [Unicode.Scalar], _ r: ScalarRange) -> String {
        let lo = max(0, r.lowerBound - 12), hi = min(s.count, r.upperBound + 12)
        var v = String.UnicodeScalarView()
        for x in s[lo..<hi] { v.append(x == "\n" || x == "\r" ? " " : x) }
        return String(v)
    }

    public static let style = """
        body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
        header{background:#24364b;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
        main{padding:0 24px 48px}nav{margin:16px 0}
        .legend span{margin-right:12px;padding:1px 6px;border-radius:3px}
        table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}
        th{background:#eef1f5}
        pre.text{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #ddd;padding:12px;line-height:1.7;font-size:15px;font-family:inherit}
        .hl-policy{background:#ffe08a;border-radius:2px}
        .hl-figure{background:#b7e4c7;border-radius:2px}
        .hl-org{background:#b9d7ff;border-radius:2px}
        .hl-date{background:#e9d5ff;border-radius:2px}
        .diag{text-decoration:underline wavy #d33;text-decoration-skip-ink:none;text-underline-offset:3px;cursor:help}
        .diag-warning{text-decoration-color:#d98c00}.diag-info,.diag-hint{text-decoration-color:#2f7fd8}
        li.error{color:#a00}li.warning{color:#8a5a00}
        .policy-index li{margin:2px 0}.policy-index .ctx{color:#666;font-size:12px;margin-left:6px}
        section.document{margin-top:28px}h2{font-size:17px;border-bottom:2px solid #24364b;padding-bottom:4px}
        """

    public static func header(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>
        \(style)
        </style></head><body>
        <header><h1>\(HTMLText.escape(title))</h1></header>
        <main>
        <p class="legend"><span class="hl-policy">《政策 policy》</span><span class="hl-figure">数字 figure</span><span class="hl-org">机构 organization</span><span class="hl-date">日期 date</span><span class="diag diag-warning" title="hover a wavy underline to read the finding">finding</span></p>

        """
    }
}

/// Accumulates the index and summary while sections stream to a scratch file.
public struct ReportIndex {
    public private(set) var rows: [(path: String, anchor: String, counts: ReportCounts)] = []
    public private(set) var problems: [InputProblem] = []
    private var policies: [String: [(anchor: String, document: String, context: String)]] = [:]
    private var policyOrder: [String] = []

    public init() {}

    public mutating func add(_ s: ReportSection) {
        rows.append((s.path, s.anchor, s.counts))
        for m in s.policyMentions {
            if policies[m.title] == nil { policyOrder.append(m.title) }
            policies[m.title, default: []].append((m.anchor, s.path, m.context))
        }
    }

    public mutating func add(_ p: InputProblem) { problems.append(p) }

    public func html() -> String {
        var h = "<nav><h2>Documents</h2><table class=\"overview\"><tr><th>document</th><th>policies</th><th>figures</th><th>organizations</th><th>dates</th><th>errors</th><th>warnings</th><th>info</th></tr>\n"
        for r in rows {
            let c = r.counts
            h += "<tr><td><a href=\"#\(r.anchor)\">\(HTMLText.escape(r.path))</a></td><td>\(c.policies)</td><td>\(c.figures)</td><td>\(c.organizations)</td><td>\(c.dates)</td><td>\(c.errors)</td><td>\(c.warnings)</td><td>\(c.infos)</td></tr>\n"
        }
        h += "</table>\n"
        if !problems.isEmpty {
            h += "<h3>Skipped inputs</h3><ul>" + problems.map { "<li>\(HTMLText.escape($0.description))</li>" }.joined() + "</ul>\n"
        }
        h += "<h2>Policy index</h2><ul class=\"policy-index\">\n"
        for title in policyOrder.sorted() {
            let uses = policies[title] ?? []
            h += "<li><span class=\"hl-policy\">《\(HTMLText.escape(title))》</span> "
            h += uses.enumerated().map { k, u in
                "<a href=\"#\(u.anchor)\" title=\"\(HTMLText.escape(u.document + ": " + u.context))\">\(k + 1)</a>"
            }.joined(separator: " ")
            h += "<span class=\"ctx\">\(uses.count) mention\(uses.count == 1 ? "" : "s")</span></li>\n"
        }
        if policyOrder.isEmpty { h += "<li>(no policies found)</li>\n" }
        h += "</ul></nav>\n"
        return h
    }
}
