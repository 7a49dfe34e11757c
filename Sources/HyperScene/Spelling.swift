/// Suggests the intended word for a misspelt key or name, for "did you mean …?" hints.
enum Spelling {
    /// A diagnostic for an unrecognised word, e.g. `unknown key 'fov' (allowed keys: …)` or
    /// `unknown colour map 'plasm'; did you mean 'plasma'? (expected one of …)`.
    /// `meant` overrides the spelling-based guess, for names whose intent is known (aliases).
    static func unknown(_ what: String, _ word: String, expected candidates: [String], meant: String? = nil) -> String {
        let hint = (meant ?? suggestion(for: word, among: candidates)).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown \(what) '\(word)'\(hint) (expected one of \(candidates.joined(separator: ", ")))"
    }

    /// Like `unknown(_:_:expected:)`, worded for object keys.
    static func unknown(_ what: String, _ word: String, allowed candidates: [String]) -> String {
        let hint = suggestion(for: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown \(what) '\(word)'\(hint) (allowed keys: \(candidates.joined(separator: ", ")))"
    }

    /// The single closest candidate, if one is clearly meant: equal ignoring case, `-` and `_`, or within a
    /// small edit distance (1 for short words, 2 from five characters on) with no tie.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let normalizedWord = normalize(word)
        if let match = candidates.first(where: { normalize($0) == normalizedWord }) {
            return match
        }
        let limit = word.count >= 5 ? 2 : 1
        let scored = candidates.map { (candidate: $0, distance: distance(Array(word), Array($0))) }
        guard let best = scored.map(\.distance).min(), best <= limit else { return nil }
        let closest = scored.filter { $0.distance == best }
        return closest.count == 1 ? closest[0].candidate : nil
    }

    private static func normalize(_ word: String) -> String {
        word.lowercased().filter { $0 != "-" && $0 != "_" }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
