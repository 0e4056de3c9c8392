// Word lists and character classes of the organization recognizer. Kept apart from the algorithm so
// precision can be tuned by editing lists, not code.

enum OrgRules {
    struct Suffix: Sendable {
        var type: OrganizationType
        /// Strong suffixes (有限公司, 协会, 大学 …) may name an organization without a region or known
        /// name before them; weak ones (部, 局, 中心 …) only after such an anchor.
        var strong: Bool
        /// Branch-like suffixes that may follow a region inside a larger body (中国移动天津公司).
        var branch: Bool
    }

    static let suffixList: [(String, OrganizationType, Bool)] = [
        ("股份有限公司", .company, true), ("有限责任公司", .company, true), ("有限公司", .company, true),
        ("集团有限公司", .company, true), ("集团股份有限公司", .company, true), ("集团公司", .company, true),
        ("公司", .company, true), ("集团", .company, true), ("分公司", .company, false),
        ("协会", .association, true), ("学会", .association, true), ("商会", .association, true),
        ("联合会", .association, true), ("促进会", .association, true), ("基金会", .association, true),
        ("联盟", .association, true), ("联合体", .association, true), ("研究会", .association, true),
        ("百人会", .association, true), ("专委会", .association, false), ("分会", .association, false),
        ("研究院", .institute, true), ("研究所", .institute, true), ("研究中心", .institute, true),
        ("设计院", .institute, true), ("科学院", .institute, true), ("工程院", .institute, true),
        ("实验室", .institute, false), ("中心", .institute, false), ("研究室", .institute, false),
        ("大学", .university, true), ("学院", .university, true),
        ("银行", .bank, true), ("证券", .bank, true), ("证券公司", .bank, true), ("分行", .bank, false),
        ("事务所", .consultancy, false),
        ("日报", .media, true), ("晚报", .media, true), ("报社", .media, true), ("电视台", .media, true),
        ("出版社", .media, true), ("杂志社", .media, true), ("编辑部", .media, false),
        ("部", .government, false), ("厅", .government, false), ("局", .government, false),
        ("委", .government, false), ("办", .government, false), ("院", .government, false),
        ("所", .institute, false), ("处", .government, false), ("司", .government, false),
        ("室", .government, false), ("署", .government, false), ("委员会", .government, false),
        ("办公室", .government, false), ("办公厅", .government, false), ("政府", .government, false),
        ("总局", .government, false), ("总署", .government, false), ("分局", .government, false),
        ("法院", .government, false), ("检察院", .government, false), ("管委会", .government, false),
        ("领导小组", .government, false), ("办事处", .government, false), ("代表处", .company, false),
        ("党组", .party, false), ("党委", .party, false), ("分院", .institute, false), ("分中心", .institute, false),
    ]

    static let branchSuffixes: Set<String> = ["公司", "分公司", "分行", "分局", "分院", "分中心", "办事处", "代表处", "分会"]


    /// Last character of a name → characters that, right after it, show the name has not ended
    /// (部长, 部门, 局面, 院士, 政府工作报告 …).
    static let badFollowTable: [(Character, String)] = [
            ("部", "长门分署件位队落级属委"), ("厅", "长级"), ("局", "长面势限级部"), ("委", "员托屈婉实"),
            ("办", "法理公事好学案件成"), ("院", "长士校线内"), ("所", "长有以在得属谓"), ("处", "长理于置在"),
            ("司", "长法机令化"), ("室", "外内"), ("署", "长名"), ("府", "工采投引债补性间部网官"),
            ("心", "城区地位任镇思工环"), ("团", "军化体成"), ("学", "生城堂路校"), ("盟", "国友"),
            ("会", "长员议场上谈展计同"), ("行", "业卡间家长动为"), ("券", "市业化交投行法监时报代从基商"),
            ("组", "长成织"), ("报", "告道名送表价批"), ("社", "长会区"), ("台", "长阶风"), ("体", "系现制"),
    ]

