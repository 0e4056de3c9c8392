import PolicyText

// Word lists of the figure reader: units, qualifiers, metric words, time phrases. Matching is by
// longest entry at a position, through a first-scalar index, so a lookup costs a handful of compares.

enum UnitKind: Sendable {
    case money, physical, measure, multiple, percent, perMille, points
}

/// A set of scalars as a bitmap over the Basic Multilingual Plane (8 KB); scalars above it are
/// always reported as possible members, so the bitmap only ever saves work, never changes results.
struct ScalarBitmap: Sendable {
    /// One bit per BMP scalar, and a last word that every scalar above the BMP maps to.
    private var bits: [UInt64]

    /// `astralMembers`: scalars above the BMP count as members (a filter that only ever saves work)
    /// or never do (an exact set of BMP scalars).
    init(astralMembers: Bool = true) {
        bits = [UInt64](repeating: 0, count: 1024) + [astralMembers ? UInt64.max : 0]
    }

    mutating func insert(_ c: Unicode.Scalar) {
        let v = c.value
        if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) }
    }

    @inline(__always) private static func word(_ v: UInt32) -> Int { Int(min(v >> 6, 1024)) }

    @inline(__always) func mayContain(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return bits[Self.word(v)] >> UInt64(v & 63) & 1 != 0
    }
}

/// The classes of scalars the figure reader skips by: one byte per BMP scalar, one bit per class, so a
/// skip over text costs a byte load per scalar (several scalars per test) where a bitmap costs a
/// shift, a mask and a clamp each. Scalars above the BMP belong to no class (none starts a figure or
/// ends a word or clause the reader looks for).
struct ScalarClasses: Sendable {
    typealias Mask = UInt8
    private var table = [UInt8](repeating: 0, count: 0x10000)

    mutating func insert(_ members: some Sequence<Unicode.Scalar>, _ mask: Mask) {
        for c in members where c.value < 0x10000 { table[Int(c.value)] |= mask }
    }

    mutating func insert(_ values: ClosedRange<UInt32>, _ mask: Mask) {
        for v in values where v < 0x10000 { table[Int(v)] |= mask }
    }

    mutating func remove(_ members: some Sequence<Unicode.Scalar>, _ mask: Mask) {
        for c in members where c.value < 0x10000 { table[Int(c.value)] &= ~mask }
    }

    @inline(__always) func contains(_ c: Unicode.Scalar, _ mask: Mask) -> Bool {
        c.value < 0x10000 && table[Int(c.value)] & mask != 0
    }

