/// What a session's video stream sends, as bit/s of the whole stream and of its base temporal layer over the last
/// two seconds: the rates a viewer's bandwidth estimate is weighed against. Queries are O(1) (running sums), since
/// every viewer's layer check asks ten times a second.
struct LayerRateMeter {
    static let window = 2.0

    private var frames: [(time: Double, bits: Int, layer: Int)] = []
    private var start = 0
    private var allBits = 0
    private var baseBits = 0
    /// Frames per layer in the window, to know the highest layer present.
    private var framesPerLayer: [Int] = []

    /// The highest temporal layer seen in the window; 0 for a stream without layers.
    var highestLayer: Int { framesPerLayer.lastIndex { $0 > 0 } ?? 0 }

    mutating func record(bytes: Int, layer: Int, now: Double) {
        let layer = max(0, layer)
        frames.append((now, bytes * 8, layer))
        add(frames[frames.count - 1], sign: 1)
        while start < frames.count, frames[start].time < now - Self.window {
            add(frames[start], sign: -1)
            start += 1
        }
        if start > 256 {
            frames.removeFirst(start)
            start = 0
        }
    }

    /// Bit/s of every layer and of layer 0 alone over the window; zeros before a second of frames.
    func rates(now: Double) -> (all: Int, base: Int) {
        guard start < frames.count else { return (0, 0) }
        let seconds = now - frames[start].time
        guard seconds >= 1 else { return (0, 0) }
        return (Int(Double(allBits) / seconds), Int(Double(baseBits) / seconds))
    }

    private mutating func add(_ frame: (time: Double, bits: Int, layer: Int), sign: Int) {
        allBits += sign * frame.bits
        if frame.layer == 0 { baseBits += sign * frame.bits }
        if framesPerLayer.count <= frame.layer {
            framesPerLayer += Array(repeating: 0, count: frame.layer + 1 - framesPerLayer.count)
        }
        framesPerLayer[frame.layer] += sign
    }
}
