import HyperImage
import HyperMedia
import Testing

/// Several encoder threads (VP8 with token partitions) give a stream the decoder, also threaded, reads back.
@Test func vp8WithThreadsAndTokenPartitionsRoundTrips() throws {
    var settings = VideoFixtures.settings()
    settings.threads = 2
    settings.tokenPartitions = 1
    let frames = Array(VideoFixtures.sequence360p[0..<20])
    let packets = try VideoFixtures.encode(frames, with: VideoEncoder(settings: settings))
    let decoder = try VideoDecoder(codec: .vp8, threads: 2)
    for (packet, source) in zip(packets, frames) {
        let pictures = try decoder.decode(packet.data)
        try #require(pictures.count == 1)
        #expect(ImageComparison.psnr(luma: source, pictures[0]) >= 35)
    }
}
