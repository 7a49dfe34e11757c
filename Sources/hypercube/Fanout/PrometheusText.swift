/// Reads counters out of a Prometheus text exposition, such as the control plane's `/metrics`.
struct PrometheusText {
    let text: String

    /// The sum of every sample of `name` (all label sets); nil when the metric is absent.
    func sum(_ name: String) -> Double? {
        var total: Double?
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let rest = line.dropFirst(name.count)
            guard let next = rest.first, next == " " || next == "{" else { continue }
            guard let value = rest.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            total = (total ?? 0) + value
        }
        return total
    }
}
