// werift applies whatever it is given, even text that is not SDP at all, and then never connects.
// The browser's SDP is checked here for what a WebRTC connection cannot do without, so bad input is
// refused at once (and the caller can say so) instead of leaving a connection that waits forever.
import * as sdpTransform from 'sdp-transform';

export function assertUsableSdp(sdp: string, what: string): void {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(sdp);
  } catch (error) {
    throw new Error(`${what} is not SDP (${(error as Error).message})`);
  }
  const media = session.media.filter((m) => (m.type === 'audio' || m.type === 'video') && m.port !== 0);
  if (media.length === 0) throw new Error(`${what} has no audio or video m-line`);
  for (const m of media) {
    if (!(m.iceUfrag ?? session.iceUfrag) || !(m.icePwd ?? session.icePwd))
      throw new Error(`${what} has no ICE credentials`);
    if (!(m.fingerprint ?? session.fingerprint)) throw new Error(`${what} has no DTLS fingerprint`);
  }
}
