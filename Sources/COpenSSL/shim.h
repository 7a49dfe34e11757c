#ifndef HYPERCUBE_COPENSSL_SHIM_H
#define HYPERCUBE_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/x509.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* OpenSSL macros that Swift cannot import. Helpers add more static inline wrappers here as needed. */
static inline long hc_dtls_get_timeout(SSL *ssl, struct timeval *tv) { return DTLSv1_get_timeout(ssl, tv); }
static inline long hc_dtls_handle_timeout(SSL *ssl) { return DTLSv1_handle_timeout(ssl); }
static inline long hc_bio_pending(BIO *bio) { return BIO_ctrl_pending(bio); }
static inline long hc_bio_set_mem_eof_return(BIO *bio, int value) { return BIO_set_mem_eof_return(bio, value); }
/* DTLS-SRTP (HyperRTC/DTLS). */
static inline uint64_t hc_ssl_op_no_query_mtu(void) { return SSL_OP_NO_QUERY_MTU; }
static inline uint64_t hc_ssl_op_no_ticket(void) { return SSL_OP_NO_TICKET; }
static inline long hc_ssl_set_mtu(SSL *ssl, long mtu) { return SSL_set_mtu(ssl, mtu); }
static inline long hc_ssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long hc_ssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline void hc_bio_set_retry_read(BIO *bio) { BIO_set_retry_read(bio); }
static inline void hc_bio_clear_retry_flags(BIO *bio) { BIO_clear_retry_flags(bio); }
#endif