    /// Particles and function words that never sit inside an organization name (和 is handled apart:
    /// 工业和信息化 contains it).
    static let stopCharList = "的在与及等是为由据向对将从把被让给于以并或也都就还已而了着过之其此这那该各每即但又再副吗呢吧啊说某除"

    /// Words that end a name when scanning either way: titles of people and verbs of reporting/acting.
    static let stopWords: [String] = [
        "书记", "部长", "厅长", "局长", "主任", "院长", "所长", "会长", "理事", "秘书", "董事", "总经理", "总监",
        "总裁", "首席", "研究员", "教授", "院士", "专家", "主席", "总经济师", "总工程师", "创始人", "董秘",
        "负责人", "记者", "处长", "司长", "科长", "行长", "社长", "校长", "工程师", "分析师", "经济学家", "博士",
        "助理", "成员", "党员", "干部", "员工", "表示", "指出", "认为", "提出", "发布", "印发", "会同", "负责",
        "指导", "组织", "牵头", "推动", "支持", "开展", "召开", "举办", "主办", "承办", "公布", "出台",
        "数据显示", "近日", "日前", "今年", "去年", "原则", "作为", "鼓励", "引导", "推进", "加快", "打造", "建设",
        "建立", "培育", "引进", "依托", "成立", "组建", "设立", "吸引", "集聚", "聚集", "拥有", "包括", "其中",
        "通过", "根据", "按照", "围绕", "实施", "制定", "发起", "携手", "共同", "积极", "大力", "进一步", "同比",
        "达到", "实现", "完成", "提升", "形成", "带动", "参与", "申报", "认定", "评选", "遴选", "获批", "入选",
        "来自", "位于", "旗下", "下属", "所属", "直属", "相关", "有关", "联合印发", "发挥", "加强", "强化",
        "促进", "推广", "落实", "贯彻", "召集", "发展的", "授予", "获得", "面向", "服务于", "建成", "落户", "布局",
        "部署", "只有", "目前", "否则", "出任", "聘请", "加入", "收到", "前往", "求学", "统筹", "协调", "配合", "会议", "以及", "还有", "如何", "已经", "正在", "将会",
    ]

    /// Endings of companies named by brand (西井科技, 植信投资), accepted only before a person's title.
    static let brandSuffixes = ["科技", "投资"]

    /// Titles of people that follow their company's name (西井科技CEO谭黎敏).
    static let titles = [
        "CEO", "CTO", "COO", "CFO", "董事长", "董事", "总裁", "副总裁", "总经理", "副总经理", "首席", "创始人",
        "联合创始人", "董秘", "总监", "产品总监", "技术总监", "研发总监", "高级副总裁", "执行总裁", "合伙人",
    ]

    /// Modifiers that only describe a kind of organization (行业协会, 技术合作联盟, 全市商业银行):
    /// a name made of these alone is not a name.
    static let genericWords: [String] = [
        "行业", "产业", "技术", "企业", "相关", "有关", "科研", "研究", "创新", "合作", "金融", "投资", "商业",
        "地方", "国有", "民营", "外资", "上市", "龙头", "骨干", "重点", "领军", "优质", "中小", "大型", "各类",
        "专业", "咨询", "服务", "工程", "检测", "认证", "公共", "智能", "数字", "新型", "高校", "科技", "全市",
        "全省", "全国", "本地", "当地", "国内", "国外", "海外", "境外", "国际", "知名", "头部", "第三方", "一流",
        "高水平", "世界", "集群", "产业链", "平台", "生态", "联合", "战略", "创新型", "区域", "省级", "市级",
        "国家级", "制造业", "管理", "促进", "标准", "网络", "保险", "证券", "博彩", "零售", "股份", "控股",
        "实业", "贸易", "物流", "一家", "多家", "这家", "该", "本", "此", "这", "那", "多", "家", "个", "大", "小",
        "新", "老", "总", "子", "母", "分", "一", "两", "几", "其他", "其它", "有", "民间", "社会", "专门",
        "综合", "示范", "试点", "先进", "领先", "城市", "农村", "村镇", "商业性", "政策性", "开发性", "合资",
        "独资", "外国", "跨国", "本土", "中资", "我国", "各地", "下游", "上游", "链主", "协同", "发展", "开放", "企业间", "间", "部分", "大部分", "个别", "许多", "不少", "一些", "某些", "各家",
        "知名", "著名", "贷款", "外贸", "航空", "游戏", "开发", "欧美",
    ]

