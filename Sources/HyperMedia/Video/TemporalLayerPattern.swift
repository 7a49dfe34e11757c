internal import CVPX

/// The repeating VP8 temporal-layer structure: which layer each frame of the period belongs to, which reference
/// buffers it may read and update, and how the bitrate splits, so that dropping the upper layers leaves a
/// decodable stream at a half or a quarter of the frame rate.
struct TemporalLayerPattern {
    /// One frame of the period.
    struct Slot {
        var layer: Int
        var flags: vpx_enc_frame_flags_t
    }

    let slots: [Slot]
    /// Cumulative share of the total bitrate up to and including each layer.
    let cumulativeBitrateShares: [Double]

    /// The pattern for `layers` (1...3) temporal layers.
    init(layers: Int) {
        let noGoldenOrAltRef = Self.flags(VP8_EFLAG_NO_REF_GF, VP8_EFLAG_NO_REF_ARF)
        let updatesNothing = Self.flags(
            VP8_EFLAG_NO_UPD_LAST, VP8_EFLAG_NO_UPD_GF, VP8_EFLAG_NO_UPD_ARF, VP8_EFLAG_NO_UPD_ENTROPY)
        // Layer 0 reads and refreshes only LAST, so it never depends on an upper-layer frame.
        let base = Slot(layer: 0, flags: noGoldenOrAltRef | Self.flags(VP8_EFLAG_NO_UPD_GF, VP8_EFLAG_NO_UPD_ARF))
        switch layers {
        case 2:
            slots = [base, Slot(layer: 1, flags: noGoldenOrAltRef | updatesNothing)]
            cumulativeBitrateShares = [0.6, 1]
        case 3:
            // Layer 1 reads LAST (layer 0) and keeps itself in GOLDEN for the layer-2 frame after it.
            let middle = Slot(
                layer: 1,
                flags: noGoldenOrAltRef
                    | Self.flags(VP8_EFLAG_NO_UPD_LAST, VP8_EFLAG_NO_UPD_ARF, VP8_EFLAG_NO_UPD_ENTROPY))
            let firstTop = Slot(layer: 2, flags: noGoldenOrAltRef | updatesNothing)
            let secondTop = Slot(layer: 2, flags: Self.flags(VP8_EFLAG_NO_REF_ARF) | updatesNothing)
            slots = [base, firstTop, middle, secondTop]
            cumulativeBitrateShares = [0.4, 0.6, 1]
        default:
            slots = [Slot(layer: 0, flags: 0)]
            cumulativeBitrateShares = [1]
        }
    }

    var layerCount: Int { cumulativeBitrateShares.count }

    /// How many frames of the full rate one frame of each layer stands for (4, 2, 1 for three layers).
    var rateDecimators: [Int] {
        (0..<layerCount).map { 1 << (layerCount - 1 - $0) }
    }

    func slot(at frameIndex: Int) -> Slot {
        slots[frameIndex % slots.count]
    }

    private static func flags(_ values: Int32...) -> vpx_enc_frame_flags_t {
        values.reduce(0) { $0 | vpx_enc_frame_flags_t($1) }
    }
}
