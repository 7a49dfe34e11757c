/// The PCM layouts libopus codes: its five sample rates, mono or stereo, in 20 ms frames.
struct OpusFormat {
    static let sampleRates = [8_000, 12_000, 16_000, 24_000, 48_000]
    static let channelRange = 1...2
    /// Frames per second at 20 ms a frame, the duration WebRTC sends.
    static let framesPerSecond = 50

    let sampleRate: Int
    let channels: Int

    /// Checks the rate and channel count, naming what libopus accepts when either is wrong.
    init(sampleRate: Int, channels: Int) throws(MediaError) {
        guard Self.sampleRates.contains(sampleRate) else {
            let rates = Self.sampleRates.map(String.init).joined(separator: ", ")
            throw MediaError(.invalidSettings, "Opus cannot code \(sampleRate) Hz audio; use one of \(rates) Hz")
        }
        guard Self.channelRange.contains(channels) else {
            throw MediaError(
                .invalidSettings,
                "Opus streams here carry \(Self.channelRange.lowerBound) or \(Self.channelRange.upperBound) "
                    + "channels, got \(channels)"
            )
        }
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Samples per channel in one 20 ms frame.
    var frameSize: Int { sampleRate / Self.framesPerSecond }
}
