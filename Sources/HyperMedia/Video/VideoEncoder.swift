internal import CVPX
public import HyperImage

/// A realtime constant-bitrate VP8/VP9 encoder over libvpx: one compressed frame out per frame in, keyframes on
/// demand, and bitrate and frame rate that change while it runs.
public final class VideoEncoder {
    /// The settings in force, including changes made by `setBitrate` and `setFrameRate`.
    public private(set) var settings: EncoderSettings
    private let context: VPXContext
    private var configuration: vpx_codec_enc_cfg_t
    private let pattern: TemporalLayerPattern
    private var patternPosition = 0
    /// Frames emitted since the last keyframe, the keyframe included: the next frame's distance from it.
    private var framesSinceKeyframe = 0
    private var keyframeRequested = false
    private var lastPTS: Int64?
    /// Temporal layer of each submitted frame not yet emitted, by presentation time.
    private var pendingLayers: [Int64: Int] = [:]

    /// Validates `settings` and opens the encoder; the first frame is always a keyframe.
    public init(settings: EncoderSettings) throws(MediaError) {
        try settings.validate()
        self.settings = settings
        configuration = try settings.vpxConfiguration()
        context = try VPXContext(encoder: settings.codec, configuration: configuration)
        pattern = TemporalLayerPattern(layers: settings.temporalLayers)
        try configureControls()
    }

    /// Encodes one frame presented at `pts` (90 kHz ticks, increasing); returns what libvpx emitted for it.
    public func encode(_ frame: I420Frame, pts: Int64, forceKeyframe: Bool = false) throws(MediaError)
        -> [EncodedFrame]
    {
        let result = frame.bytes.withUnsafeBytes { planes in
            Result { () throws(MediaError) in
                try encode(planes: planes, layout: frame.layout, pts: pts, forceKeyframe: forceKeyframe)
            }
        }
        return try result.get()
    }

    /// Encodes planes that stay in the caller's memory (a renderer's staging buffer): libvpx reads them in place
    /// through an image descriptor that carries `layout`'s offsets and strides.
    public func encode(
        planes: UnsafeRawBufferPointer,
        layout: I420Layout,
        pts: Int64,
        forceKeyframe: Bool = false
    ) throws(MediaError) -> [EncodedFrame] {
        guard layout.width == settings.width && layout.height == settings.height else {
            throw MediaError(
                .invalidSettings,
                "frame is \(layout.width)x\(layout.height) but the encoder is set up for "
                    + "\(settings.width)x\(settings.height)")
        }
        guard let base = planes.baseAddress, planes.count >= layout.byteCount else {
            throw MediaError(
                .invalidSettings, "plane buffer holds \(planes.count) bytes, its layout needs \(layout.byteCount)")
        }
        if let lastPTS, pts <= lastPTS {
            throw MediaError(.invalidSettings, "presentation times must increase: got \(pts) after \(lastPTS)")
        }
        var image = try Self.wrap(UnsafeMutableRawPointer(mutating: base), layout: layout)

        var flags: vpx_enc_frame_flags_t = 0
        let interval = settings.keyframeInterval ?? Int.max
        if forceKeyframe || keyframeRequested || framesSinceKeyframe >= interval {
            flags |= vpx_enc_frame_flags_t(VPX_EFLAG_FORCE_KF)
            patternPosition = 0
        }
        let slot = pattern.slot(at: patternPosition)
        if pattern.layerCount > 1 {
            flags |= slot.flags
            try context.control(VP8E_SET_TEMPORAL_LAYER_ID, slot.layer)
        }
        let result = vpx_codec_encode(
            context.handle, &image, pts, UInt(settings.frameDuration), flags, UInt(VPX_DL_REALTIME))
        try context.check(result, "vpx_codec_encode of the frame at pts \(pts)")
        pendingLayers[pts] = slot.layer
        lastPTS = pts
        keyframeRequested = false
        patternPosition += 1
        return collectPackets()
    }

    /// Makes the next `encode` call produce a keyframe (after a viewer's PLI or FIR, or for a new viewer).
    public func requestKeyframe() {
        keyframeRequested = true
    }

