import HyperMedia
import Testing

struct MediaClockTests {
    @Test func videoFramesAt60fpsLandOnWholeTicks() {
        for frame in 0..<600 {
            #expect(MediaClock.videoTimestamp(seconds: Double(frame) / 60) == Int64(frame * 1_500))
        }
    }

    @Test func audioPacketsOf20msLandOnWholeTicks() {
        for packet in 0..<500 {
            #expect(MediaClock.audioTimestamp(seconds: Double(packet) * 0.02) == Int64(packet * 960))
        }
    }

    @Test func secondsAndTimestampsRoundTrip() {
        for seconds in [0, 0.02, 1.0 / 60, 1, 9.98, 3_600.5] {
            let video = MediaClock.videoTimestamp(seconds: seconds)
            let audio = MediaClock.audioTimestamp(seconds: seconds)
            #expect(abs(MediaClock.seconds(videoTimestamp: video) - seconds) < 1e-9)
            #expect(abs(MediaClock.seconds(audioTimestamp: audio) - seconds) < 1e-9)
        }
        #expect(MediaClock.seconds(videoTimestamp: 90_000) == 1)
        #expect(MediaClock.seconds(audioTimestamp: 48_000) == 1)
    }
}
