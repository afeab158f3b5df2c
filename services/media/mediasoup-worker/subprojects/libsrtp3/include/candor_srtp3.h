/*
 * The libsrtp 3 calls mediasoup's worker makes, implemented over libsrtp2 2.5 (Debian's
 * libsrtp2-dev) because no registry serves libsrtp 3. Declared under candor_srtp3_* names so they
 * never collide with libsrtp2's own symbols (several libsrtp 3 functions keep libsrtp2's names with
 * new signatures); include/srtp.h maps the libsrtp 3 names onto these for the worker.
 *
 * Scope, on purpose: one master key per policy, no MKI (mediasoup uses neither), and the
 * profiles libsrtp2 knows (AES-CM-128 with HMAC-SHA1-80/32, AEAD-AES-128/256-GCM, NULL). Anything
 * else is refused with an error, never approximated.
 */
#ifndef CANDOR_SRTP3_H
#define CANDOR_SRTP3_H

#include <srtp2/srtp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libsrtp 3 error codes libsrtp2 does not have (same numbers as libsrtp 3). */
#define CANDOR_SRTP3_ERR_BUFFER_SMALL ((srtp_err_status_t)28)
#define CANDOR_SRTP3_ERR_CRYPTEX ((srtp_err_status_t)29)

/* libsrtp 3's policy is an opaque handle built with setters (libsrtp2's is a public struct). */
typedef struct candor_srtp3_policy *candor_srtp3_policy_t;

srtp_err_status_t candor_srtp3_policy_create(candor_srtp3_policy_t *policy);
void candor_srtp3_policy_destroy(candor_srtp3_policy_t policy);
srtp_err_status_t candor_srtp3_policy_set_ssrc(candor_srtp3_policy_t policy, srtp_ssrc_t ssrc);
srtp_err_status_t candor_srtp3_policy_set_profile(candor_srtp3_policy_t policy, srtp_profile_t profile);
srtp_err_status_t candor_srtp3_policy_add_key(candor_srtp3_policy_t policy,
                                              const uint8_t *key,
                                              size_t key_len,
                                              const uint8_t *salt,
                                              size_t salt_len,
                                              const uint8_t *mki,
                                              size_t mki_len);
srtp_err_status_t candor_srtp3_policy_set_allow_repeat_tx(candor_srtp3_policy_t policy, bool allow);
srtp_err_status_t candor_srtp3_policy_set_window_size(candor_srtp3_policy_t policy, size_t window_size);

srtp_err_status_t candor_srtp3_create(srtp_t *session, const candor_srtp3_policy_t policy);

/* libsrtp 3's name for libsrtp2's srtp_remove_stream (ssrc in network byte order in both). */
srtp_err_status_t candor_srtp3_stream_remove(srtp_t session, uint32_t ssrc);

/* libsrtp 3 protect/unprotect: separate input and output buffers (they may be the same), sizes as
 * size_t, and *out_len is the output buffer's capacity on entry and the result's length on exit. */
srtp_err_status_t candor_srtp3_protect(srtp_t ctx,
                                       const uint8_t *rtp,
                                       size_t rtp_len,
                                       uint8_t *srtp,
                                       size_t *srtp_len,
                                       size_t mki_index);
srtp_err_status_t candor_srtp3_unprotect(srtp_t ctx,
                                         const uint8_t *srtp,
                                         size_t srtp_len,
                                         uint8_t *rtp,
                                         size_t *rtp_len);
srtp_err_status_t candor_srtp3_protect_rtcp(srtp_t ctx,
                                            const uint8_t *rtcp,
                                            size_t rtcp_len,
                                            uint8_t *srtcp,
                                            size_t *srtcp_len,
                                            size_t mki_index);
srtp_err_status_t candor_srtp3_unprotect_rtcp(srtp_t ctx,
                                              const uint8_t *srtcp,
                                              size_t srtcp_len,
                                              uint8_t *rtcp,
                                              size_t *rtcp_len);

#ifdef __cplusplus
}
#endif

#endif
