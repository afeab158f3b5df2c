/*
 * Tests the libsrtp 3 compatibility layer (subprojects/libsrtp3) the way mediasoup's worker uses
 * it (any-SSRC sessions, key and salt added separately, separate output buffer, replay window
 * 1024, retransmission allowed), against known answers and against libsrtp2 called directly:
 *   - known-answer vectors: libsrtp's own srtp_validate() / srtp_validate_gcm() packets
 *     (AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM, RTP and RTCP), protect and unprotect;
 *   - interop both ways with a libsrtp2 session built from libsrtp2's own policy struct, for every
 *     profile mediasoup offers (also AES_CM_128_HMAC_SHA1_32 and AEAD_AES_256_GCM);
 *   - tampering (header, payload, tag) is refused with an authentication failure;
 *   - replays and packets older than the window are refused;
 *   - removing a stream (by SSRC in network byte order, as libsrtp 3 and 2 both take it);
 *   - the guards of the layer itself: short output buffers, MKI, wrong key lengths, a policy
 *     without a key, an invalid window size.
 * Prints one line per check and exits non-zero if any failed.
 */
#include "candor_srtp3.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        checks++;                                                                                  \
        if (cond) {                                                                                \
            printf("ok   ");                                                                       \
        } else {                                                                                   \
            failures++;                                                                            \
            printf("FAIL ");                                                                       \
        }                                                                                          \
        printf(__VA_ARGS__);                                                                       \
        printf("\n");                                                                              \
    } while (0)

/* ---- known-answer vectors (libsrtp test/srtp_driver.c: srtp_validate, srtp_validate_gcm) ---- */

static const uint8_t cm_key[16] = { 0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0,
                                    0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39 };
static const uint8_t cm_salt[14] = { 0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe,
                                     0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6 };
static const uint8_t gcm_key[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                     0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t gcm_salt[12] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                                      0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab };

static const uint8_t rtp_plain[28] = { 0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe,
                                       0xba, 0xbe, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
                                       0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab };
static const uint8_t rtcp_plain[24] = { 0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe,
                                        0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
                                        0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab };

static const uint8_t cm_srtp[38] = { 0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe,
                                     0xba, 0xbe, 0x4e, 0x55, 0xdc, 0x4c, 0xe7, 0x99, 0x78, 0xd8,
                                     0x8c, 0xa4, 0xd2, 0x15, 0x94, 0x9d, 0x24, 0x02, 0xb7, 0x8d,
                                     0x6a, 0xcc, 0x99, 0xea, 0x17, 0x9b, 0x8d, 0xbb };
static const uint8_t cm_srtcp[38] = { 0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe, 0x71, 0x28,
                                      0x03, 0x5b, 0xe4, 0x87, 0xb9, 0xbd, 0xbe, 0xf8, 0x90, 0x41,
                                      0xf9, 0x77, 0xa5, 0xa8, 0x80, 0x00, 0x00, 0x01, 0x99, 0x3e,
                                      0x08, 0xcd, 0x54, 0xd6, 0xc1, 0x23, 0x07, 0x98 };
static const uint8_t gcm_srtp[44] = { 0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca,
                                      0xfe, 0xba, 0xbe, 0xc5, 0x00, 0x2e, 0xde, 0x04, 0xcf,
                                      0xdd, 0x2e, 0xb9, 0x11, 0x59, 0xe0, 0x88, 0x0a, 0xa0,
                                      0x6e, 0xd2, 0x97, 0x68, 0x26, 0xf7, 0x96, 0xb2, 0x01,
                                      0xdf, 0x31, 0x31, 0xa1, 0x27, 0xe8, 0xa3, 0x92 };
static const uint8_t gcm_srtcp[44] = { 0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe, 0xc9,
                                       0x8b, 0x8b, 0x5d, 0xf0, 0x39, 0x2a, 0x55, 0x85, 0x2b,
                                       0x6c, 0x21, 0xac, 0x8e, 0x70, 0x25, 0xc5, 0x2c, 0x6f,
                                       0xbe, 0xa2, 0xb3, 0xb4, 0x46, 0xea, 0x31, 0x12, 0x3b,
                                       0xa8, 0x8c, 0xe6, 0x1e, 0x80, 0x00, 0x00, 0x01 };

