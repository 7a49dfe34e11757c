internal import CVPX

extension EncoderSettings {
    /// The 90 kHz RTP video clock that presentation times count in.
    static let clockRate = Int64(MediaClock.videoClockRate)

    /// libvpx's one-pass realtime CBR configuration for these settings (call `validate()` first).
    func vpxConfiguration() throws(MediaError) -> vpx_codec_enc_cfg_t {
        var configuration = vpx_codec_enc_cfg_t()
        let result = vpx_codec_enc_config_default(codec.encoderInterface, &configuration, 0)
        guard result == VPX_CODEC_OK else {
            let reason = String(cString: vpx_codec_err_to_string(result))
            throw MediaError(.codecFailure, "no default \(codec.rawValue.uppercased()) configuration: \(reason)")
        }
        configuration.g_w = UInt32(width)
        configuration.g_h = UInt32(height)
        configuration.g_threads = UInt32(threads)
        configuration.g_timebase = vpx_rational(num: 1, den: Int32(Self.clockRate))
        configuration.g_error_resilient = errorResilient ? vpx_codec_er_flags_t(VPX_ERROR_RESILIENT_DEFAULT) : 0
        configuration.g_pass = VPX_RC_ONE_PASS
        configuration.g_lag_in_frames = 0
        configuration.rc_end_usage = VPX_CBR
        configuration.rc_resize_allowed = 0
        configuration.rc_dropframe_thresh = 0
        configuration.rc_min_quantizer = 2
        configuration.rc_max_quantizer = codec == .vp8 ? 56 : 52
        configuration.rc_undershoot_pct = codec == .vp8 ? 100 : 50
        configuration.rc_overshoot_pct = codec == .vp8 ? 15 : 50
        configuration.rc_buf_initial_sz = 500
        configuration.rc_buf_optimal_sz = 600
        configuration.rc_buf_sz = 1000
        configuration.kf_mode = VPX_KF_DISABLED
        let pattern = TemporalLayerPattern(layers: temporalLayers)
        if pattern.layerCount > 1 {
            configuration.ts_number_layers = UInt32(pattern.layerCount)
            configuration.ts_periodicity = UInt32(pattern.slots.count)
            withUnsafeMutableBytes(of: &configuration.ts_rate_decimator) { decimators in
                for (layer, decimator) in pattern.rateDecimators.enumerated() {
                    decimators.storeBytes(of: UInt32(decimator), toByteOffset: layer * 4, as: UInt32.self)
                }
            }
            withUnsafeMutableBytes(of: &configuration.ts_layer_id) { layerIDs in
                for (index, slot) in pattern.slots.enumerated() {
                    layerIDs.storeBytes(of: UInt32(slot.layer), toByteOffset: index * 4, as: UInt32.self)
                }
            }
        }
        applyBitrate(to: &configuration)
        return configuration
    }

    /// Sets the total and, with temporal layers, the cumulative per-layer targets in kbit/s.
    func applyBitrate(to configuration: inout vpx_codec_enc_cfg_t) {
        let kilobits = max(1, Int((Double(bitrate) / 1000).rounded()))
        configuration.rc_target_bitrate = UInt32(kilobits)
        let pattern = TemporalLayerPattern(layers: temporalLayers)
        guard pattern.layerCount > 1 else { return }
        withUnsafeMutableBytes(of: &configuration.ts_target_bitrate) { targets in
            for (layer, share) in pattern.cumulativeBitrateShares.enumerated() {
                let target = max(layer + 1, Int((Double(kilobits) * share).rounded()))
                targets.storeBytes(of: UInt32(target), toByteOffset: layer * 4, as: UInt32.self)
            }
        }
    }

    /// Ticks of the 90 kHz clock one frame lasts at `framesPerSecond`.
    var frameDuration: Int64 {
        max(1, Int64((Double(Self.clockRate) / framesPerSecond).rounded()))
    }

    /// How large a keyframe may grow relative to an average frame, in percent: half the optimal buffer's worth of
    /// frames (as WebRTC does), at least 300 %.
    public var maximumIntraBitratePercent: Int {
        max(300, Int((600 * 0.5 * framesPerSecond / 10).rounded()))
    }
}
