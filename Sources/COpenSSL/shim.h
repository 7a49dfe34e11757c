#ifndef HYPERCUBE_COPENSSL_SHIM_H
#define HYPERCUBE_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/ec.h>

/* OpenSSL macros that Swift cannot import. Helpers add more static inline wrappers here as needed. */
static inline long hc_dtls_get_timeout(SSL *ssl, struct timeval *tv) { return DTLSv1_get_timeout(ssl, tv); }
static inline long hc_dtls_handle_timeout(SSL *ssl) { return DTLSv1_handle_timeout(ssl); }
static inline long hc_bio_pending(BIO *bio) { return BIO_ctrl_pending(bio); }
static inline long hc_bio_set_mem_eof_return(BIO *bio, int value) { return BIO_set_mem_eof_return(bio, value); }
#endif
