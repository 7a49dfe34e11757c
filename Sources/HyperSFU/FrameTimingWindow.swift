/// The last frames' latencies of one session, for percentiles: glass-to-wire (render start → the frame's last RTP
/// packet handed to the socket for its last viewer), and the render and encode times inside it.
struct FrameTimingWindow {
    static let capacity = 1024

    private var glassToWire: [Double] = []
    private var render: [Double] = []
    private var encode: [Double] = []
    private var next = 0
    private(set) var frames = 0

    mutating func record(glassToWireMilliseconds: Double, renderMilliseconds: Double, encodeMilliseconds: Double) {
        if glassToWire.count < Self.capacity {
            glassToWire.append(glassToWireMilliseconds)
            render.append(renderMilliseconds)
            encode.append(encodeMilliseconds)
        } else {
            glassToWire[next] = glassToWireMilliseconds
            render[next] = renderMilliseconds
            encode[next] = encodeMilliseconds
        }
        next = (next + 1) % Self.capacity
        frames += 1
    }

    var summary: FrameTimingSummary {
        FrameTimingSummary(
            frames: frames,
            window: glassToWire.count,
            glassToWire: .init(glassToWire),
            render: .init(render),
            encode: .init(encode)
        )
    }
}

/// Latency percentiles over a session's last frames (at most `FrameTimingWindow.capacity`), in milliseconds.
public struct FrameTimingSummary: Sendable, Equatable {
    public struct Percentiles: Sendable, Equatable {
        public var p50: Double
        public var p99: Double
        public var max: Double

        /// Nearest-rank percentiles; zeros for no samples.
        public init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func rank(_ fraction: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
                return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
            }
            p50 = rank(0.5)
            p99 = rank(0.99)
            max = sorted.last ?? 0
        }
    }

    /// Frames delivered since the session started.
    public var frames: Int
    /// Frames the percentiles cover.
    public var window: Int
    public var glassToWire: Percentiles
    public var render: Percentiles
    public var encode: Percentiles
}
