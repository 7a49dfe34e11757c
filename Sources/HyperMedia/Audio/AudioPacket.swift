/// One Opus packet of a stream with where it sits on the shared timeline: its first sample's 48 kHz timestamp.
public struct AudioPacket: Sendable, Equatable {
    public var data: [UInt8]
    /// The first sample's timestamp on the `MediaClock` audio clock (48 kHz ticks since the stream started).
    public var timestamp: Int64
    /// Samples per channel the packet decodes to, in 48 kHz ticks.
    public var duration: Int

    public init(data: [UInt8], timestamp: Int64, duration: Int) {
        self.data = data
        self.timestamp = timestamp
        self.duration = duration
    }

    /// The packet's start in seconds on the `MediaClock`.
    public var time: Double {
        MediaClock.seconds(audioTimestamp: timestamp)
    }
}