    /// Endings that only spell out the legal form of the company named before them (华为 + 技术有限公司).
    static let legalForms = [
        "有限公司", "股份有限公司", "集团", "公司", "集团有限公司", "集团股份有限公司", "科技有限公司",
        "技术有限公司", "科技股份有限公司", "有限责任公司", "集团公司",
    ]

    /// Anchors that may start an organization name besides regions.
    static let anchors: [String] = ["中国", "国家", "中共", "中华"]

    /// 和 inside a name is followed by one of these (工业和信息化, 发展和改革, 住房和城乡建设 …).
    static let heContinuations = ["信息", "改革", "城乡", "社会", "旅游", "草原", "物资", "化学", "数字"]

    /// Characters before a name that make it a counted or generic reference (18家国家…中心, 各省工信厅).
    static let countPrefixList = "家个各些批多几该本此这那其类级所全每两跨分外"

    /// Numerals before 家/个 that make a count (一家, 三个).
    static let countNumeralList = "一二两三四五六七八九十几多数每各某"

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
    }

    static func isASCIIAlnum(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
    }

    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
    }

    /// The lists above compiled once. The scanner keeps its own copy, so hot loops read stored
    /// properties instead of passing a lazy-global check (`swift_once`) at every use.
    static let tables = OrgRuleTables()
}

struct OrgRuleTables: Sendable {
    let suffixes: [OrgRules.Suffix]
    let suffixTrie: OrgTrie
    /// Only the strong suffixes, with their indices in `suffixList`: free-standing names look for
    /// these between the names already found. (No weak suffix extends a strong one at the same
    /// start, so the longest strong match is what the full trie would have kept.)
    let strongSuffixTrie: OrgTrie
    let brandSuffixTrie: OrgTrie
    let titleTrie: OrgTrie
    let stopWordTrie: OrgTrie
    /// Reverse stop words, for "does a stop word end at k" while scanning leftwards.
    let reversedStopWordTrie: OrgTrie
    let genericTrie: OrgTrie
    let anchorTrie: OrgTrie
    let heContinuations: [[Unicode.Scalar]]
    let legalForms: [[Unicode.Scalar]]
    let badFollowers: [[UInt32]]
    /// Dense per-scalar facts (BMP), so hot loops test a character with one array load instead of
    /// hashing: low 5 bits = 1 + index into badFollowers, then the flag bits below.
    let charInfo: [UInt16]

    static let stopCharFlag: UInt16 = 0x20
    static let countPrefixFlag: UInt16 = 0x40
    static let countNumeralFlag: UInt16 = 0x80
    /// The first scalar of some suffix / stop word: most characters of a name are neither, and
    /// skip the trie walks.
    static let suffixStartFlag: UInt16 = 0x100
    static let stopWordStartFlag: UInt16 = 0x200
    static let stopWordEndFlag: UInt16 = 0x400
    /// A CJK character that starts no suffix and no stop word and is neither a particle nor 和: it
    /// neither ends nor stops a name (one test for the commonest character inside names).
    static let plainNameFlag: UInt16 = 0x800