/* ---- sessions ---- */

/* A session through the compatibility layer, set up exactly as mediasoup's SrtpSession does. */
static srtp_err_status_t compat_session(srtp_t *session,
                                        srtp_ssrc_type_t direction,
                                        srtp_profile_t profile,
                                        const uint8_t *key,
                                        const uint8_t *salt)
{
    candor_srtp3_policy_t policy = NULL;
    srtp_err_status_t status = candor_srtp3_policy_create(&policy);
    if (status != srtp_err_status_ok)
        return status;
    srtp_ssrc_t ssrc = { direction, 0 };
    if ((status = candor_srtp3_policy_set_ssrc(policy, ssrc)) == srtp_err_status_ok &&
        (status = candor_srtp3_policy_set_profile(policy, profile)) == srtp_err_status_ok &&
        (status = candor_srtp3_policy_add_key(policy, key, srtp_profile_get_master_key_length(profile),
                                              salt, srtp_profile_get_master_salt_length(profile), NULL,
                                              0)) == srtp_err_status_ok &&
        (status = candor_srtp3_policy_set_allow_repeat_tx(policy, true)) == srtp_err_status_ok &&
        (status = candor_srtp3_policy_set_window_size(policy, 1024)) == srtp_err_status_ok)
        status = candor_srtp3_create(session, policy);
    candor_srtp3_policy_destroy(policy);
    return status;
}

/* A session built with libsrtp2's own API, without the layer. */
static srtp_err_status_t v2_session(srtp_t *session,
                                    srtp_ssrc_type_t direction,
                                    srtp_profile_t profile,
                                    const uint8_t *key,
                                    const uint8_t *salt)
{
    uint8_t master[64];
    size_t key_len = srtp_profile_get_master_key_length(profile);
    size_t salt_len = srtp_profile_get_master_salt_length(profile);
    memcpy(master, key, key_len);
    memcpy(master + key_len, salt, salt_len);
    srtp_policy_t policy;
    memset(&policy, 0, sizeof(policy));
    srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, profile);
    srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, profile);
    policy.ssrc.type = direction;
    policy.key = master;
    policy.window_size = 1024;
    return srtp_create(session, &policy);
}

/* RTP packet with the given sequence number: the KAT header with a 160-byte payload. */
static size_t make_rtp(uint8_t *buf, uint16_t seq)
{
    memcpy(buf, rtp_plain, 12);
    buf[2] = (uint8_t)(seq >> 8);
    buf[3] = (uint8_t)seq;
    for (int i = 0; i < 160; i++)
        buf[12 + i] = (uint8_t)(i * 7 + seq);
    return 12 + 160;
}

/* ---- checks ---- */

