/// The stretches of a reading text that bound every context (an abbreviation's uses, a count's list, a
/// brand's other mentions): each article, and the text outside articles up to the next article's start
/// as a stretch of its own. A document cut at article starts (blocks, or the segments re-analysed after
/// an edit) then analyses exactly as the whole. Scope 2k + 1 is article k; scope 2k is the text outside
/// articles before article k (2 × the article count: after the last one).
struct ArticleScopes {
    /// Article extents in reading offsets, sorted and disjoint.
    let articles: [Range<Int>]
    /// Length of the reading text.
    let count: Int

    var scopeCount: Int { 2 * articles.count + 1 }

    /// The scope holding reading offset `pos`.
    func scope(of pos: Int) -> Int {
        var lo = 0, hi = articles.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if articles[mid].lowerBound <= pos { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && articles[lo - 1].contains(pos) ? 2 * (lo - 1) + 1 : 2 * lo
    }

    /// Where a scope ends: its article's end, or for text outside articles the next article's start.
    func end(ofScope scope: Int) -> Int {
        let k = scope / 2
        return scope % 2 == 1 ? articles[k].upperBound : (k < articles.count ? articles[k].lowerBound : count)
    }

    /// Where the scope holding `pos` ends.
    func end(containing pos: Int) -> Int { end(ofScope: scope(of: pos)) }
}