    /// The table for `firstMember`, which a caller skipping many times fetches once.
    func withTable<R>(_ body: (UnsafePointer<Mask>) -> R) -> R {
        table.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Index of the first scalar at or after `from` in a class of `mask` (`p.count` when none).
    @inline(__always)
    static func firstMember(in p: UnsafeBufferPointer<Unicode.Scalar>, from: Int, _ table: UnsafePointer<Mask>,
                            _ mask: Mask) -> Int {
        guard let scalars = p.baseAddress else { return p.count }
        // Indexed by the low 16 bits: a scalar above the BMP may look like a member and is tested
        // again below.
        @inline(__always) func cls(_ k: Int) -> Mask { table[Int(UInt16(truncatingIfNeeded: scalars[k].value))] }
        let n = p.count
        var i = max(from, 0)
        while i &+ 8 <= n {
            if (cls(i) | cls(i &+ 1) | cls(i &+ 2) | cls(i &+ 3) | cls(i &+ 4) | cls(i &+ 5) | cls(i &+ 6)
                | cls(i &+ 7)) & mask != 0 { break }
            i &+= 8
        }
        while i < n {
            if cls(i) & mask != 0 && scalars[i].value < 0x10000 { return i }
            i &+= 1
        }
        return n
    }

    /// The largest k in `lo + 1 ... hi` whose scalar before it, s[k - 1], is in a class of `mask`;
    /// `lo` when none.
    func lastEnd(in s: [Unicode.Scalar], before hi: Int, downTo lo: Int, _ mask: Mask) -> Int {
        s.withUnsafeBufferPointer { p in
            table.withUnsafeBufferPointer { t in
                guard let classes = t.baseAddress else { return lo }
                return Self.lastEnd(in: p, before: hi, downTo: lo, classes, mask)
            }
        }
    }

    /// `lastEnd` over a buffer, with the table fetched once by the caller (`withTable`).
    @inline(__always)
    static func lastEnd(in p: UnsafeBufferPointer<Unicode.Scalar>, before hi: Int, downTo lo: Int,
                        _ table: UnsafePointer<Mask>, _ mask: Mask) -> Int {
        guard let scalars = p.baseAddress else { return lo }
        // Indexed by the low 16 bits: a scalar above the BMP may look like a member and is tested
        // again below.
        @inline(__always) func cls(_ k: Int) -> Mask { table[Int(UInt16(truncatingIfNeeded: scalars[k].value))] }
        let lowest = max(lo, 0)
        var i = min(hi, p.count) - 1      // the scalar before candidate end i + 1
        while i &- 3 >= lowest {
            if (cls(i) | cls(i &- 1) | cls(i &- 2) | cls(i &- 3)) & mask != 0 { break }
            i &-= 4
        }
        while i >= lowest {
            if cls(i) & mask != 0 && scalars[i].value < 0x10000 { return i + 1 }
            i &-= 1
        }
        return lo
    }
}

/// The classes (`FigureWords.textClasses`) of every scalar of a text, each looked up once, so that the
/// scans over them test sixteen positions at a time without a branch per position. Sixteen zero bytes
/// lie before the first class and seventeen after the last: loads of sixteen near either end, and the
/// start scan's look at the next scalar, stay inside.
struct TextClasses {
    private let storage: [UInt8]

    /// Zero bytes before the class of the first scalar, and after the last.
    private static let leadingPadding = 16, trailingPadding = 17
    /// Bytes of storage for a text of n scalars.
    static func storageCount(_ n: Int) -> Int { leadingPadding + n + trailingPadding }

    /// Zeroes the padding of `storageCount(n)` bytes at `base`; returns where the first scalar's class goes.
    static func writePadding(_ base: UnsafeMutablePointer<UInt8>, count n: Int) -> UnsafeMutablePointer<UInt8> {
        base.initialize(repeating: 0, count: leadingPadding)
        (base + leadingPadding + n).initialize(repeating: 0, count: trailingPadding)
        return base + leadingPadding
    }

    init(_ p: UnsafeBufferPointer<Unicode.Scalar>, _ classes: ScalarClasses) {
        let n = p.count
        storage = [UInt8](unsafeUninitializedCapacity: Self.storageCount(n)) { bytes, initialized in
            guard let base = bytes.baseAddress else { return }
            let first = Self.writePadding(base, count: n)
            // Scalars above the BMP are in no class.
            classes.withTable { table in ClassBytes.load(p, table: table, into: first, astral: { _ in 0 }) }
            initialized = Self.storageCount(n)
        }
    }

    /// Classes written by the caller: `storageCount(n)` bytes, the first scalar's at `leadingPadding`,
    /// the padding zero.
    init(storage: [UInt8]) {
        self.storage = storage
    }

    /// The class of scalar k (0 for the padding, -16 ≤ k < count + 17).
    @inline(__always) subscript(k: Int) -> UInt8 { storage[k &+ 16] }

    /// Calls `body` with a pointer to the class of the first scalar (sixteen readable bytes before it,
    /// seventeen after the last).
    func withClasses<R>(_ body: (UnsafePointer<UInt8>) -> R) -> R {
        storage.withUnsafeBufferPointer { body($0.baseAddress! + 16) }
    }

