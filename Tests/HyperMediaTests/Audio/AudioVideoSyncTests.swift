import HyperMedia
import Testing

/// Audio packets and video frames on the shared `MediaClock`: ten seconds of each, in step and without drift.
struct AudioVideoSyncTests {
    @Test func everyVideoFrameHasAnAudioPacketWithin20ms() throws {
        let track = try SceneAudioTrack(scene: try AudioTestScenes.repository("tesseract"))
        var packets: [AudioPacket] = []
        while track.nextPacketTime < 10 {
            packets.append(try track.nextPacket())
        }
        #expect(packets.count == 500)
        #expect(track.nextPacketTime == 10)
        for (index, packet) in packets.enumerated() {
            #expect(packet.timestamp == Int64(index * 960))
            #expect(packet.timestamp == MediaClock.audioTimestamp(seconds: Double(index) * 0.02))
            #expect(packet.duration == 960)
            #expect(!packet.data.isEmpty)
        }

        // Both clocks count whole ticks of a 720 kHz clock (their least common multiple), so offsets are exact.
        let commonRate: Int64 = 720_000
        let videoTick = commonRate / Int64(MediaClock.videoClockRate)
        let audioTick = commonRate / Int64(MediaClock.audioClockRate)
        var largestOffset: Int64 = 0
        for frame in 0..<600 {
            let frameTime = MediaClock.videoTimestamp(seconds: Double(frame) / 60) * videoTick
            let starts = packets.map { $0.timestamp * audioTick }
            largestOffset = max(largestOffset, starts.map { abs($0 - frameTime) }.min()!)
            let containing = packets.filter { packet in
                let start = packet.timestamp * audioTick
                return start <= frameTime && frameTime < start + Int64(packet.duration) * audioTick
            }
            #expect(containing.count == 1, "frame \(frame)")
        }
        #expect(largestOffset == commonRate / 100, "60 fps frames fall at most half a 20 ms packet from a packet start")
    }

    /// The track renders ahead by the encoder's lookahead, so decoded sound at timestamp t is the scene at time t:
    /// the decoded waveform matches the sonifier sample for sample, and would not if it were still delayed.
    @Test func decodedTrackSoundsTheSceneAtItsTimestamps() throws {
        let scene = try AudioTestScenes.repository("tesseract")
        let track = try SceneAudioTrack(scene: scene)
        let decoder = try OpusAudioDecoder()
        let lookahead = try OpusAudioEncoder().lookahead
        var decoded: [Float] = []
        for _ in 0..<25 {
            decoded += try decoder.decode(try track.nextPacket().data)
        }
        let reference = ToneAnalysis.channel(0, of: track.sonifier.render(startSample: 0, count: 24_000))
        let left = ToneAnalysis.channel(0, of: decoded)
        let window = 4_800..<19_200
        func residual(lag: Int) -> Double {
            let difference = window.map { left[$0] - reference[$0 - lag] }
            return ToneAnalysis.rms(difference[...])
        }
        let signal = ToneAnalysis.rms(reference[window])
        let aligned = ToneAnalysis.decibels(signal / residual(lag: 0))
        let delayed = ToneAnalysis.decibels(signal / residual(lag: lookahead))
        #expect(aligned > 15)
        #expect(aligned > delayed + 10)
    }
}
