import Foundation
import PolicyText

// The document model: what analysis knows about one text. Every range here is a half-open range of
// Unicode scalar offsets into the *source* text (the text the client sent), so the server and the CLI
// can turn it into positions in any encoding. `reading` ranges index the normalized reading view.

public typealias ScalarRange = Range<Int>

/// One analysed document. Pure value; built by `DocumentAnalyzer.analyze`.
public struct DocumentModel: Sendable {
    public var structure: DocumentStructure
    public var policies: [PolicyMention]
    public var aliases: [AliasDefinition]
    public var programmes: [ProgrammeMention]
    public var figures: [Figure]
    public var dates: [DateMention]
    public var organizations: [OrganizationMention]
    public var findings: [Finding]

    public init(
        structure: DocumentStructure = DocumentStructure(),
        policies: [PolicyMention] = [], aliases: [AliasDefinition] = [],
        programmes: [ProgrammeMention] = [], figures: [Figure] = [], dates: [DateMention] = [],
        organizations: [OrganizationMention] = [], findings: [Finding] = []
    ) {
        self.structure = structure
        self.policies = policies
        self.aliases = aliases
        self.programmes = programmes
        self.figures = figures
        self.dates = dates
        self.organizations = organizations
        self.findings = findings
    }
}

// MARK: Structure

public struct DocumentStructure: Sendable {
    public var articles: [Article]
    public init(articles: [Article] = []) { self.articles = articles }
}

public struct Article: Sendable {
    /// Headline as a reader would write it (line breaks and letter spacing removed); nil when none.
    public var headline: String?
    public var headlineRange: ScalarRange?
    public var byline: String?
    /// Whole extent of the article in the source.
    public var range: ScalarRange
    public var sections: [Section]
    public var enumerations: [Enumeration]
    public init(headline: String? = nil, headlineRange: ScalarRange? = nil, byline: String? = nil,
                range: ScalarRange, sections: [Section] = [], enumerations: [Enumeration] = []) {
        self.headline = headline
        self.headlineRange = headlineRange
        self.byline = byline
        self.range = range
        self.sections = sections
        self.enumerations = enumerations
    }
}

/// A sub-heading inside an article (Markdown `###`, a short standalone line …) and its extent.
public struct Section: Sendable {
    public var title: String
    public var titleRange: ScalarRange
    public var range: ScalarRange
    public var level: Int
    public init(title: String, titleRange: ScalarRange, range: ScalarRange, level: Int) {
        self.title = title
        self.titleRange = titleRange
        self.range = range
        self.level = level
    }
}

/// A run of enumerated points: 一是…二是…, 一、二、, （一）（二）, 第一…第二, 首先…其次.
public struct Enumeration: Sendable {
    public enum Style: String, Sendable { case yiShi, dunHao, parenthesized, diYi, shouXian, arabic }
    public var style: Style
    public var items: [EnumerationItem]
    public init(style: Style, items: [EnumerationItem]) {
        self.style = style
        self.items = items
    }
}

public struct EnumerationItem: Sendable {
    /// 1-based ordinal the marker states (二是 → 2).
    public var ordinal: Int
    public var marker: String
    public var markerRange: ScalarRange
    /// The item's text up to the next item or the end of the paragraph.
    public var range: ScalarRange
    public var summary: String
    public init(ordinal: Int, marker: String, markerRange: ScalarRange, range: ScalarRange, summary: String) {
        self.ordinal = ordinal
        self.marker = marker
        self.markerRange = markerRange
        self.range = range
        self.summary = summary
    }
}

// MARK: Policies

public enum PolicyKind: String, Sendable, CaseIterable {
    case plan = "规划", actionPlan = "计划", scheme = "方案", measures = "办法", regulation = "条例"
    case opinion = "意见", notice = "通知", whitePaper = "白皮书", report = "报告", law = "法"
    case guide = "指南", standard = "标准", policyMeasures = "措施", rules = "细则", decision = "决定"
    case catalogue = "目录", list = "清单", outline = "纲要", other = "其他"
}

/// A 《…》 title (full or abbreviation-shaped) as it appears in the text.
public struct PolicyMention: Sendable {
    /// Title text between the outer 《》, normalized (line breaks and spacing removed).
    public var title: String
    /// Range of the whole mention including 《》.
    public var range: ScalarRange
    public var kind: PolicyKind?
    /// 《中国电子报》 and the like: media, not policies.
    public var isMedia: Bool
    /// Index into `DocumentModel.aliases` when this mention is an abbreviation use or definition.
    public var aliasIndex: Int?
    public var period: String?
    public var region: String?
    public var issuer: String?
    public var date: String?
    public var articleIndex: Int?
    public init(title: String, range: ScalarRange, kind: PolicyKind? = nil, isMedia: Bool = false,
                aliasIndex: Int? = nil, period: String? = nil, region: String? = nil, issuer: String? = nil,
                date: String? = nil, articleIndex: Int? = nil) {
        self.title = title
        self.range = range
        self.kind = kind
        self.isMedia = isMedia
        self.aliasIndex = aliasIndex
        self.period = period
        self.region = region
        self.issuer = issuer
        self.date = date
        self.articleIndex = articleIndex
    }
}