static void known_answers(const char *name,
                          srtp_profile_t profile,
                          const uint8_t *key,
                          const uint8_t *salt,
                          const uint8_t *srtp_ref,
                          size_t srtp_len_ref,
                          const uint8_t *srtcp_ref,
                          size_t srtcp_len_ref)
{
    srtp_t tx = NULL, rx = NULL;
    CHECK(compat_session(&tx, ssrc_any_outbound, profile, key, salt) == srtp_err_status_ok,
          "%s: outbound session", name);
    CHECK(compat_session(&rx, ssrc_any_inbound, profile, key, salt) == srtp_err_status_ok,
          "%s: inbound session", name);

    uint8_t out[512];
    size_t out_len = sizeof(out);
    srtp_err_status_t status = candor_srtp3_protect(tx, rtp_plain, sizeof(rtp_plain), out, &out_len, 0);
    CHECK(status == srtp_err_status_ok && out_len == srtp_len_ref && memcmp(out, srtp_ref, out_len) == 0,
          "%s: protect RTP gives the known ciphertext (status %d, %zu bytes)", name, status, out_len);

    out_len = sizeof(out);
    status = candor_srtp3_protect_rtcp(tx, rtcp_plain, sizeof(rtcp_plain), out, &out_len, 0);
    CHECK(status == srtp_err_status_ok && out_len == srtcp_len_ref && memcmp(out, srtcp_ref, out_len) == 0,
          "%s: protect RTCP gives the known ciphertext (status %d, %zu bytes)", name, status, out_len);

    /* unprotect into a separate buffer */
    out_len = sizeof(out);
    status = candor_srtp3_unprotect(rx, srtp_ref, srtp_len_ref, out, &out_len);
    CHECK(status == srtp_err_status_ok && out_len == sizeof(rtp_plain) && memcmp(out, rtp_plain, out_len) == 0,
          "%s: unprotect the known SRTP gives the plaintext (status %d)", name, status);

    /* and in place, as the worker does */
    uint8_t in_place[64];
    memcpy(in_place, srtcp_ref, srtcp_len_ref);
    size_t len = srtcp_len_ref;
    status = candor_srtp3_unprotect_rtcp(rx, in_place, len, in_place, &len);
    CHECK(status == srtp_err_status_ok && len == sizeof(rtcp_plain) && memcmp(in_place, rtcp_plain, len) == 0,
          "%s: unprotect the known SRTCP in place gives the plaintext (status %d)", name, status);

    srtp_dealloc(tx);
    srtp_dealloc(rx);
}

static void interop(const char *name, srtp_profile_t profile, const uint8_t *key, const uint8_t *salt)
{
    srtp_t compat_tx = NULL, compat_rx = NULL, v2_tx = NULL, v2_rx = NULL;
    CHECK(compat_session(&compat_tx, ssrc_any_outbound, profile, key, salt) == srtp_err_status_ok &&
              compat_session(&compat_rx, ssrc_any_inbound, profile, key, salt) == srtp_err_status_ok &&
              v2_session(&v2_tx, ssrc_any_outbound, profile, key, salt) == srtp_err_status_ok &&
              v2_session(&v2_rx, ssrc_any_inbound, profile, key, salt) == srtp_err_status_ok,
          "%s: sessions through the layer and through libsrtp2", name);

    int ok_layer_to_v2 = 1, ok_v2_to_layer = 1;
    for (uint16_t seq = 100; seq < 150; seq++) {
        uint8_t plain[256], wire[512];
        size_t plain_len = make_rtp(plain, seq);

        /* layer protects, libsrtp2 unprotects */
        size_t wire_len = sizeof(wire);
        if (candor_srtp3_protect(compat_tx, plain, plain_len, wire, &wire_len, 0) != srtp_err_status_ok ||
            memcmp(wire, plain, 12) != 0 || memcmp(wire + 12, plain + 12, plain_len - 12) == 0) {
            ok_layer_to_v2 = 0;
        } else {
            int len = (int)wire_len;
            if (srtp_unprotect(v2_rx, wire, &len) != srtp_err_status_ok || (size_t)len != plain_len ||
                memcmp(wire, plain, plain_len) != 0)
                ok_layer_to_v2 = 0;
        }

        /* libsrtp2 protects, layer unprotects */
        memcpy(wire, plain, plain_len);
        int len = (int)plain_len;
        if (srtp_protect(v2_tx, wire, &len) != srtp_err_status_ok) {
            ok_v2_to_layer = 0;
        } else {
            uint8_t back[512];
            size_t back_len = sizeof(back);
            if (candor_srtp3_unprotect(compat_rx, wire, (size_t)len, back, &back_len) != srtp_err_status_ok ||
                back_len != plain_len || memcmp(back, plain, plain_len) != 0)
                ok_v2_to_layer = 0;
        }
    }
    CHECK(ok_layer_to_v2, "%s: 50 RTP packets protected by the layer, unprotected by libsrtp2", name);
    CHECK(ok_v2_to_layer, "%s: 50 RTP packets protected by libsrtp2, unprotected by the layer", name);

    /* RTCP both ways */
    uint8_t wire[512];
    size_t wire_len = sizeof(wire);
    int rtcp_ok = candor_srtp3_protect_rtcp(compat_tx, rtcp_plain, sizeof(rtcp_plain), wire, &wire_len, 0) ==
                  srtp_err_status_ok;
    int len = (int)wire_len;
    rtcp_ok = rtcp_ok && srtp_unprotect_rtcp(v2_rx, wire, &len) == srtp_err_status_ok &&
              (size_t)len == sizeof(rtcp_plain) && memcmp(wire, rtcp_plain, sizeof(rtcp_plain)) == 0;
    memcpy(wire, rtcp_plain, sizeof(rtcp_plain));
    len = sizeof(rtcp_plain);
    rtcp_ok = rtcp_ok && srtp_protect_rtcp(v2_tx, wire, &len) == srtp_err_status_ok;
    size_t back_len = (size_t)len;
    rtcp_ok = rtcp_ok && candor_srtp3_unprotect_rtcp(compat_rx, wire, (size_t)len, wire, &back_len) ==
                             srtp_err_status_ok &&
              back_len == sizeof(rtcp_plain) && memcmp(wire, rtcp_plain, back_len) == 0;
    CHECK(rtcp_ok, "%s: RTCP both ways between the layer and libsrtp2", name);

    srtp_dealloc(compat_tx);
    srtp_dealloc(compat_rx);
    srtp_dealloc(v2_tx);
    srtp_dealloc(v2_rx);
}

