// Thin C wrappers for the parts of OpenSSL (3.x) that Swift cannot call directly: function-like
// macros (SSL_CTX_set_mode, BIO_get_mem_data, EVP_EC_gen, ...) and option constants built
// from casts. Each wrapper does nothing but forward.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static inline int copenssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int copenssl_ctx_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline int copenssl_ctx_add1_chain_cert(SSL_CTX *ctx, X509 *certificate) {
    return (int)SSL_CTX_add1_chain_cert(ctx, certificate);
}

static inline int copenssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// The options every server context gets: no renegotiation at all, no
/// compression, and a peer that closes without close_notify reads as a plain end of stream
/// (HTTP framing, not the TLS layer, decides whether a message was truncated).
static inline uint64_t copenssl_server_options(void) {
    return SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF
        | SSL_OP_CIPHER_SERVER_PREFERENCE;
}

static inline long copenssl_bio_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// A fresh EC key on the NIST P-256 curve (EVP_EC_gen is a macro over a variadic function).
static inline EVP_PKEY *copenssl_generate_p256_key(void) {
    return EVP_EC_gen("P-256");
}

static inline int copenssl_err_get_lib(unsigned long code) {
    return ERR_GET_LIB(code);
}

static inline int copenssl_err_get_reason(unsigned long code) {
    return ERR_GET_REASON(code);
}

#endif
