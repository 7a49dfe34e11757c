/// What a session's video stream sends, as bit/s of the whole stream and of its base temporal layer over the last
/// two seconds: the rates a viewer's bandwidth estimate is weighed against.
struct LayerRateMeter {
    static let window = 2.0

    private var frames: [(time: Double, bits: Int, layer: Int)] = []
    private var start = 0
    /// The highest temporal layer seen in the window; 0 for a stream without layers.
    private(set) var highestLayer = 0

    mutating func record(bytes: Int, layer: Int, now: Double) {
        frames.append((now, bytes * 8, layer))
        while start < frames.count, frames[start].time < now - Self.window { start += 1 }
        if start > 256 {
            frames.removeFirst(start)
            start = 0
        }
        highestLayer = frames[start...].reduce(0) { max($0, $1.layer) }
    }

    /// Bit/s of every layer and of layer 0 alone over the window; zeros before a second of frames.
    func rates(now: Double) -> (all: Int, base: Int) {
        let recent = frames[start...].filter { $0.time >= now - Self.window }
        guard let first = recent.first, now - first.time >= 1 else { return (0, 0) }
        let seconds = now - first.time
        let all = recent.reduce(0) { $0 + $1.bits }
        let base = recent.reduce(0) { $0 + ($1.layer == 0 ? $1.bits : 0) }
        return (Int(Double(all) / seconds), Int(Double(base) / seconds))
    }
}