static void tampering_and_replay(const char *name, srtp_profile_t profile, const uint8_t *key, const uint8_t *salt)
{
    srtp_t tx = NULL, rx = NULL;
    compat_session(&tx, ssrc_any_outbound, profile, key, salt);
    compat_session(&rx, ssrc_any_inbound, profile, key, salt);

    uint8_t plain[256], wire[512], copy[512];
    size_t plain_len = make_rtp(plain, 5000);
    size_t wire_len = sizeof(wire);
    candor_srtp3_protect(tx, plain, plain_len, wire, &wire_len, 0);

    /* one flipped bit anywhere: in the header (sequence number), the payload, the tag */
    const size_t positions[3] = { 3, 40, wire_len - 1 };
    const char *where[3] = { "header", "payload", "tag" };
    for (int i = 0; i < 3; i++) {
        memcpy(copy, wire, wire_len);
        copy[positions[i]] ^= 0x01;
        size_t len = wire_len;
        srtp_err_status_t status = candor_srtp3_unprotect(rx, copy, wire_len, copy, &len);
        CHECK(status == srtp_err_status_auth_fail, "%s: a flipped bit in the %s is refused (status %d)", name,
              where[i], status);
    }
    /* a truncated packet (tag cut short) is refused too */
    memcpy(copy, wire, wire_len);
    size_t len = wire_len - 4;
    srtp_err_status_t status = candor_srtp3_unprotect(rx, copy, wire_len - 4, copy, &len);
    CHECK(status != srtp_err_status_ok, "%s: a truncated packet is refused (status %d)", name, status);

    /* the untouched packet still goes through after the refused copies... */
    memcpy(copy, wire, wire_len);
    len = wire_len;
    status = candor_srtp3_unprotect(rx, copy, wire_len, copy, &len);
    CHECK(status == srtp_err_status_ok && len == plain_len && memcmp(copy, plain, len) == 0,
          "%s: the genuine packet is accepted (status %d)", name, status);
    /* ...once: the same packet again is a replay */
    memcpy(copy, wire, wire_len);
    len = wire_len;
    status = candor_srtp3_unprotect(rx, copy, wire_len, copy, &len);
    CHECK(status == srtp_err_status_replay_fail, "%s: the same packet again is refused as a replay (status %d)",
          name, status);

    /* a packet older than the 1024-packet window is refused */
    uint8_t old_wire[512], new_wire[512];
    size_t old_len = sizeof(old_wire), new_len = sizeof(new_wire);
    plain_len = make_rtp(plain, 5001);
    candor_srtp3_protect(tx, plain, plain_len, old_wire, &old_len, 0);
    plain_len = make_rtp(plain, 5001 + 2000);
    candor_srtp3_protect(tx, plain, plain_len, new_wire, &new_len, 0);
    len = new_len;
    status = candor_srtp3_unprotect(rx, new_wire, new_len, new_wire, &len);
    CHECK(status == srtp_err_status_ok, "%s: a packet 2000 ahead is accepted (status %d)", name, status);
    len = old_len;
    status = candor_srtp3_unprotect(rx, old_wire, old_len, old_wire, &len);
    CHECK(status == srtp_err_status_replay_old, "%s: a packet behind the window is refused (status %d)", name,
          status);

    /* RTCP replay */
    uint8_t rtcp_wire[512];
    size_t rtcp_len = sizeof(rtcp_wire);
    candor_srtp3_protect_rtcp(tx, rtcp_plain, sizeof(rtcp_plain), rtcp_wire, &rtcp_len, 0);
    memcpy(copy, rtcp_wire, rtcp_len);
    copy[10] ^= 0x80;
    len = rtcp_len;
    status = candor_srtp3_unprotect_rtcp(rx, copy, rtcp_len, copy, &len);
    CHECK(status == srtp_err_status_auth_fail, "%s: a flipped bit in SRTCP is refused (status %d)", name, status);
    memcpy(copy, rtcp_wire, rtcp_len);
    len = rtcp_len;
    status = candor_srtp3_unprotect_rtcp(rx, copy, rtcp_len, copy, &len);
    CHECK(status == srtp_err_status_ok, "%s: the genuine SRTCP packet is accepted (status %d)", name, status);
    len = rtcp_len;
    status = candor_srtp3_unprotect_rtcp(rx, rtcp_wire, rtcp_len, rtcp_wire, &len);
    CHECK(status == srtp_err_status_replay_fail, "%s: the same SRTCP packet again is refused (status %d)", name,
          status);

    /* removing the stream (mediasoup does when a consumer's SSRC goes away) forgets its state */
    status = candor_srtp3_stream_remove(rx, htonl(0xcafebabe));
    CHECK(status == srtp_err_status_ok, "%s: the stream is removed (status %d)", name, status);
    status = candor_srtp3_stream_remove(rx, htonl(0xcafebabe));
    CHECK(status == srtp_err_status_no_ctx, "%s: a stream removed twice is not found (status %d)", name, status);

    srtp_dealloc(tx);
    srtp_dealloc(rx);
}

