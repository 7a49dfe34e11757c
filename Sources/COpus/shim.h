#ifndef HYPERCUBE_COPUS_SHIM_H
#define HYPERCUBE_COPUS_SHIM_H
#include <opus.h>

/* opus_*_ctl are variadic and their requests are macros; these wrap the ones Hypercube uses. */
static inline int hc_opus_set_bitrate(OpusEncoder *encoder, opus_int32 bitrate) {
    return opus_encoder_ctl(encoder, OPUS_SET_BITRATE(bitrate));
}
static inline int hc_opus_set_complexity(OpusEncoder *encoder, opus_int32 complexity) {
    return opus_encoder_ctl(encoder, OPUS_SET_COMPLEXITY(complexity));
}
static inline int hc_opus_set_signal_music(OpusEncoder *encoder) {
    return opus_encoder_ctl(encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_MUSIC));
}
static inline int hc_opus_set_inband_fec(OpusEncoder *encoder, opus_int32 enabled) {
    return opus_encoder_ctl(encoder, OPUS_SET_INBAND_FEC(enabled));
}
static inline int hc_opus_get_lookahead(OpusEncoder *encoder, opus_int32 *samples) {
    return opus_encoder_ctl(encoder, OPUS_GET_LOOKAHEAD(samples));
}
static inline int hc_opus_get_final_range(OpusEncoder *encoder, opus_uint32 *range) {
    return opus_encoder_ctl(encoder, OPUS_GET_FINAL_RANGE(range));
}
#endif
