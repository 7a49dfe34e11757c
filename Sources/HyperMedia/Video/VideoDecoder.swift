internal import CVPX
public import HyperImage

/// A VP8/VP9 decoder over libvpx that hands back frames in the project's own `I420Layout`, for tests, previews
/// and quality checks of what viewers will see.
public final class VideoDecoder {
    public let codec: VideoCodec
    private let context: VPXContext

    /// Opens a decoder for `codec` that may use 1...64 `threads`.
    public init(codec: VideoCodec, threads: Int = 1) throws(MediaError) {
        guard (1...64).contains(threads) else {
            throw MediaError(.invalidSettings, "decoder threads must be in 1...64, got \(threads)")
        }
        self.codec = codec
        context = try VPXContext(decoder: codec, threads: threads)
    }

    /// Decodes one compressed frame (a VP9 superframe counts as one) and returns the pictures it shows, each
    /// copied into an `I420Layout` with 16-byte stride alignment.
    public func decode(_ data: [UInt8]) throws(MediaError) -> [I420Frame] {
        let name = codec.rawValue.uppercased()
        guard !data.isEmpty else {
            throw MediaError(.corruptStream, "cannot decode an empty \(name) frame")
        }
        let result = data.withUnsafeBufferPointer { bytes in
            vpx_codec_decode(context.handle, bytes.baseAddress, UInt32(bytes.count), nil, 0)
        }
        try context.check(result, "decoding a \(data.count)-byte \(name) frame", code: .corruptStream)
        var frames: [I420Frame] = []
        var iterator: vpx_codec_iter_t?
        while let image = vpx_codec_get_frame(context.handle, &iterator) {
            frames.append(try Self.copy(image.pointee, codec: name))
        }
        return frames
    }

    private static func copy(_ image: vpx_image_t, codec: String) throws(MediaError) -> I420Frame {
        guard image.fmt == VPX_IMG_FMT_I420 else {
            throw MediaError(
                .corruptStream, "\(codec) stream holds image format \(image.fmt.rawValue), not 8-bit 4:2:0 (I420)")
        }
        let width = Int(image.d_w)
        let height = Int(image.d_h)
        guard width >= 2 && height >= 2 && width.isMultiple(of: 2) && height.isMultiple(of: 2) else {
            throw MediaError(.corruptStream, "\(codec) stream has a \(width)x\(height) frame; I420 needs even sizes")
        }
        let layout = I420Layout(width: width, height: height)
        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        guard let y = image.planes.0, let u = image.planes.1, let v = image.planes.2 else {
            throw MediaError(.corruptStream, "\(codec) decoder returned an image without all three planes")
        }
        let sources = [y, u, v]
        let strides = [Int(image.stride.0), Int(image.stride.1), Int(image.stride.2)]
        let targets = [
            (layout.yOffset, layout.yStride, width, height),
            (layout.uOffset, layout.uvStride, layout.chromaWidth, layout.chromaHeight),
            (layout.vOffset, layout.uvStride, layout.chromaWidth, layout.chromaHeight),
        ]
        bytes.withUnsafeMutableBytes { target in
            for (plane, (offset, stride, rowBytes, rows)) in targets.enumerated() {
                for row in 0..<rows {
                    let from = UnsafeRawPointer(sources[plane] + row * strides[plane])
                    (target.baseAddress! + offset + row * stride).copyMemory(from: from, byteCount: rowBytes)
                }
            }
        }
        return I420Frame(layout: layout, bytes: bytes)
    }
}