static void guards(void)
{
    srtp_t tx = NULL;
    compat_session(&tx, ssrc_any_outbound, srtp_profile_aes128_cm_sha1_80, cm_key, cm_salt);

    uint8_t plain[256], out[512];
    size_t plain_len = make_rtp(plain, 1);
    memset(out, 0x5a, sizeof(out));
    size_t out_len = plain_len + 10; /* the tag (10) fits but not libsrtp2's assumed trailer room */
    srtp_err_status_t status = candor_srtp3_protect(tx, plain, plain_len, out, &out_len, 0);
    int untouched = 1;
    for (size_t i = 0; i < sizeof(out); i++)
        untouched = untouched && out[i] == 0x5a;
    CHECK(status == CANDOR_SRTP3_ERR_BUFFER_SMALL && untouched,
          "guards: a short output buffer is refused before anything is written (status %d)", status);

    out_len = sizeof(out);
    status = candor_srtp3_protect(tx, plain, plain_len, out, &out_len, 1);
    CHECK(status == srtp_err_status_bad_mki, "guards: an MKI index is refused (status %d)", status);

    out_len = 8;
    status = candor_srtp3_unprotect(tx, plain, plain_len, out, &out_len);
    CHECK(status == CANDOR_SRTP3_ERR_BUFFER_SMALL, "guards: unprotect into a short buffer is refused (status %d)",
          status);

    candor_srtp3_policy_t policy = NULL;
    candor_srtp3_policy_create(&policy);
    srtp_t session = NULL;
    CHECK(candor_srtp3_create(&session, policy) == srtp_err_status_bad_param,
          "guards: a policy without profile and key creates no session");
    CHECK(candor_srtp3_policy_add_key(policy, cm_key, 16, cm_salt, 14, NULL, 0) == srtp_err_status_bad_param,
          "guards: a key before a profile is refused");
    candor_srtp3_policy_set_profile(policy, srtp_profile_aes128_cm_sha1_80);
    CHECK(candor_srtp3_policy_add_key(policy, cm_key, 16, cm_salt, 12, NULL, 0) == srtp_err_status_bad_param,
          "guards: a salt of the wrong length is refused");
    CHECK(candor_srtp3_policy_add_key(policy, gcm_key, 32, cm_salt, 14, NULL, 0) == srtp_err_status_bad_param,
          "guards: a key of the wrong length is refused");
    uint8_t mki[4] = { 1, 2, 3, 4 };
    CHECK(candor_srtp3_policy_add_key(policy, cm_key, 16, cm_salt, 14, mki, 4) == srtp_err_status_bad_mki,
          "guards: a key with an MKI is refused");
    CHECK(candor_srtp3_create(&session, policy) == srtp_err_status_bad_param,
          "guards: a policy without a key creates no session");
    CHECK(candor_srtp3_policy_set_window_size(policy, 10) == srtp_err_status_bad_param,
          "guards: a replay window below 64 is refused");
    CHECK(candor_srtp3_policy_set_profile(policy, srtp_profile_reserved) != srtp_err_status_ok,
          "guards: an unknown profile is refused");
    candor_srtp3_policy_destroy(policy);

    /* mediasoup allows repeated transmission (retransmission without RTX) on its outbound side */
    out_len = sizeof(out);
    plain_len = make_rtp(plain, 77);
    candor_srtp3_protect(tx, plain, plain_len, out, &out_len, 0);
    out_len = sizeof(out);
    status = candor_srtp3_protect(tx, plain, plain_len, out, &out_len, 0);
    CHECK(status == srtp_err_status_ok, "guards: protecting the same packet again is allowed (status %d)", status);
    srtp_dealloc(tx);
}

