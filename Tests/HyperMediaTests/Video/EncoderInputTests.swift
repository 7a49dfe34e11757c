import HyperImage
import HyperMedia
import Testing

/// Frames that do not fit the encoder are refused before libvpx reads them.
@Suite struct EncoderInputTests {
    @Test func frameOfAnotherSizeIsRefused() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings(width: 320, height: 180))
        let error = #expect(throws: MediaError.self) {
            try encoder.encode(VideoFixtures.sequence360p[0], pts: 0)
        }
        #expect(error?.message == "frame is 640x360 but the encoder is set up for 320x180")
    }

    @Test func shortPlaneBufferIsRefused() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings())
        let layout = I420Layout(width: 640, height: 360)
        let bytes = [UInt8](repeating: 0, count: layout.byteCount - 1)
        let error = #expect(throws: MediaError.self) {
            try bytes.withUnsafeBytes { planes in
                try encoder.encode(planes: planes, layout: layout, pts: 0)
            }
        }
        #expect(
            error?.message == "plane buffer holds \(layout.byteCount - 1) bytes, its layout needs \(layout.byteCount)")
    }

    @Test func presentationTimesMustIncrease() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings())
        _ = try encoder.encode(VideoFixtures.sequence360p[0], pts: 3_000)
        let error = #expect(throws: MediaError.self) {
            try encoder.encode(VideoFixtures.sequence360p[1], pts: 3_000)
        }
        #expect(error?.message == "presentation times must increase: got 3000 after 3000")
    }

    @Test func garbageDoesNotDecode() throws {
        let decoder = try VideoDecoder(codec: .vp8)
        let error = #expect(throws: MediaError.self) { try decoder.decode([0x00, 0x01, 0x02, 0x03, 0x04]) }
        #expect(error?.code == .corruptStream)
        #expect(throws: MediaError.self) { try decoder.decode([]) }
        #expect(throws: MediaError.self) { try VideoDecoder(codec: .vp8, threads: 0) }
    }
}
