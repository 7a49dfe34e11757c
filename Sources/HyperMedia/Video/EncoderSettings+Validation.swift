extension EncoderSettings {
    /// Lowest bitrate libvpx can target (it counts in kbit/s).
    public static let minimumBitrate = 1_000
    /// Highest bitrate accepted, 1 Gbit/s.
    public static let maximumBitrate = 1_000_000_000
    /// Highest frame rate accepted; the 90 kHz clock needs at least one tick per frame.
    public static let maximumFramesPerSecond = 1_000.0

    /// The largest width and height the codec's bitstream can describe.
    public static func maximumDimension(for codec: VideoCodec) -> Int {
        switch codec {
        case .vp8: 16_383
        case .vp9: 65_536
        }
    }

    /// Throws `.invalidSettings` naming the first setting the codec cannot use.
    public func validate() throws(MediaError) {
        let name = codec.rawValue.uppercased()
        guard bitrate >= Self.minimumBitrate && bitrate <= Self.maximumBitrate else {
            throw MediaError(
                .invalidSettings,
                "bitrate must be between \(Self.minimumBitrate) and \(Self.maximumBitrate) bit/s, got \(bitrate)")
        }
        guard framesPerSecond.isFinite && framesPerSecond > 0 && framesPerSecond <= Self.maximumFramesPerSecond
        else {
            throw MediaError(
                .invalidSettings,
                "frame rate must be above 0 and at most \(Int(Self.maximumFramesPerSecond)) fps, got \(framesPerSecond)"
            )
        }
        guard width >= 2 && height >= 2 && width.isMultiple(of: 2) && height.isMultiple(of: 2) else {
            throw MediaError(
                .invalidSettings, "frame size must be even and at least 2x2 for 4:2:0 video, got \(width)x\(height)")
        }
        let largest = Self.maximumDimension(for: codec)
        guard width <= largest && height <= largest else {
            throw MediaError(
                .invalidSettings, "\(name) frames are at most \(largest)x\(largest) pixels, got \(width)x\(height)")
        }
        try check(threads, in: 1...64, "threads")
        try check(cpuUsed, in: codec == .vp8 ? -16...16 : -9...9, "\(name) cpuUsed")
        if let keyframeInterval, keyframeInterval < 1 {
            throw MediaError(.invalidSettings, "keyframe interval must be at least 1 frame, got \(keyframeInterval)")
        }
        try check(temporalLayers, in: 1...3, "temporal layers")
        if codec == .vp9 && temporalLayers > 1 {
            throw MediaError(
                .invalidSettings, "temporal layers are supported for VP8 only; VP9 needs 1, got \(temporalLayers)")
        }
        try check(tokenPartitions, in: 0...3, "token partitions (log2)")
        try check(tileColumns, in: 0...6, "tile columns (log2)")
    }

    private func check(_ value: Int, in range: ClosedRange<Int>, _ name: String) throws(MediaError) {
        guard range.contains(value) else {
            throw MediaError(
                .invalidSettings, "\(name) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }
}
