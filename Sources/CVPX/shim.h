#ifndef HYPERCUBE_CVPX_SHIM_H
#define HYPERCUBE_CVPX_SHIM_H
#include <vpx/vpx_encoder.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vp8cx.h>
#include <vpx/vp8dx.h>

/* libvpx entry points that are macros (ABI version) or variadic (controls), which Swift cannot call. */
static inline vpx_codec_err_t hc_vpx_enc_init(vpx_codec_ctx_t *ctx, vpx_codec_iface_t *iface,
                                              const vpx_codec_enc_cfg_t *cfg, vpx_codec_flags_t flags) {
    return vpx_codec_enc_init(ctx, iface, cfg, flags);
}
static inline vpx_codec_err_t hc_vpx_dec_init(vpx_codec_ctx_t *ctx, vpx_codec_iface_t *iface,
                                              const vpx_codec_dec_cfg_t *cfg, vpx_codec_flags_t flags) {
    return vpx_codec_dec_init(ctx, iface, cfg, flags);
}
static inline vpx_codec_err_t hc_vpx_control_int(vpx_codec_ctx_t *ctx, int id, int value) {
    return vpx_codec_control_(ctx, id, value);
}
static inline vpx_codec_err_t hc_vpx_control_ptr(vpx_codec_ctx_t *ctx, int id, void *value) {
    return vpx_codec_control_(ctx, id, value);
}
#endif
