// The SDP a recorder's ffmpeg reads: one participant's audio and video as plain RTP on two local
// ports, with the codecs and payload types every SFU engine sends to a recorder (contracts'
// `recorderRtp`). Written before the feed starts: nothing in it depends on the sender.
import { isIPv6 } from 'node:net';
import { recorderRtp } from '@candor/contracts';

export interface RecorderPorts {
  ip: string;
  videoPort: number;
  audioPort: number;
}

export function recorderSdp({ ip, videoPort, audioPort }: RecorderPorts): string {
  const addressType = isIPv6(ip) ? 'IP6' : 'IP4';
  const { audio, video } = recorderRtp;
  return [
    'v=0',
    `o=- 0 0 IN ${addressType} ${ip}`,
    's=Candor recorder',
    `c=IN ${addressType} ${ip}`,
    't=0 0',
    `m=audio ${audioPort} RTP/AVP ${audio.payloadType}`,
    `a=rtpmap:${audio.payloadType} ${audio.encodingName}/${audio.clockRate}/${audio.channels}`,
    'a=recvonly',
    `m=video ${videoPort} RTP/AVP ${video.payloadType}`,
    `a=rtpmap:${video.payloadType} ${video.encodingName}/${video.clockRate}`,
    'a=recvonly',
    '',
  ].join('\r\n');
}
