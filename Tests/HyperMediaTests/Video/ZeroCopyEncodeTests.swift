import HyperImage
import HyperMedia
import HyperRender
import Testing

/// The renderer-to-encoder path without copies: libvpx reads the planes straight out of the GPU staging buffer.
@Suite struct ZeroCopyEncodeTests {
    @Test func stagingBufferEncodeMatchesEncodingACopiedFrame() throws {
        let renderer = try VideoFixtures.renderer(width: 640, height: 360)
        let inPlace = try VideoEncoder(settings: VideoFixtures.settings())
        let copied = try VideoEncoder(settings: VideoFixtures.settings())
        let decoder = try VideoDecoder(codec: .vp8)
        for index in 0..<12 {
            let pts = Int64(index) * VideoFixtures.frameTicks
            let ticket = try renderer.submit(time: Double(index) / VideoFixtures.framesPerSecond)
            let (encoded, source) = try renderer.withCompletedFrame(ticket) { frame in
                let packets = Result { () throws(MediaError) in
                    try inPlace.encode(planes: frame.i420Bytes, layout: frame.layout, pts: pts)
                }
                return (packets, I420Frame(layout: frame.layout, bytes: Array(frame.i420Bytes)))
            }
            let direct = try encoded.get()
            let identical = try direct == copied.encode(source, pts: pts)
            #expect(identical, "frame \(index): the staging-buffer encode differs from the copied frame's")
            let decoded = try decoder.decode(try #require(direct.first).data)
            #expect(decoded.count == 1)
            #expect(ImageComparison.psnr(luma: source, decoded[0]) >= 35)
        }
    }

    /// Width 322 pads luma rows to 336 bytes and chroma rows to 176, not 168: the encoder must take the strides
    /// from the layout, so the padded frame encodes exactly like the same picture packed without padding.
    @Test func chromaStrideComesFromTheLayout() throws {
        let renderer = try VideoFixtures.renderer(width: 322, height: 182)
        let image = try #require(try renderer.render(time: 2, readRGBA: true).rgba)
        let padded = I420Frame(converting: image, strideAlignment: 16)
        let packed = I420Frame(converting: image, strideAlignment: 1)
        #expect(padded.layout.uvStride == 176 && padded.layout.uvStride != padded.layout.yStride / 2)
        var settings = VideoFixtures.settings(width: 322, height: 182)
        settings.bitrate = 300_000
        let fromPadded = try VideoEncoder(settings: settings).encode(padded, pts: 0)
        let fromPacked = try VideoEncoder(settings: settings).encode(packed, pts: 0)
        let identical = fromPadded == fromPacked
        #expect(identical, "padded and packed planes of one picture encode differently")
        let decoded = try VideoDecoder(codec: .vp8).decode(fromPadded[0].data)
        #expect(ImageComparison.psnr(planesOf: padded, decoded[0]).u >= 35)
    }
}