    /// Retargets the rate control to `bitsPerSecond` from the next frame on, keeping the encoder and its state.
    public func setBitrate(_ bitsPerSecond: Int) throws(MediaError) {
        var changed = settings
        changed.bitrate = bitsPerSecond
        try changed.validate()
        var newConfiguration = configuration
        changed.applyBitrate(to: &newConfiguration)
        try context.check(vpx_codec_enc_config_set(context.handle, &newConfiguration), "vpx_codec_enc_config_set")
        configuration = newConfiguration
        settings = changed
    }

    /// Changes the nominal frame rate: later frames last `90000 / fps` ticks and keyframes may grow accordingly.
    /// libvpx's rate control follows the spacing of the presentation times it is given.
    public func setFrameRate(_ fps: Double) throws(MediaError) {
        var changed = settings
        changed.framesPerSecond = fps
        try changed.validate()
        try context.control(VP8E_SET_MAX_INTRA_BITRATE_PCT, changed.maximumIntraBitratePercent)
        settings = changed
    }

    /// Drains frames libvpx still holds at the end of a stream (none with this encoder's zero-frame lookahead).
    public func flush() throws(MediaError) -> [EncodedFrame] {
        let result = vpx_codec_encode(context.handle, nil, -1, 0, 0, UInt(VPX_DL_REALTIME))
        try context.check(result, "vpx_codec_encode (flush)")
        return collectPackets()
    }

    private func collectPackets() -> [EncodedFrame] {
        var frames: [EncodedFrame] = []
        var iterator: vpx_codec_iter_t?
        while let packet = vpx_codec_get_cx_data(context.handle, &iterator) {
            guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT else { continue }
            let compressed = packet.pointee.data.frame
            let isKeyframe = compressed.flags & vpx_codec_frame_flags_t(VPX_FRAME_IS_KEY) != 0
            let layer = pendingLayers.removeValue(forKey: compressed.pts) ?? 0
            framesSinceKeyframe = isKeyframe ? 1 : framesSinceKeyframe + 1
            frames.append(
                EncodedFrame(
                    data: Array(UnsafeRawBufferPointer(start: compressed.buf, count: compressed.sz)),
                    pts: compressed.pts,
                    duration: Int64(compressed.duration),
                    isKeyframe: isKeyframe,
                    temporalLayer: layer
                ))
        }
        return frames
    }

    private func configureControls() throws(MediaError) {
        try context.control(VP8E_SET_CPUUSED, settings.cpuUsed)
        try context.control(VP8E_SET_STATIC_THRESHOLD, 1)
        try context.control(VP8E_SET_MAX_INTRA_BITRATE_PCT, settings.maximumIntraBitratePercent)
        switch settings.codec {
        case .vp8:
            try context.control(VP8E_SET_NOISE_SENSITIVITY, 0)
            try context.control(VP8E_SET_TOKEN_PARTITIONS, settings.tokenPartitions)
        case .vp9:
            try context.control(VP9E_SET_NOISE_SENSITIVITY, 0)
            try context.control(VP9E_SET_AQ_MODE, 3)
            try context.control(VP9E_SET_FRAME_PERIODIC_BOOST, 0)
            try context.control(VP9E_SET_TILE_COLUMNS, settings.tileColumns)
            try context.control(VP9E_SET_ROW_MT, settings.rowMultithreading ? 1 : 0)
        }
    }

    /// An image descriptor over caller-owned planes; `vpx_img_wrap` assumes packed planes, so the plane pointers
    /// and strides are then set from `layout`, whose chroma stride need not be half the luma stride.
    private static func wrap(_ base: UnsafeMutableRawPointer, layout: I420Layout) throws(MediaError) -> vpx_image_t {
        var image = vpx_image_t()
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        guard vpx_img_wrap(&image, VPX_IMG_FMT_I420, UInt32(layout.width), UInt32(layout.height), 1, bytes) != nil
        else {
            throw MediaError(.codecFailure, "vpx_img_wrap refused a \(layout.width)x\(layout.height) I420 frame")
        }
        image.planes = (bytes + layout.yOffset, bytes + layout.uOffset, bytes + layout.vOffset, nil)
        image.stride = (Int32(layout.yStride), Int32(layout.uvStride), Int32(layout.uvStride), 0)
        return image
    }
}
