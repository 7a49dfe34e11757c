internal import CVPX

/// One libvpx codec context, encoder or decoder, destroyed with this object; the single owner of the C handle.
final class VPXContext {
    let handle: UnsafeMutablePointer<vpx_codec_ctx_t>

    /// Opens an encoder for `codec` with `configuration`.
    init(encoder codec: VideoCodec, configuration: vpx_codec_enc_cfg_t) throws(MediaError) {
        handle = .allocate(capacity: 1)
        handle.initialize(to: vpx_codec_ctx_t())
        var configuration = configuration
        let result = hc_vpx_enc_init(handle, codec.encoderInterface, &configuration, 0)
        guard result == VPX_CODEC_OK else {
            let message = Self.describe(result, handle)
            handle.deallocate()
            throw MediaError(.codecFailure, "cannot open the \(codec.rawValue.uppercased()) encoder: \(message)")
        }
    }

    /// Opens a decoder for `codec` that may use `threads` threads.
    init(decoder codec: VideoCodec, threads: Int) throws(MediaError) {
        handle = .allocate(capacity: 1)
        handle.initialize(to: vpx_codec_ctx_t())
        var configuration = vpx_codec_dec_cfg_t(threads: UInt32(threads), w: 0, h: 0)
        let result = hc_vpx_dec_init(handle, codec.decoderInterface, &configuration, 0)
        guard result == VPX_CODEC_OK else {
            let message = Self.describe(result, handle)
            handle.deallocate()
            throw MediaError(.codecFailure, "cannot open the \(codec.rawValue.uppercased()) decoder: \(message)")
        }
    }

    deinit {
        vpx_codec_destroy(handle)
        handle.deallocate()
    }

    /// Sets an integer encoder control.
    func control(_ id: vp8e_enc_control_id, _ value: Int) throws(MediaError) {
        try check(hc_vpx_control_int(handle, Int32(id.rawValue), Int32(value)), "control \(id.rawValue) = \(value)")
    }

    /// Throws `code` with libvpx's own explanation unless `result` is success.
    func check(_ result: vpx_codec_err_t, _ call: String, code: MediaError.Code = .codecFailure) throws(MediaError) {
        guard result == VPX_CODEC_OK else {
            throw MediaError(code, "\(call) failed: \(Self.describe(result, handle))")
        }
    }

    /// libvpx's name for `result` and, when the context has one, its detail message.
    private static func describe(_ result: vpx_codec_err_t, _ handle: UnsafeMutablePointer<vpx_codec_ctx_t>) -> String {
        let summary = String(cString: vpx_codec_err_to_string(result))
        guard let detail = vpx_codec_error_detail(handle) else { return summary }
        return "\(summary) (\(String(cString: detail)))"
    }
}