    /// The largest k in `lo + 1 ... hi` whose scalar before it, k - 1, is in a class of `mask`; `lo`
    /// when none. `classes` comes from `withClasses` of a text of `count` scalars. Sixteen positions at
    /// a time, from hi down: a position at a time mispredicted where the class ended the loop.
    @inline(__always)
    static func lastEnd(_ classes: UnsafePointer<UInt8>, count: Int, before hi: Int, downTo lo: Int,
                        _ mask: ScalarClasses.Mask) -> Int {
        let lowest = max(lo, 0)
        let raw = UnsafeRawPointer(classes)
        let wanted = SIMD16<UInt8>(repeating: mask), zero = SIMD16<UInt8>(repeating: 0)
        var top = min(hi, count)        // positions top - 16 ..< top are tested next
        while top > lowest {
            let base = top &- 16
            var bits = (raw.loadUnaligned(fromByteOffset: base, as: SIMD16<UInt8>.self) & wanted .!= zero).laneBits
            bits &= UInt32.max &<< UInt32(max(lowest &- base, 0))     // none below lowest
            if bits != 0 { return base &+ (32 &- bits.leadingZeroBitCount) }
            top = base
        }
        return lo
    }
}

/// Key → a run of entry numbers, by open addressing over key values (no hashing of `Unicode.Scalar`,
/// no array per key).
struct ScalarIndex: Sendable {
    private var keys: [UInt64]          // 0: empty slot (no word starts or ends with U+0000)
    private var runStart: [Int32]
    private var runEnd: [Int32]
    private(set) var members: [Int32]
    private let mask: Int

    /// `groups`: each key with its entry numbers in lookup order.
    init(_ groups: [(key: UInt64, entries: [Int])]) {
        var size = 16
        while size < groups.count * 3 { size *= 2 }
        mask = size - 1
        keys = [UInt64](repeating: 0, count: size)
        runStart = [Int32](repeating: 0, count: size)
        runEnd = [Int32](repeating: 0, count: size)
        members = []
        for g in groups {
            var slot = Self.slot(g.key, mask)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = g.key
            runStart[slot] = Int32(members.count)
            members += g.entries.map { Int32($0) }
            runEnd[slot] = Int32(members.count)
        }
    }

    @inline(__always) private static func slot(_ v: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (v &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Positions in `members` of the entries filed under `v` (empty when none).
    @inline(__always) func run(_ v: UInt64) -> Range<Int> {
        var slot = Self.slot(v, mask)
        while true {
            let k = keys[slot]
            if k == v { return Int(runStart[slot])..<Int(runEnd[slot]) }
            if k == 0 { return 0..<0 }
            slot = (slot + 1) & mask
        }
    }

    /// Key of the words of one scalar `a`.
    @inline(__always) static func single(_ a: UInt32) -> UInt64 { UInt64(a) }

    /// Key of the longer words whose outer scalar is `a` and the one next to it `b` (first and second
    /// for the index by first scalar, last and second-to-last for the one by last).
    @inline(__always) static func pair(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) | UInt64(b &+ 1) << 32 }
}

/// Words indexed by their first two and by their last two scalars (one-scalar words by that scalar),
/// longest first: a lookup probes at most two short runs of entries. A first/last-scalar bitmap
/// answers most lookups (the scalar starts no word) before the index is probed. A match is an entry
/// number: its text and payload are read only when needed.
struct Lexicon<Payload: Sendable>: Sendable {
    struct Match {
        let index: Int
        let length: Int
        let payload: Payload
    }

    private(set) var texts: [String] = []
    private var payloads: [Payload] = []
    private var offsets: [Int] = []       // entry k's scalars: scalars[offsets[k] ..< offsets[k + 1]]
    private var scalars: [Unicode.Scalar] = []
    private var byFirst: ScalarIndex
    private var byLast: ScalarIndex
    private var firsts = ScalarBitmap()
    private var lasts = ScalarBitmap()

