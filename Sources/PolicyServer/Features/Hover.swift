import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    func hover(_ params: TextDocumentPositionParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let offset = try ctx.text.offset(of: params.position, encoding)
        guard let ref = ctx.entities.entity(at: offset) else { return EncodedJSON.null }
        let lines = hoverLines(ref, ctx)
        guard !lines.isEmpty else { return EncodedJSON.null }
        let markdown = markdownHover
        let body = markdown
            ? lines.map { $0.markdown }.joined(separator: "\n\n")
            : lines.map { $0.plain }.joined(separator: "\n")
        let hover = Hover(contents: MarkupContent(kind: markdown ? "markdown" : "plaintext", value: body),
                          range: ctx.range(ref.range))
        return EncodedJSON(encoding: hover)
    }

    func hoverLines(_ ref: EntityRef, _ ctx: FeatureContext) -> [HoverLine] {
        let model = ctx.model
        switch ref.kind {
        case .policy:
            let p = model.policies[ref.index]
            if p.isMedia {
                return [.heading("《\(p.title)》"), .field("类别 kind", "媒体 (media, not a policy)")]
            }
            return policyLines(key: ctx.entities.mentionKey[ref.index], title: p.title, alias: ctx.entities.mentionAlias[ref.index],
                               mention: p, ctx: ctx)
        case .aliasDefinition, .aliasUse:
            let a = model.aliases[ref.index]
            return policyLines(key: PolicyKey.key(a.fullTitle), title: a.alias, alias: ref.index, mention: nil, ctx: ctx)
        case .figure: return figureLines(model.figures[ref.index], ctx)
        case .organization: return organizationLines(model.organizations[ref.index], ctx)
        case .date:
            let d = model.dates[ref.index]
            return [.heading(d.text), .field("日期 date", d.normalized)]
        case .programme:
            let p = model.programmes[ref.index]
            let count = ctx.entities.mentions(of: .programme(p.name)).count
            return [.heading("“\(p.name)”"), .field("类别 kind", "专项/工程 (programme)"),
                    .field("本文提及 mentions in this document", "\(count)")]
        }
    }

    func policyLines(key: String, title: String, alias: Int?, mention: PolicyMention?, ctx: FeatureContext) -> [HoverLine] {
        let model = ctx.model
        let entities = ctx.entities
        var lines: [HoverLine] = []
        let firstFull = entities.firstFullMention(key: key)
        let facts = currentIndex.policyFacts(key)
        let fullTitle = alias.map { model.aliases[$0].fullTitle } ?? mention?.title ?? facts?.title ?? title
        lines.append(.heading("《\(fullTitle)》"))
        if let a = alias {
            let def = model.aliases[a]
            lines.append(.field("简称 abbreviation", "《\(def.alias)》 = 《\(def.fullTitle)》"))
            lines.append(.field("定义于 defined at", ctx.whereText(def.definitionRange.lowerBound)))
        }
        // Facts: from the fullest mention in this document, else from the workspace.
        let full = firstFull.map { model.policies[$0] }
        if let kind = full?.kind ?? mention?.kind ?? facts?.kind {
            lines.append(.field("类别 kind", "\(kind.rawValue) (\(kind.english))"))
        }
        if let issuer = full?.issuer ?? facts?.issuer { lines.append(.field("发布机构 issuer", issuer)) }
        if let date = full?.date ?? facts?.date { lines.append(.field("日期 date", date)) }
        if let period = full?.period ?? facts?.period { lines.append(.field("期限 period", period)) }
        if let region = full?.region ?? facts?.region { lines.append(.field("地区 region", region)) }
        var abbreviations: [String] = []
        for (i, a) in model.aliases.enumerated() where entities.aliasKey[i] == key {
            abbreviations.append("《\(a.alias)》 (\(ctx.whereText(model.aliases[i].definitionRange.lowerBound)))")
        }
        for a in facts?.abbreviations ?? [] where !abbreviations.contains(where: { $0.hasPrefix("《\(a)》") }) {
            abbreviations.append("《\(a)》")
        }
        if !abbreviations.isEmpty { lines.append(.field("简称 abbreviations", abbreviations.joined(separator: "、"))) }
        let here = entities.mentions(of: .policy(key))
        if let first = firstFull.map({ model.policies[$0].range }) ?? here.first?.range {
            lines.append(.field("首次出现 first mention", ctx.whereText(first.lowerBound)))
        }
        lines.append(.field("本文提及 mentions in this document", "\(here.count)"))
        let elsewhere = workspaceHits(key: key, kinds: [.policy, .abbreviation], excluding: ctx.uri)
        let docs = Set(elsewhere.map { $0.file.id }).count
        lines.append(.field("工作区 in the workspace", "\(here.count + elsewhere.count) 次 / \(docs + (here.isEmpty ? 0 : 1)) 个文档 (mentions / documents)"))
        let related = currentIndex.related(to: key, limit: 12)
        if !related.isEmpty {
            var md: [String] = []
            var plain: [String] = []
            for r in related {
                let why: String
                switch r.reason {
                case .otherLevel: why = "同一规划的另一层级 (same plan, other level: \(r.detail))"
                case .sameIssuer: why = "同一发布机构 (same issuer: \(r.detail))"
                case .sameProgramme: why = "同一专项 (same programme: \(r.detail))"
                }
                if let loc = r.location {
                    let l = location(loc)
                    md.append("- [《\(r.facts.title)》](\(loc.file.uri)#L\(l.range.start.line + 1)) — \(why)")
                    plain.append("  《\(r.facts.title)》 — \(why) — \(loc.file.uri):\(l.range.start.line + 1)")
                } else {
                    md.append("- 《\(r.facts.title)》 — \(why)")
                    plain.append("  《\(r.facts.title)》 — \(why)")
                }
            }
            lines.append(HoverLine(markdown: "*相关政策 related policies*:\n" + md.joined(separator: "\n"),
                                   plain: "相关政策 related policies:\n" + plain.joined(separator: "\n")))
        }
        return lines
    }

    func figureLines(_ f: Figure, _ ctx: FeatureContext) -> [HoverLine] {
        var lines: [HoverLine] = [.heading(f.text)]
        var value = NumberText.value(f)
        if f.scale != 1, let name = NumberText.scaleName(f.scale) {
            value += "  (\(name) = ×\(NumberText.grouped(f.scale)))"
        }
        lines.append(.field("数值 value", value))
        if let q = f.qualifier { lines.append(.field("限定 qualifier", NumberText.qualifierText(q))) }
        if f.statedDecimals > 0 { lines.append(.field("精度 precision", "\(f.statedDecimals) 位小数 (decimals as written)")) }
        if let m = f.metric { lines.append(.field("指标 metric", m)) }
        if let t = f.timeContext { lines.append(.field("时间 time", t)) }
        // Findings this figure takes part in: its own range or a related range covers it.
        for finding in ctx.model.findings {
            let involved = finding.range.overlaps(f.range) || finding.related.contains { $0.range.overlaps(f.range) }
            guard involved else { continue }
            let english = (settings.locale ?? locale).lowercased().hasPrefix("en")
            var md = "⚠ **\(finding.code)**: \(english ? finding.messageEnglish : finding.message)"
            var plain = "⚠ \(finding.code): \(english ? finding.messageEnglish : finding.message)"
            for r in finding.related {
                md += "\n- \(r.message) (\(ctx.whereText(r.range.lowerBound)))"
                plain += "\n  \(r.message) (\(ctx.whereText(r.range.lowerBound)))"
            }
            lines.append(HoverLine(markdown: md, plain: plain))
        }
        return lines
    }

    func organizationLines(_ o: OrganizationMention, _ ctx: FeatureContext) -> [HoverLine] {
        var lines: [HoverLine] = [.heading(o.canonical), .field("类别 type", o.type.display)]
        let facts = currentIndex.organizationFacts(o.canonical)
        if let parent = o.parent ?? facts?.parent { lines.append(.field("上级 parent", parent)) }
        var forms: [String] = []
        for m in ctx.model.organizations where m.canonical == o.canonical && m.text != o.canonical && !forms.contains(m.text) {
            forms.append(m.text)
        }
        for s in facts?.shortForms ?? [] where !forms.contains(s) { forms.append(s) }
        if !forms.isEmpty { lines.append(.field("简称 short forms", forms.joined(separator: "、"))) }
        let here = ctx.entities.mentions(of: .organization(o.canonical))
        lines.append(.field("本文提及 mentions in this document", "\(here.count)"))
        let elsewhere = workspaceHits(key: o.canonical, kinds: [.organization], excluding: ctx.uri)
        if !elsewhere.isEmpty {
            lines.append(.field("工作区 in the workspace", "\(here.count + elsewhere.count) 次 / \(Set(elsewhere.map { $0.file.id }).count + 1) 个文档"))
        }
        return lines
    }
}

/// One line of hover text in both renderings.
struct HoverLine {
    var markdown: String
    var plain: String
    static func heading(_ s: String) -> HoverLine { HoverLine(markdown: "**\(s)**", plain: s) }
    static func field(_ name: String, _ value: String) -> HoverLine {
        HoverLine(markdown: "*\(name)*: \(value)", plain: "\(name): \(value)")
    }
}
