/*
 * What mediasoup's worker gets for `#include <srtp.h>`: libsrtp2's API (types, srtp_init,
 * srtp_dealloc, events and the profile lengths have not changed in libsrtp 3) plus the libsrtp 3
 * names whose shape changed, mapped onto the compatibility layer in candor_srtp3.h. The renames
 * come after libsrtp2's header, so libsrtp2's own declarations keep their meaning.
 */
#ifndef CANDOR_SRTP3_COMPAT_SRTP_H
#define CANDOR_SRTP3_COMPAT_SRTP_H

#include "candor_srtp3.h"

#define srtp_err_status_buffer_small CANDOR_SRTP3_ERR_BUFFER_SMALL
#define srtp_err_status_cryptex_err CANDOR_SRTP3_ERR_CRYPTEX

#define srtp_policy_t candor_srtp3_policy_t
#define srtp_policy_create candor_srtp3_policy_create
#define srtp_policy_destroy candor_srtp3_policy_destroy
#define srtp_policy_set_ssrc candor_srtp3_policy_set_ssrc
#define srtp_policy_set_profile candor_srtp3_policy_set_profile
#define srtp_policy_add_key candor_srtp3_policy_add_key
#define srtp_policy_set_allow_repeat_tx candor_srtp3_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size candor_srtp3_policy_set_window_size
#define srtp_create candor_srtp3_create
#define srtp_stream_remove candor_srtp3_stream_remove
#define srtp_protect candor_srtp3_protect
#define srtp_unprotect candor_srtp3_unprotect
#define srtp_protect_rtcp candor_srtp3_protect_rtcp
#define srtp_unprotect_rtcp candor_srtp3_unprotect_rtcp

#endif