    init(_ words: [(String, Payload)]) {
        var firstGroups: [UInt64: [Int]] = [:], lastGroups: [UInt64: [Int]] = [:]
        offsets = [0]
        for (w, p) in words {
            let sc = Array(w.unicodeScalars)
            guard let f = sc.first, let l = sc.last else { continue }
            let k = texts.count
            texts.append(w)
            payloads.append(p)
            scalars += sc
            offsets.append(scalars.count)
            if sc.count == 1 {
                firstGroups[ScalarIndex.single(f.value), default: []].append(k)
                lastGroups[ScalarIndex.single(l.value), default: []].append(k)
            } else {
                firstGroups[ScalarIndex.pair(f.value, sc[1].value), default: []].append(k)
                lastGroups[ScalarIndex.pair(l.value, sc[sc.count - 2].value), default: []].append(k)
            }
            firsts.insert(f)
            lasts.insert(l)
        }
        let offsets = self.offsets
        func longestFirst(_ g: [UInt64: [Int]]) -> [(key: UInt64, entries: [Int])] {
            g.map { key, list in
                // Stable: equal lengths keep list order.
                (key, list.enumerated().sorted {
                    let a = offsets[$0.element + 1] - offsets[$0.element], b = offsets[$1.element + 1] - offsets[$1.element]
                    return a != b ? a > b : $0.offset < $1.offset
                }.map(\.element))
            }
        }
        byFirst = ScalarIndex(longestFirst(firstGroups))
        byLast = ScalarIndex(longestFirst(lastGroups))
    }

    /// Whether some entry may start with `c` (no false negatives).
    @inline(__always) func mayStart(with c: Unicode.Scalar) -> Bool { firsts.mayContain(c) }

    /// Entry number of `word` (for identity tests instead of String comparison); -1 when absent.
    func index(of word: String) -> Int { texts.firstIndex(of: word) ?? -1 }

    /// Longest entry starting at `i`. Inlined: a call passes the lexicon (all its arrays) on the stack.
    @inline(__always)
    func match(_ s: [Unicode.Scalar], at i: Int, limit: Int? = nil) -> Match? {
        let limit = min(limit ?? s.count, s.count)
        guard i >= 0, i < limit, firsts.mayContain(s[i]) else { return nil }
        let a = s[i].value
        if i + 1 < limit {
            // Words of two or more scalars: their first two scalars are matched through the index.
            for r in byFirst.run(ScalarIndex.pair(a, s[i + 1].value)) {
                let k = Int(byFirst.members[r])
                let from = offsets[k], length = offsets[k + 1] - from
                guard i + length <= limit else { continue }
                var j = 2
                while j < length, scalars[from + j] == s[i + j] { j += 1 }
                if j == length { return Match(index: k, length: length, payload: payloads[k]) }
            }
        }
        if let r = byFirst.run(ScalarIndex.single(a)).first {
            let k = Int(byFirst.members[r])
            return Match(index: k, length: 1, payload: payloads[k])
        }
        return nil
    }

