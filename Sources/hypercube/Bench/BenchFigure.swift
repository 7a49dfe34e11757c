/// One measured number of a benchmark, named so thresholds can find it: `stage/case…/metric`, such as
/// `render/600-cell/1920x1080/render_i420`.
struct BenchFigure: Codable, Equatable {
    var id: String
    var value: Double
    var unit: String

    /// The figures worth keeping: a figure that was not measured (nil, NaN or infinite) is left out, so thresholds
    /// that need it report it missing instead of comparing with a made-up number.
    static func measured(_ prefix: String, _ entries: [(metric: String, value: Double?, unit: String)]) -> [BenchFigure]
    {
        entries.compactMap { entry in
            guard let value = entry.value, value.isFinite else { return nil }
            return BenchFigure(id: "\(prefix)/\(entry.metric)", value: value, unit: entry.unit)
        }
    }
}
