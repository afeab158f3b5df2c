/*
 * The libsrtp 3 API mediasoup's worker uses, over libsrtp2 2.5 (see include/candor_srtp3.h for the
 * scope). All cryptography is libsrtp2's: this file only builds libsrtp2's policy struct from
 * libsrtp 3's setters and adapts the buffer conventions (libsrtp 3 writes into a separate output
 * buffer of a given capacity; libsrtp2 works in place and assumes room for its trailer). Every
 * check that guards memory is here, before libsrtp2 is called.
 */
#include "candor_srtp3.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Longest master key + salt of any libsrtp2 profile (AES-256-GCM: 32 + 12; AES-CM: 16 + 14). */
#define MAX_MASTER_KEY_AND_SALT 64

struct candor_srtp3_policy {
    srtp_policy_t v2; /* libsrtp2's policy; v2.key points at key below once a key is added */
    unsigned char key[MAX_MASTER_KEY_AND_SALT];
    bool has_profile;
    srtp_profile_t profile;
    bool has_key;
};

srtp_err_status_t candor_srtp3_policy_create(candor_srtp3_policy_t *policy)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    *policy = calloc(1, sizeof(**policy));
    return *policy == NULL ? srtp_err_status_alloc_fail : srtp_err_status_ok;
}

void candor_srtp3_policy_destroy(candor_srtp3_policy_t policy)
{
    if (policy == NULL)
        return;
    /* the master key does not outlive the policy in this process's heap */
    memset(policy->key, 0, sizeof(policy->key));
    free(policy);
}

srtp_err_status_t candor_srtp3_policy_set_ssrc(candor_srtp3_policy_t policy, srtp_ssrc_t ssrc)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->v2.ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t candor_srtp3_policy_set_profile(candor_srtp3_policy_t policy, srtp_profile_t profile)
{
    if (policy == NULL || policy->has_key)
        return srtp_err_status_bad_param;
    srtp_err_status_t status = srtp_crypto_policy_set_from_profile_for_rtp(&policy->v2.rtp, profile);
    if (status != srtp_err_status_ok)
        return status;
    status = srtp_crypto_policy_set_from_profile_for_rtcp(&policy->v2.rtcp, profile);
    if (status != srtp_err_status_ok)
        return status;
    policy->profile = profile;
    policy->has_profile = true;
    return srtp_err_status_ok;
}

srtp_err_status_t candor_srtp3_policy_add_key(candor_srtp3_policy_t policy,
                                              const uint8_t *key,
                                              size_t key_len,
                                              const uint8_t *salt,
                                              size_t salt_len,
                                              const uint8_t *mki,
                                              size_t mki_len)
{
    if (policy == NULL || key == NULL || salt == NULL || !policy->has_profile)
        return srtp_err_status_bad_param;
    /* MKI and several keys are libsrtp 3 features the worker does not use; refused, not dropped */
    if (mki != NULL || mki_len != 0)
        return srtp_err_status_bad_mki;
    if (policy->has_key)
        return srtp_err_status_bad_param;
    /* libsrtp2 reads key || salt with the lengths the profile implies, so they must match exactly */
    if (key_len != srtp_profile_get_master_key_length(policy->profile) ||
        salt_len != srtp_profile_get_master_salt_length(policy->profile) ||
        key_len + salt_len > sizeof(policy->key))
        return srtp_err_status_bad_param;
    memcpy(policy->key, key, key_len);
    memcpy(policy->key + key_len, salt, salt_len);
    policy->v2.key = policy->key;
    policy->has_key = true;
    return srtp_err_status_ok;
}

srtp_err_status_t candor_srtp3_policy_set_allow_repeat_tx(candor_srtp3_policy_t policy, bool allow)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->v2.allow_repeat_tx = allow ? 1 : 0;
    return srtp_err_status_ok;
}

srtp_err_status_t candor_srtp3_policy_set_window_size(candor_srtp3_policy_t policy, size_t window_size)
{
    /* libsrtp2 accepts 64 <= size < 0x8000 (0 meaning its default of 128) and checks it again in
     * srtp_create; checked here too so the error comes from the call that set it */
    if (policy == NULL || (window_size != 0 && (window_size < 64 || window_size >= 0x8000)))
        return srtp_err_status_bad_param;
    policy->v2.window_size = (unsigned long)window_size;
    return srtp_err_status_ok;
}