    /// Longest entry ending just before `end` and starting at or after `floor` (inlined, as above).
    @inline(__always)
    func match<Text: RandomAccessCollection<Unicode.Scalar>>(_ s: Text, endingAt end: Int, floor: Int = 0) -> Match?
        where Text.Index == Int {
        guard end - 1 >= floor, end - 1 < s.count, end >= 1, lasts.mayContain(s[end - 1]) else { return nil }
        let lowest = max(floor, 0)
        let z = s[end - 1].value
        if end - 2 >= lowest {
            // Words of two or more scalars: their last two scalars are matched through the index.
            for r in byLast.run(ScalarIndex.pair(z, s[end - 2].value)) {
                let k = Int(byLast.members[r])
                let from = offsets[k], length = offsets[k + 1] - from
                let start = end - length
                guard start >= lowest else { continue }
                var j = 0
                while j < length - 2, scalars[from + j] == s[start + j] { j += 1 }
                if j == length - 2 { return Match(index: k, length: length, payload: payloads[k]) }
            }
        }
        if let r = byLast.run(ScalarIndex.single(z)).first {
            let k = Int(byLast.members[r])
            return Match(index: k, length: 1, payload: payloads[k])
        }
        return nil
    }
}

enum FigureLexicon {
    static let units: Lexicon<UnitKind> = {
        var w: [(String, UnitKind)] = []
        for u in ["元", "美元", "欧元", "日元", "港元", "港币", "英镑", "卢布", "韩元", "泰铢", "澳元", "台币",
                  "新台币", "日币", "元人民币", "块", "块钱", "元钱"] { w.append((u, .money)) }
        for u in ["亩", "平方米", "平方公里", "公里", "千米", "米", "厘米", "毫米", "纳米", "英寸", "吨", "万吨",
                  "千克", "公斤", "克", "千瓦", "千瓦时", "瓦", "兆瓦", "吉瓦", "度", "公顷", "立方米", "升",
                  "标准煤", "吨标准煤", "岁", "小时", "分钟", "秒", "天", "周", "个月", "毫秒", "微秒",
                  "GW", "MW", "kW", "KW", "TW", "GWh", "MWh", "kWh", "TWh", "EB", "PB", "TB", "GB", "MB",
                  "EFLOPS", "PFLOPS", "TFLOPS", "PFlops", "EFlops", "TFlops", "Flops", "FLOPS",
                  "ms", "μs", "ns", "kg", "km", "nm", "mm", "cm", "Gbps", "Mbps", "Tbps", "GHz", "MHz",
                  "kV", "Hz"]
        { w.append((u, .physical)) }
        for u in ["户", "个", "家", "台", "套", "辆", "项", "场", "笔", "款", "条", "种", "名", "人", "人次",
                  "座", "件", "所", "批", "类", "位", "支", "张", "部", "只", "株", "架", "艘", "次", "例",
                  "份", "枚", "颗", "处", "栋", "层", "级", "方面", "个方面", "大", "篇", "本", "首", "家次",
                  "万人次", "起", "宗", "单", "片", "块屏", "节", "轮", "期", "届", "组", "对", "道", "门",
                  // 八成 (eight tenths): a lone 一 never takes it (一成不变).
                  "成"]
        { w.append((u, .measure)) }
        w.append(("倍", .multiple))
        w.append(("%", .percent)); w.append(("％", .percent)); w.append(("‰", .perMille))
        w.append(("个百分点", .points)); w.append(("百分点", .points))
        return Lexicon(w)
    }()

    /// Nouns after 数+大 (五大产业, 六大行动) that become part of the unit.
    static let daNouns: Lexicon<Void> = Lexicon([
        "行动", "产业", "领域", "工程", "任务", "方面", "板块", "集群", "体系", "平台", "中心", "基地", "专项",
        "举措", "措施", "目标", "重点", "方向", "赛道", "环节", "模块", "主题", "系统", "场景", "行业", "优势",
        "特色", "功能", "机制", "战略", "计划", "项目", "类", "片区", "园区", "产业链", "工作", "突破", "短板",
        "难题", "问题", "原则", "理念", "支柱", "支柱产业", "新兴产业", "产业集群", "重点任务", "重点工程",
        "攻坚行动", "专项行动", "方案", "机遇", "挑战", "趋势", "特点", "亮点", "成果", "活动", "要素",
        "重点产业", "主导产业", "优势产业", "新兴产业集群",
    ].map { ($0, ()) })

    /// Rate denominators after `/` (台/万人).
    static let rateDenominators: Lexicon<Void> = Lexicon([
        "万人", "千人", "百人", "人", "年", "月", "天", "日", "小时", "时", "秒", "吨", "千瓦时", "度", "平方米",
        "户", "台", "亩", "公里", "km", "kg", "s", "h", "人次", "万元", "元", "亿元", "个", "件", "次",
    ].map { ($0, ()) })

    static let prefixQualifiers: Lexicon<FigureQualifier> = Lexicon([
        ("超过", .over), ("超", .over), ("突破", .over), ("逾", .over), ("高达", .over), ("多于", .over),
        ("不少于", .over), ("至少", .over), ("大于", .over),
        ("近", .nearly), ("接近", .nearly), ("将近", .nearly), ("不到", .nearly), ("不足", .nearly),
        ("不超过", .nearly), ("小于", .nearly), ("低于", .nearly),
        ("约", .about), ("大约", .about), ("约为", .about), ("约合", .about), ("大概", .about), ("约达", .about),
    ])