int main(void)
{
    if (srtp_init() != srtp_err_status_ok) {
        printf("FAIL srtp_init\n");
        return 1;
    }
    printf("# %s through the Candor libsrtp 3 compatibility layer\n", srtp_get_version_string());

    known_answers("AES_CM_128_HMAC_SHA1_80", srtp_profile_aes128_cm_sha1_80, cm_key, cm_salt, cm_srtp,
                  sizeof(cm_srtp), cm_srtcp, sizeof(cm_srtcp));
    known_answers("AEAD_AES_128_GCM", srtp_profile_aead_aes_128_gcm, gcm_key, gcm_salt, gcm_srtp,
                  sizeof(gcm_srtp), gcm_srtcp, sizeof(gcm_srtcp));

    static const uint8_t key32[32] = { 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23, 0x45,
                                       0x67, 0x89, 0xab, 0xcd, 0xef, 0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5,
                                       0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f };
    interop("AES_CM_128_HMAC_SHA1_80", srtp_profile_aes128_cm_sha1_80, cm_key, cm_salt);
    interop("AES_CM_128_HMAC_SHA1_32", srtp_profile_aes128_cm_sha1_32, cm_key, cm_salt);
    interop("AEAD_AES_128_GCM", srtp_profile_aead_aes_128_gcm, gcm_key, gcm_salt);
    interop("AEAD_AES_256_GCM", srtp_profile_aead_aes_256_gcm, key32, gcm_salt);

    tampering_and_replay("AES_CM_128_HMAC_SHA1_80", srtp_profile_aes128_cm_sha1_80, cm_key, cm_salt);
    tampering_and_replay("AEAD_AES_128_GCM", srtp_profile_aead_aes_128_gcm, gcm_key, gcm_salt);
    tampering_and_replay("AEAD_AES_256_GCM", srtp_profile_aead_aes_256_gcm, key32, gcm_salt);

    guards();

    srtp_shutdown();
    printf("# %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
