import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    func inlayHints(_ params: RangeParams) throws -> EncodedJSON {
        let ctx = try featureContext(params.textDocument.uri)
        let lo = ctx.text.clampedOffset(at: TextPosition(line: params.range.start.line, character: params.range.start.character), encoding: encoding)
        let hi = ctx.text.clampedOffset(at: TextPosition(line: params.range.end.line, character: params.range.end.character), encoding: encoding)
        var hints: [InlayHint] = []
        for ref in ctx.entities.entities(overlapping: min(lo, hi)..<max(lo, hi) + 1) {
            switch ref.kind {
            case .figure where settings.inlayFigures:
                let f = ctx.model.figures[ref.index]
                guard InlayRules.hardToRead(f) else { continue }
                hints.append(InlayHint(position: ctx.text.lspPosition(f.range.upperBound, encoding),
                                       label: NumberText.qualifierSymbol(f.qualifier) + NumberText.value(f),
                                       kind: .type, tooltip: "\(f.text) 的精确值 (exact value)", paddingLeft: true, paddingRight: false))
            case .policy where settings.inlayAbbreviations:
                guard let a = ctx.entities.mentionAlias[ref.index] else { continue }
                let alias = ctx.model.aliases[a]
                // The definition site already shows the full title next to it.
                if alias.definitionRange.overlaps(ref.range) { continue }
                hints.append(aliasHint(alias, at: ref.range.upperBound, ctx))
            case .aliasUse where settings.inlayAbbreviations:
                hints.append(aliasHint(ctx.model.aliases[ref.index], at: ref.range.upperBound, ctx))
            default:
                continue
            }
        }
        return try EncodedJSON(encoding: hints)
    }

    func aliasHint(_ alias: AliasDefinition, at offset: Int, _ ctx: FeatureContext) -> InlayHint {
        InlayHint(position: ctx.text.lspPosition(offset, encoding), label: "= 《\(alias.fullTitle)》", kind: .parameter,
                  tooltip: "简称《\(alias.alias)》 定义于 \(ctx.whereText(alias.definitionRange.lowerBound))",
                  paddingLeft: true, paddingRight: false)
    }
}

enum InlayRules {
    /// Chinese scale words, Chinese numerals and 余/多 make a figure hard to read at a glance:
    /// 5.34万亿元, 2.4万余家, 百分之六点五, 二十三个. Plain 16.6%, 300 家, 三方面 or 六大领域 get no hint
    /// (a hint that repeats a small number is noise).
    static func hardToRead(_ f: Figure) -> Bool {
        if f.scale != 1 { return true }
        if f.qualifier == .more { return true }
        var chineseNumeral = false
        for s in f.text.unicodeScalars {
            switch s {
            case "零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "点":
                chineseNumeral = true
            default:
                if s.value >= 0xFF10 && s.value <= 0xFF19 { return true }  // full-width digits
            }
        }
        guard chineseNumeral else { return false }
        switch f.shape {
        case .percentage, .percentagePoints, .fraction: return true
        default: return f.value >= 10 || f.upperValue != nil
        }
    }
}
