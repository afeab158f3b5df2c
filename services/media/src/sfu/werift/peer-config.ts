// How the werift engine's peer connections are configured, and how a complete (non-trickle) SDP is
// taken from one. One codec per kind on purpose: werift's RTCRtpSender rewrites every packet to its
// one negotiated primary codec, so a subscription can only carry what every publisher sends. Opus and
// VP8 are what every Chromium offers; H264 would need per-packet codec switching on the send side.
import { isIPv6 } from 'node:net';
import {
  RTCPeerConnection,
  useNACK,
  useOPUS,
  usePLI,
  useSdesMid,
  useSdesRTPStreamId,
  useVP8,
  type PeerConfig,
  type RTCRtpCodecParameters,
} from 'werift';
import { announceCandidates, isSpecificAddress } from '../candidates';
import type { SfuEngineOptions } from '../types';

export const engineCodecs = (): { audio: RTCRtpCodecParameters[]; video: RTCRtpCodecParameters[] } => ({
  audio: [useOPUS()],
  // nack: werift retransmits from its send cache; pli: keyframe requests both ways. No REMB/TWCC:
  // werift does not estimate bandwidth for the publisher, so offering them would promise feedback
  // that never comes.
  video: [useVP8({ rtcpFeedback: [useNACK(), usePLI()] })],
});

/** `publishing`: the publisher's connection, which also accepts a one-layer simulcast (single-layer.ts). */
export function weriftPeerConfig(options: SfuEngineOptions, publishing = false): Partial<PeerConfig> {
  const { listenIp, portRange } = options;
  const specific = isSpecificAddress(listenIp);
  const v6 = specific && isIPv6(listenIp);
  return {
    codecs: engineCodecs(),
    // the MID lets a browser demultiplex the bundle even before it knows the SSRCs
    // and a publisher's one simulcast layer is routed by its RID (it announces no SSRC)
    headerExtensions: {
      audio: [useSdesMid()],
      video: publishing ? [useSdesMid(), useSdesRTPStreamId()] : [useSdesMid()],
    },
    // host candidates only: the server is reachable directly (or via announcedIp), no STUN round trips
    iceServers: [],
    // ICE over TCP for browsers that cannot send UDP: werift listens (passive TCP host candidates, in
    // the same port range) beside its UDP sockets; browsers prefer UDP when both work (RFC 6544
    // priorities). A client that reaches neither falls back to the TURN relay, which Chromium can
    // reach over TCP or TLS on 443.
    iceUseTcp: true,
    iceUseIpv4: !v6,
    iceUseIpv6: v6,
    bundlePolicy: 'max-bundle',
    ...(specific
      ? {
          iceInterfaceAddresses: v6 ? { udp6: listenIp } : { udp4: listenIp },
          // werift leaves loopback and other non-default interfaces out unless told to
          iceAdditionalHostAddresses: [listenIp],
        }
      : {}),
    // werift refuses min === max
    ...(portRange
      ? { icePortRange: [portRange.min, Math.max(portRange.max, portRange.min + 1)] as [number, number] }
      : {}),
  };
}

const gatheringTimeoutMs = 10_000;

/** The local description once ICE gathering is complete, with candidates as the options announce them. */
export async function completeLocalSdp(pc: RTCPeerConnection, options: SfuEngineOptions): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        unSubscribe();
        reject(new Error(`ICE gathering did not complete within ${gatheringTimeoutMs} ms`));
      }, gatheringTimeoutMs);
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        clearTimeout(timer);
        unSubscribe();
        resolve();
      });
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        unSubscribe();
        resolve();
      }
    });
  }
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('no local description');
  return announceCandidates(sdp, options);
}
