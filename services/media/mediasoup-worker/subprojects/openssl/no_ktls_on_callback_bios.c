/*
 * Debian builds OpenSSL with kernel TLS (enable-ktls); mediasoup's pinned OpenSSL 3.0.8 is built
 * without it. With KTLS compiled in, libssl asks the write BIO `BIO_get_ktls_send()` before it
 * allocates its record write buffer, and skips the buffer when the answer is positive. mediasoup
 * puts a callback on its outgoing memory BIO (onSslBioOut in DtlsTransport.cpp) that returns 1 for
 * every operation except a bare BIO_CB_RETURN, so that control query "succeeds" through the
 * callback: libssl then writes the first DTLS record into a NULL buffer and the worker dies with
 * SIGSEGV at the first handshake. The worker is linked with -Wl,--wrap=BIO_ctrl so every BIO_ctrl
 * call (libssl's included, as OpenSSL is linked statically) comes here first: the two KTLS queries
 * answer "no" (true for every BIO mediasoup uses: memory BIOs, and DTLS never runs over kernel
 * TLS), every other control goes to OpenSSL unchanged.
 */
#include <openssl/bio.h>

long __real_BIO_ctrl(BIO *bio, int cmd, long larg, void *parg);

long __wrap_BIO_ctrl(BIO *bio, int cmd, long larg, void *parg)
{
#if defined(BIO_CTRL_GET_KTLS_SEND) && defined(BIO_CTRL_GET_KTLS_RECV)
    if (cmd == BIO_CTRL_GET_KTLS_SEND || cmd == BIO_CTRL_GET_KTLS_RECV)
        return 0;
#endif
    return __real_BIO_ctrl(bio, cmd, larg, parg);
}