/// 以下简称《X》 / 以下简称“X” / 简称X: an abbreviation, its definition site and what it stands for.
public struct AliasDefinition: Sendable {
    public var alias: String
    /// Where the abbreviation is defined (the X in 以下简称X).
    public var definitionRange: ScalarRange
    /// The full title or name it stands for.
    public var fullTitle: String
    public var fullTitleRange: ScalarRange?
    /// Article whose scope the alias lives in.
    public var articleIndex: Int?
    /// Source ranges of later uses resolved to this definition.
    public var uses: [ScalarRange]
    public init(alias: String, definitionRange: ScalarRange, fullTitle: String, fullTitleRange: ScalarRange?,
                articleIndex: Int?, uses: [ScalarRange] = []) {
        self.alias = alias
        self.definitionRange = definitionRange
        self.fullTitle = fullTitle
        self.fullTitleRange = fullTitleRange
        self.articleIndex = articleIndex
        self.uses = uses
    }
}

/// “东数西算”工程, “机器人+”行动, “十四五”规划: named programmes in quotes.
public struct ProgrammeMention: Sendable {
    public var name: String
    public var range: ScalarRange
    public init(name: String, range: ScalarRange) {
        self.name = name
        self.range = range
    }
}

// MARK: Figures

public enum FigureQualifier: String, Sendable {
    case over = "超过"          // 超, 超过, 突破, 以上, 逾
    case nearly = "近"          // 近, 接近, 不到, 以下
    case about = "约"           // 约, 左右, 大约
    case more = "余"            // 余, 多 (2.4万余, 3000多)
}

public enum FigureShape: String, Sendable {
    case amount, percentage, percentagePoints, fraction, rate, count, range
}

/// A number in the text with its exact value. `value` is an exact decimal string scaled to the base
/// unit (1697.2 亿元 → "169720000000"), except percentages and percentage points which keep the
/// number as written (16.6% → "16.6").
public struct Figure: Sendable {
    public var text: String
    public var range: ScalarRange
    public var value: Decimal
    /// Upper bound for ranges (3~5个): `value` is the lower bound.
    public var upperValue: Decimal?
    public var unit: String?
    public var shape: FigureShape
    public var qualifier: FigureQualifier?
    /// Digits after the decimal point as written, for rounding tolerance (23.48 → 2, scale ignored).
    public var statedDecimals: Int
    /// Multiplier applied to the written number (亿 → 1e8), for tolerance in base units.
    public var scale: Decimal
    public var metric: String?
    public var timeContext: String?
    public init(text: String, range: ScalarRange, value: Decimal, upperValue: Decimal? = nil, unit: String?,
                shape: FigureShape, qualifier: FigureQualifier? = nil, statedDecimals: Int = 0,
                scale: Decimal = 1, metric: String? = nil, timeContext: String? = nil) {
        self.text = text
        self.range = range
        self.value = value
        self.upperValue = upperValue
        self.unit = unit
        self.shape = shape
        self.qualifier = qualifier
        self.statedDecimals = statedDecimals
        self.scale = scale
        self.metric = metric
        self.timeContext = timeContext
    }
}

/// Dates and periods: 2023年3月31日, 4月9日, 2022—2025年, 一季度.
public struct DateMention: Sendable {
    public var text: String
    public var range: ScalarRange
    public var year: Int?
    public var month: Int?
    public var day: Int?
    /// For periods: the end year/month.
    public var endYear: Int?
    public var endMonth: Int?
    /// ISO-like normalized form: "2023-03-31", "2022/2025", "--04-09".
    public var normalized: String
    public init(text: String, range: ScalarRange, year: Int? = nil, month: Int? = nil, day: Int? = nil,
                endYear: Int? = nil, endMonth: Int? = nil, normalized: String) {
        self.text = text
        self.range = range
        self.year = year
        self.month = month
        self.day = day
        self.endYear = endYear
        self.endMonth = endMonth
        self.normalized = normalized
    }
}

// MARK: Organizations

public enum OrganizationType: String, Sendable {
    case government, party, company, association, institute, university, media, bank, consultancy, other
}

public struct OrganizationMention: Sendable {
    public var text: String
    public var range: ScalarRange
    /// 工信部 → 工业和信息化部; 省工信厅 in a Jiangsu article → 江苏省工业和信息化厅.
    public var canonical: String
    public var type: OrganizationType
    /// Canonical name of the body this one sits within, when known.
    public var parent: String?
    public init(text: String, range: ScalarRange, canonical: String, type: OrganizationType, parent: String? = nil) {
        self.text = text
        self.range = range
        self.canonical = canonical
        self.type = type
        self.parent = parent
    }
}

// MARK: Findings (diagnostics, without any LSP)

public enum FindingSeverity: Int, Sendable, Comparable {
    case error = 1, warning = 2, information = 3, hint = 4
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public struct RelatedLocation: Sendable {
    public var range: ScalarRange
    public var message: String
    public init(range: ScalarRange, message: String) {
        self.range = range
        self.message = message
    }
}

public struct Finding: Sendable {
    /// Stable rule code: `unbalanced-mark`, `sum-mismatch`, …
    public var code: String
    public var severity: FindingSeverity
    public var range: ScalarRange
    public var message: String
    public var messageEnglish: String
    public var related: [RelatedLocation]
    /// Replacement a quick fix would apply at `range`, when the check computed one.
    public var suggestedReplacement: String?
    public init(code: String, severity: FindingSeverity, range: ScalarRange, message: String,
                messageEnglish: String, related: [RelatedLocation] = [], suggestedReplacement: String? = nil) {
        self.code = code
        self.severity = severity
        self.range = range
        self.message = message
        self.messageEnglish = messageEnglish
        self.related = related
        self.suggestedReplacement = suggestedReplacement
    }
}
