import HyperImage
import HyperMedia
import Testing

/// Settings a user can get wrong are refused up front, with a message that says what and why.
@Suite struct EncoderSettingsTests {
    static func rejection(_ change: (inout EncoderSettings) -> Void) -> MediaError? {
        var settings = VideoFixtures.settings()
        change(&settings)
        let error = #expect(throws: MediaError.self) { try VideoEncoder(settings: settings) }
        #expect(error?.code == .invalidSettings)
        return error
    }

    @Test func defaultsAreValidForBothCodecs() throws {
        for codec in VideoCodec.allCases {
            try VideoFixtures.settings(codec).validate()
        }
        #expect(VideoFixtures.settings(.vp8).cpuUsed == -6)
        #expect(VideoFixtures.settings(.vp9).cpuUsed == 8)
    }

    @Test func badSettingsAreRejectedWithClearMessages() {
        #expect(
            Self.rejection { $0.bitrate = 0 }?.message
                == "bitrate must be between 1000 and 1000000000 bit/s, got 0")
        #expect(
            Self.rejection { $0.width = 641 }?.message
                == "frame size must be even and at least 2x2 for 4:2:0 video, got 641x360")
        #expect(
            Self.rejection { $0.framesPerSecond = 0 }?.message
                == "frame rate must be above 0 and at most 1000 fps, got 0.0")
        #expect(
            Self.rejection { $0.temporalLayers = 4 }?.message == "temporal layers must be in 1...3, got 4")
        #expect(
            Self.rejection { $0.width = 16_384 }?.message
                == "VP8 frames are at most 16383x16383 pixels, got 16384x360")
        #expect(
            Self.rejection {
                $0 = VideoFixtures.settings(.vp9)
                $0.temporalLayers = 2
            }?.message
                == "temporal layers are supported for VP8 only; VP9 needs 1, got 2")
        #expect(Self.rejection { $0.threads = 0 }?.message == "threads must be in 1...64, got 0")
        #expect(Self.rejection { $0.cpuUsed = 17 }?.message == "VP8 cpuUsed must be in -16...16, got 17")
        #expect(
            Self.rejection { $0.keyframeInterval = 0 }?.message
                == "keyframe interval must be at least 1 frame, got 0")
        #expect(
            Self.rejection { $0.tokenPartitions = 4 }?.message == "token partitions (log2) must be in 0...3, got 4")
    }

    @Test func vp9AllowsFramesWiderThanVP8() throws {
        var settings = VideoFixtures.settings(.vp9, width: 16_384, height: 64)
        try settings.validate()
        settings.width = 65_538
        #expect(throws: MediaError.self) { try settings.validate() }
    }

    @Test func unknownCodecIsNamed() throws {
        #expect(try VideoCodec(argument: "VP9") == .vp9)
        let error = #expect(throws: MediaError.self) { try VideoCodec(argument: "h264") }
        #expect(error == MediaError(.invalidSettings, "unknown codec 'h264' (expected vp8 or vp9)"))
    }

    @Test(arguments: [
        ("2M", 2_000_000), ("2.5M", 2_500_000), ("800k", 800_000), ("2000000", 2_000_000), (" 64K ", 64_000),
    ])
    func bitratesParse(text: String, bits: Int) throws {
        #expect(try EncoderSettings.parseBitrate(text) == bits)
    }

    @Test(arguments: ["0", "-1M", "", "fast", "2G", "1e12", "nan"])
    func badBitratesAreRejected(text: String) {
        let error = #expect(throws: MediaError.self) { try EncoderSettings.parseBitrate(text) }
        #expect(error?.code == .invalidSettings)
    }
}