srtp_err_status_t candor_srtp3_create(srtp_t *session, const candor_srtp3_policy_t policy)
{
    if (session == NULL || policy == NULL || !policy->has_profile || !policy->has_key)
        return srtp_err_status_bad_param;
    /* libsrtp2 copies what it needs (it derives the session keys) during srtp_create */
    srtp_policy_t v2 = policy->v2;
    v2.next = NULL;
    return srtp_create(session, &v2);
}

srtp_err_status_t candor_srtp3_stream_remove(srtp_t session, uint32_t ssrc)
{
    if (session == NULL)
        return srtp_err_status_bad_param;
    return srtp_remove_stream(session, ssrc);
}

/* Copies the input into the output buffer (when they differ) after checking that the output can
 * take the input plus the most libsrtp2 may append, then runs libsrtp2's in-place call. */
typedef srtp_err_status_t (*in_place_fn)(srtp_t ctx, void *packet, int *len);

static srtp_err_status_t run_in_place(in_place_fn fn,
                                      srtp_t ctx,
                                      const uint8_t *in,
                                      size_t in_len,
                                      uint8_t *out,
                                      size_t *out_len,
                                      size_t room_needed)
{
    if (ctx == NULL || in == NULL || out == NULL || out_len == NULL)
        return srtp_err_status_bad_param;
    if (in_len > (size_t)INT_MAX - room_needed)
        return srtp_err_status_bad_param;
    if (*out_len < in_len + room_needed)
        return CANDOR_SRTP3_ERR_BUFFER_SMALL;
    if (out != in)
        memmove(out, in, in_len);
    int len = (int)in_len;
    srtp_err_status_t status = fn(ctx, out, &len);
    if (status != srtp_err_status_ok)
        return status;
    if (len < 0 || (size_t)len > *out_len)
        return srtp_err_status_fail; /* cannot happen with the room checked above */
    *out_len = (size_t)len;
    return srtp_err_status_ok;
}

srtp_err_status_t candor_srtp3_protect(srtp_t ctx,
                                       const uint8_t *rtp,
                                       size_t rtp_len,
                                       uint8_t *srtp,
                                       size_t *srtp_len,
                                       size_t mki_index)
{
    if (mki_index != 0)
        return srtp_err_status_bad_mki;
    /* libsrtp2's srtp_protect assumes it may write SRTP_MAX_TRAILER_LEN after the packet */
    return run_in_place(srtp_protect, ctx, rtp, rtp_len, srtp, srtp_len, SRTP_MAX_TRAILER_LEN);
}

srtp_err_status_t candor_srtp3_protect_rtcp(srtp_t ctx,
                                            const uint8_t *rtcp,
                                            size_t rtcp_len,
                                            uint8_t *srtcp,
                                            size_t *srtcp_len,
                                            size_t mki_index)
{
    if (mki_index != 0)
        return srtp_err_status_bad_mki;
    /* libsrtp2's srtp_protect_rtcp assumes SRTP_MAX_TRAILER_LEN + 4 (the SRTCP index) */
    return run_in_place(srtp_protect_rtcp, ctx, rtcp, rtcp_len, srtcp, srtcp_len, SRTP_MAX_TRAILER_LEN + 4);
}

srtp_err_status_t candor_srtp3_unprotect(srtp_t ctx,
                                         const uint8_t *srtp,
                                         size_t srtp_len,
                                         uint8_t *rtp,
                                         size_t *rtp_len)
{
    /* unprotecting only shortens the packet */
    return run_in_place(srtp_unprotect, ctx, srtp, srtp_len, rtp, rtp_len, 0);
}

srtp_err_status_t candor_srtp3_unprotect_rtcp(srtp_t ctx,
                                              const uint8_t *srtcp,
                                              size_t srtcp_len,
                                              uint8_t *rtcp,
                                              size_t *rtcp_len)
{
    return run_in_place(srtp_unprotect_rtcp, ctx, srtcp, srtcp_len, rtcp, rtcp_len, 0);
}
