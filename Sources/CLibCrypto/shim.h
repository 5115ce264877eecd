#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/err.h>

/// EVP_PKEY_KEYPAIR is a macro of macros, which Swift does not import.
static const int SWANSIBLE_EVP_PKEY_KEYPAIR = EVP_PKEY_KEYPAIR;

/// Pushes an RSA key's n, e and d. The builder keeps the parameter names' pointers, so they must
/// be C's static strings (a string Swift bridges lives only for the call).
static inline int swansible_push_rsa_numbers(OSSL_PARAM_BLD *builder, const BIGNUM *n, const BIGNUM *e, const BIGNUM *d) {
    return OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, n)
        && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, e)
        && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_D, d);
}