    static let suffixQualifiers: Lexicon<FigureQualifier> = Lexicon([
        ("以上", .over), ("及以上", .over), ("之多", .over), ("多", .more), ("余", .more),
        ("以下", .nearly), ("及以下", .nearly), ("以内", .nearly), ("左右", .about), ("上下", .about),
    ])

    /// Metric nouns (full words) matched backwards from a figure.
    static let metrics: Lexicon<Void> = Lexicon([
        "营业收入", "主营业务收入", "业务收入", "软件业务收入", "收入", "营收", "增加值", "工业增加值",
        "固定资产投资", "工业投资", "技改投资", "投资", "出货量", "机器人密度", "密度", "工业总产值", "总产值",
        "产值", "市场规模", "产业规模", "算力规模", "规模", "比重", "占比", "增速", "增长率", "利润总额", "利润",
        "销售额", "零售额", "销售量", "销量", "出口额", "进口额", "交易额", "营业额", "投资额", "总额", "贡献率",
        "覆盖率", "渗透率", "普及率", "达标率", "利用率", "上云率", "产量", "用户数", "数量", "总量",
        "存储总量", "核销金额", "金额", "出口", "进口", "税收", "研发投入", "研发经费", "融资额", "市值",
        "出货额", "装机容量", "装机量", "产能", "基站", "用户", "面积", "人口", "就业", "订单", "存量",
    ].map { ($0, ()) })

    /// Ending-with rules for metrics not in the list: the suffix plus up to two scalars before it.
    static let metricSuffixes: Lexicon<Void> = Lexicon([
        "收入", "增加值", "投资", "产值", "规模", "密度", "比重", "增速", "率", "额", "总数",
    ].map { ($0, ()) })

    /// Time phrases that are not dates (dates come from the date reader).
    static let timePhrases: Lexicon<Void> = Lexicon([
        "上半年", "下半年", "全年", "今年", "去年", "上年", "明年", "前年", "当年", "同期", "近年来", "近年",
        "目前", "当前", "截至目前", "一季度", "二季度", "三季度", "四季度", "前三季度", "第一季度",
        "第二季度", "第三季度", "第四季度", "年底", "年末", "年初", "未来三年", "未来五年", "过去一年",
        "“十四五”以来", "“十四五”期间", "“十四五”时期", "“十四五”末", "“十三五”以来", "“十三五”期间",
        "十四五以来", "十四五期间", "十三五期间", "党的十八大以来", "十八大以来", "以来",
    ].map { ($0, ()) })
}

/// The figure reader's word lists and the entry numbers it tests by identity, built once.
final class FigureWords: Sendable {
    static let shared = FigureWords()