    init() {
        let list = OrgRules.suffixList
        suffixes = list.map { Suffix(type: $0.1, strong: $0.2, branch: OrgRules.branchSuffixes.contains($0.0)) }
        suffixTrie = OrgTrie(list.map(\.0), indexedRoot: true)
        var strong = OrgTrie()
        strong.indexRoot()
        strong.indexPrefixes()
        for (i, s) in list.enumerated() where s.2 { strong.insert(s.0, i) }
        strongSuffixTrie = strong
        brandSuffixTrie = OrgTrie(OrgRules.brandSuffixes, indexedRoot: true)
        titleTrie = OrgTrie(OrgRules.titles, indexedRoot: true)
        stopWordTrie = OrgTrie(OrgRules.stopWords, indexedRoot: true, indexedPrefixes: true)
        reversedStopWordTrie = OrgTrie(OrgRules.stopWords, reversed: true, indexedRoot: true)
        genericTrie = OrgTrie(OrgRules.genericWords, indexedRoot: true)
        anchorTrie = OrgTrie(OrgRules.anchors, indexedRoot: true)
        heContinuations = OrgRules.heContinuations.map { Array($0.unicodeScalars) }
        legalForms = OrgRules.legalForms.map { Array($0.unicodeScalars) }
        badFollowers = OrgRules.badFollowTable.map { $0.1.unicodeScalars.map(\.value) }
        var t = [UInt16](repeating: 0, count: 0x10000)
        for (k, e) in OrgRules.badFollowTable.enumerated() {
            if let v = e.0.unicodeScalars.first?.value, v < 0x10000 { t[Int(v)] |= UInt16(k + 1) }
        }
        for w in list.map(\.0) {
            if let v = w.unicodeScalars.first?.value, v < 0x10000 { t[Int(v)] |= Self.suffixStartFlag }
        }
        for w in OrgRules.stopWords {
            if let v = w.unicodeScalars.first?.value, v < 0x10000 { t[Int(v)] |= Self.stopWordStartFlag }
            if let v = w.unicodeScalars.last?.value, v < 0x10000 { t[Int(v)] |= Self.stopWordEndFlag }
        }
        for c in OrgRules.stopCharList.unicodeScalars where c.value < 0x10000 { t[Int(c.value)] |= Self.stopCharFlag }
        for c in OrgRules.countPrefixList.unicodeScalars where c.value < 0x10000 { t[Int(c.value)] |= Self.countPrefixFlag }
        for c in OrgRules.countNumeralList.unicodeScalars where c.value < 0x10000 { t[Int(c.value)] |= Self.countNumeralFlag }
        let ruledOut = Self.suffixStartFlag | Self.stopWordStartFlag | Self.stopCharFlag
        for range in [0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF] {
            for v in range where t[v] & ruledOut == 0 && v != 0x548C /* 和 */ { t[v] |= Self.plainNameFlag }
        }
        charInfo = t
    }

    typealias Suffix = OrgRules.Suffix

    /// Astral scalars have every start flag: the tries decide.
    @inline(__always) func info(_ v: UInt32) -> UInt16 {
        v < 0x10000 ? charInfo[Int(v)] : Self.suffixStartFlag | Self.stopWordStartFlag | Self.stopWordEndFlag
    }
    @inline(__always) func mayEndStopWord(_ v: UInt32) -> Bool { info(v) & Self.stopWordEndFlag != 0 }
    @inline(__always) func isPlainNameCharacter(_ v: UInt32) -> Bool { info(v) & Self.plainNameFlag != 0 }
    @inline(__always) func mayStartSuffix(_ v: UInt32) -> Bool { info(v) & Self.suffixStartFlag != 0 }
    @inline(__always) func mayStartStopWord(_ v: UInt32) -> Bool { info(v) & Self.stopWordStartFlag != 0 }
    @inline(__always) func isStopChar(_ v: UInt32) -> Bool { info(v) & Self.stopCharFlag != 0 }
    @inline(__always) func isCountPrefix(_ v: UInt32) -> Bool { info(v) & Self.countPrefixFlag != 0 }
    @inline(__always) func isCountNumeral(_ v: UInt32) -> Bool { info(v) & Self.countNumeralFlag != 0 }

    /// Does `next` right after a name ending in `last` show the name has not ended (部长, 局面)?
    @inline(__always) func badFollow(_ last: UInt32, _ next: UInt32) -> Bool {
        let k = Int(info(last) & 0x1F)
        return k > 0 && k <= badFollowers.count && badFollowers[k - 1].contains(next)
    }
}