    let units = FigureLexicon.units
    let daNouns = FigureLexicon.daNouns
    let rateDenominators = FigureLexicon.rateDenominators
    let prefixQualifiers = FigureLexicon.prefixQualifiers
    let suffixQualifiers = FigureLexicon.suffixQualifiers
    let metrics = FigureLexicon.metrics
    let metricSuffixes = FigureLexicon.metricSuffixes
    let timePhrases = FigureLexicon.timePhrases
    let daEntry = FigureLexicon.units.index(of: "大")
    let geEntry = FigureLexicon.units.index(of: "个")
    let sinceEntry = FigureLexicon.timePhrases.index(of: "以来")
    /// Classes loaded once for every scalar of a text (`TextClasses`): what the start scan
    /// (`FigureReader.run`) and the context scans (`ContextReader`) look for. Scalars above the BMP are
    /// in none.
    let textClasses: ScalarClasses
    /// 0-9 十 廿 卅: always read.
    static let alwaysStart: ScalarClasses.Mask = 1
    /// Chinese digits and 百 千 万 数 几 上 下 第 前: read unless the next scalar ends a lone digit
    /// (`endsLoneDigit`).
    static let conditionalStart: ScalarClasses.Mask = 2
    /// 一批, 统一, 三重: a Han scalar that can neither continue a numeral nor start a unit, qualifier,
    /// range, list or period (nor is 半: 上半年). Nothing can be read at a Chinese digit before it (the
    /// full reader would come to the same conclusion), nor at 百分之, 千亿元, 数十 or 第一季度 cut short.
    static let endsLoneDigit: ScalarClasses.Mask = 4
    /// Sentence ends (。！？!?；; newline).
    static let sentenceEnd: ScalarClasses.Mask = 8
    /// Clause ends: sentence ends and ，,：:（()）.
    static let clauseEnd: ScalarClasses.Mask = 16
    /// Last scalars of metric words and suffixes.
    static let metricEnd: ScalarClasses.Mask = 32
    /// Last scalars of time phrases, and 月 (前10月).
    static let timeEnd: ScalarClasses.Mask = 64
    /// 占 (约占全国的42%).
    static let zhan: ScalarClasses.Mask = 128
    /// Scalars a Chinese digit may run on into (its numeral, a unit, a qualifier, a range, a list or a
    /// period), and 半 (上半年): `endsLoneDigit` is the Han scalars without these.
    static let loneDigitExceptions = "点分多余季和及与或至到大半".unicodeScalars
    static let numeralScalars = "零〇○一壹二贰貳两兩三叁參叄四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億廿卅".unicodeScalars

    /// Classes tested at single positions around a figure: one load where a chain of compares or a
    /// switch over values (a search) mispredicted after nearly every figure.
    let pointClasses: ScalarClasses
    /// Last scalars of prefix qualifiers (超过, 约): tested before the lexicon lookup after every figure.
    static let prefixQualifierEnd: ScalarClasses.Mask = 1
    /// First scalars of suffix qualifiers (以上, 左右).
    static let suffixQualifierStart: ScalarClasses.Mask = 2
    /// ~ ～ 〜 — – - － 至 到 ―, the scalars a range connector starts with.
    static let connector: ScalarClasses.Mask = 4
    /// 年 月 日: with the connectors, what every date read from Arabic digits continues with.
    static let dateUnit: ScalarClasses.Mask = 8

    init() {
        var c = ScalarClasses()
        c.insert("0123456789十廿卅".unicodeScalars, Self.alwaysStart)
        c.insert("零〇○一壹二贰貳两兩三叁參叄四肆五伍六陆陸七柒八捌九玖百千万数几上下第前".unicodeScalars, Self.conditionalStart)
        for han: ClosedRange<UInt32> in [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF] {
            c.insert(han, Self.endsLoneDigit)
        }
        c.remove(Self.numeralScalars, Self.endsLoneDigit)
        c.remove(Self.loneDigitExceptions, Self.endsLoneDigit)
        c.remove(FigureLexicon.units.texts.compactMap { $0.unicodeScalars.first }, Self.endsLoneDigit)
        c.insert("。！？!?；;\n".unicodeScalars, Self.sentenceEnd | Self.clauseEnd)
        c.insert("，,：:（()）".unicodeScalars, Self.clauseEnd)
        func lasts<P>(_ l: Lexicon<P>) -> [Unicode.Scalar] { l.texts.compactMap { $0.unicodeScalars.last } }
        c.insert(lasts(FigureLexicon.metrics) + lasts(FigureLexicon.metricSuffixes), Self.metricEnd)
        c.insert(lasts(FigureLexicon.timePhrases) + ["月"], Self.timeEnd)
        c.insert(["占"], Self.zhan)
        textClasses = c

        var q = ScalarClasses()
        q.insert(lasts(FigureLexicon.prefixQualifiers), Self.prefixQualifierEnd)
        q.insert(FigureLexicon.suffixQualifiers.texts.compactMap { $0.unicodeScalars.first }, Self.suffixQualifierStart)
        q.insert("~～〜—–-－至到―".unicodeScalars, Self.connector)
        q.insert("年月日".unicodeScalars, Self.dateUnit)
        pointClasses = q
    }
}
