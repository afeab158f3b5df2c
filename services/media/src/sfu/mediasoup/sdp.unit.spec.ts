// The SDP translation of the mediasoup engine, without a worker: a real Chromium offer (captured from
// Debian's Chromium with a fake camera and microphone) becomes Producer parameters that mediasoup's
// own ORTC checks accept, and the answers and offers we write say what Chromium needs. That Chromium
// accepts them is checked against the browser in sdp.e2e.spec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ortc, type types } from 'mediasoup';
import * as sdpTransform from 'sdp-transform';
import { mediaCodecs } from './engine';
import {
  buildPublishAnswer,
  buildSubscribeOffer,
  formatFmtp,
  parseFmtp,
  parsePublishOffer,
  parseSubscribeAnswer,
  routerSendParameters,
  type TransportSdpParameters,
} from './sdp';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'test', 'sdp', name), 'utf8');
const chromiumOffer = fixture('chromium-publish-offer.sdp');
const chromiumSubscribeAnswer = fixture('chromium-subscribe-answer.sdp');
// captured the same way, with the video published as three layers (sendEncodings rid l, m, h)
const chromiumSimulcastOffer = fixture('chromium-simulcast-publish-offer.sdp');
const caps = ortc.generateRouterRtpCapabilities(mediaCodecs);

const transport: TransportSdpParameters = {
  iceParameters: { usernameFragment: 'ufragufragufrag1', password: 'passwordpasswordpasswordpassword', iceLite: true },
  iceCandidates: [
    {
      foundation: 'udpcandidate',
      priority: 1076302079,
      ip: '203.0.113.7',
      address: '203.0.113.7',
      protocol: 'udp',
      port: 40000,
      type: 'host',
    },
    {
      foundation: 'tcpcandidate',
      priority: 1076276479,
      ip: '203.0.113.7',
      address: '203.0.113.7',
      protocol: 'tcp',
      port: 40001,
      type: 'host',
      tcpType: 'passive',
    },
  ],
  dtlsParameters: {
    role: 'auto',
    fingerprints: [
      { algorithm: 'sha-1', value: '00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33' },
      {
        algorithm: 'sha-256',
        value: '63:1D:AD:3B:B1:2C:18:4F:18:E3:F1:81:2C:05:6A:DA:F2:CE:43:E5:12:08:02:8E:51:C4:3C:C1:2B:EB:D7:1F',
      },
    ],
  },
};

describe('publishing: a Chromium offer', () => {
  const offer = parsePublishOffer(chromiumOffer, caps);
  const accepted = offer.media.filter((m) => m.accepted);

  test('becomes one producer per kind with the codec and payload types Chromium chose', () => {
    expect(accepted.map((m) => [m.mid, m.kind])).toEqual([
      ['0', 'audio'],
      ['1', 'video'],
    ]);
    const [audio, video] = accepted.map((m) => m.rtpParameters);
    expect(audio!.codecs).toEqual([
      expect.objectContaining({
        mimeType: 'audio/opus',
        payloadType: 111,
        clockRate: 48000,
        channels: 2,
        parameters: { minptime: 10, useinbandfec: 1 },
      }),
    ]);
    expect(video!.codecs.map((c) => [c.mimeType, c.payloadType, c.parameters])).toEqual([
      ['video/VP8', 96, {}],
      ['video/rtx', 97, { apt: 96 }],
    ]);
    expect(video!.codecs[0]!.rtcpFeedback).toEqual(
      expect.arrayContaining([
        { type: 'nack', parameter: 'pli' },
        { type: 'ccm', parameter: 'fir' },
      ]),
    );
    // the RTX stream pairs with the primary one, as Chromium's ssrc-group says
    expect(video!.encodings).toEqual([{ ssrc: 1531010743, rtx: { ssrc: 852565130 } }]);
    expect(audio!.rtcp).toEqual({ cname: expect.any(String), reducedSize: true });
    expect(video!.headerExtensions).toEqual(
      expect.arrayContaining([{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }]),
    );
  });

  test("passes mediasoup's own checks for producer parameters and maps onto the router", () => {
    for (const m of accepted) {
      const rtpParameters = structuredClone(m.rtpParameters);
      expect(() => ortc.validateAndNormalizeRtpParameters(rtpParameters)).not.toThrow();
      const mapping = ortc.getProducerRtpParametersMapping(rtpParameters, caps);
      const consumable = ortc.getConsumableRtpParameters(m.kind, rtpParameters, caps, mapping);
      expect(ortc.canConsume(consumable, caps)).toBe(true);
    }
  });

  test('is answered recvonly over one ICE-lite BUNDLE transport, in the offered payload types', () => {
    const answer = sdpTransform.parse(buildPublishAnswer(offer, transport));
    expect(answer.icelite).toBe('ice-lite');
    expect(answer.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
    expect(answer.media.map((m) => [m.type, String(m.mid), m.direction, String(m.payloads)])).toEqual([
      ['audio', '0', 'recvonly', '111'],
      ['video', '1', 'recvonly', '96 97'],
    ]);
    for (const m of answer.media) {
      expect(m.setup).toBe('passive'); // Chromium offered actpass: it starts DTLS
      expect(m.iceUfrag).toBe('ufragufragufrag1');
      expect(m.fingerprint).toEqual({ type: 'sha-256', hash: transport.dtlsParameters.fingerprints[1]!.value });
      expect(m.candidates?.map((c) => [c.transport, c.ip, c.port])).toEqual([
        ['udp', '203.0.113.7', 40000],
        ['tcp', '203.0.113.7', 40001],
      ]);
      expect(m.rtcpMux).toBe('rtcp-mux');
    }
    expect(answer.media[1]!.fmtp).toEqual([{ payload: 97, config: 'apt=96' }]);
  });

  test("keeps the browser's DTLS fingerprint and makes it the DTLS client", () => {
    expect(offer.dtlsParameters.role).toBe('client');
    expect(offer.dtlsParameters.fingerprints).toEqual([
      { algorithm: 'sha-256', value: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) },
    ]);
  });

  test('an m-line with no codec in common is refused (port 0), the rest accepted', () => {
    // the same offer, with VP8 and its RTX taken out of the video m-line
    const session = sdpTransform.parse(chromiumOffer);
    const video = session.media[1]!;
    const vp8 = video.rtp.filter((r) => r.codec === 'VP8').map((r) => r.payload);
    const gone = new Set([
      ...vp8,
      ...video.fmtp.filter((f) => vp8.some((pt) => f.config === `apt=${pt}`)).map((f) => f.payload),
    ]);
    video.rtp = video.rtp.filter((r) => !gone.has(r.payload));
    video.payloads = String(video.payloads)
      .split(' ')
      .filter((pt) => !gone.has(Number(pt)))
      .join(' ');
    const withoutVp8 = parsePublishOffer(sdpTransform.write(session), caps);
    expect(withoutVp8.media.map((m) => m.accepted)).toEqual([true, false]);
    expect(withoutVp8.media[1]).toMatchObject({ reason: expect.stringContaining('no video codec in common') });
    const answer = sdpTransform.parse(buildPublishAnswer(withoutVp8, transport));
    expect(answer.groups?.map((g) => [g.type, String(g.mids)])).toEqual([['BUNDLE', '0']]);
    expect(answer.media.map((m) => m.port)).toEqual([40000, 0]);
  });
});

describe('publishing: a Chromium simulcast offer (three layers)', () => {
  const offer = parsePublishOffer(chromiumSimulcastOffer, caps);
  const video = offer.media.find((m) => m.kind === 'video');

  test('becomes one producer encoding per layer, lowest first, with the RID extension', () => {
    if (!video?.accepted) throw new Error(`video refused: ${video && !video.accepted ? video.reason : 'missing'}`);
    expect(video.rtpParameters.encodings).toEqual([{ rid: 'l' }, { rid: 'm' }, { rid: 'h' }]);
    expect(video.rtpParameters.headerExtensions?.map((h) => h.uri)).toEqual(
      expect.arrayContaining([
        'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
        'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
        'urn:ietf:params:rtp-hdrext:sdes:mid',
      ]),
    );
    const rtpParameters = structuredClone(video.rtpParameters);
    expect(() => ortc.validateAndNormalizeRtpParameters(rtpParameters)).not.toThrow();
    const mapping = ortc.getProducerRtpParametersMapping(rtpParameters, caps);
    const consumable = ortc.getConsumableRtpParameters('video', rtpParameters, caps, mapping);
    expect(consumable.encodings).toHaveLength(3);
  });

  test('the audio m-line (no simulcast) keeps its a=ssrc stream', () => {
    const audio = offer.media.find((m) => m.kind === 'audio');
    expect(audio?.accepted && audio.rtpParameters.encodings).toEqual([{ ssrc: expect.any(Number) }]);
  });

  test('is answered with every layer received, in the offered order', () => {
    const answer = sdpTransform.parse(buildPublishAnswer(offer, transport));
    const m = answer.media.find((media) => media.type === 'video')!;
    expect(m.rids).toEqual([
      { id: 'l', direction: 'recv' },
      { id: 'm', direction: 'recv' },
      { id: 'h', direction: 'recv' },
    ]);
    expect(m.simulcast).toEqual(expect.objectContaining({ dir1: 'recv', list1: 'l;m;h' }));
    expect(answer.media.find((media) => media.type === 'audio')!.simulcast).toBeUndefined();
  });

  test('a simulcast layer without its a=rid, or without the RID extension, is refused', () => {
    const noRid = chromiumSimulcastOffer.replace('a=rid:m send\r\n', '');
    const refused = parsePublishOffer(noRid, caps).media.find((m) => m.kind === 'video');
    expect(refused).toEqual(expect.objectContaining({ accepted: false, reason: expect.stringMatching(/layer m/) }));
    const noExtension = chromiumSimulcastOffer.replace(
      /a=extmap:\d+ urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n/,
      '',
    );
    const blind = parsePublishOffer(noExtension, caps).media.find((m) => m.kind === 'video');
    expect(blind).toEqual(expect.objectContaining({ accepted: false, reason: expect.stringMatching(/RID header/) }));
  });
});

describe('subscribing', () => {
  const chromium = parsePublishOffer(chromiumOffer, caps).media.filter((m) => m.accepted);
  const consumerParameters = (kind: types.MediaKind) => {
    const m = chromium.find((media) => media.kind === kind)!;
    const producer = structuredClone(m.rtpParameters);
    const mapping = ortc.getProducerRtpParametersMapping(producer, caps);
    const consumable = ortc.getConsumableRtpParameters(kind, producer, caps, mapping);
    return ortc.getConsumerRtpParameters({
      consumableRtpParameters: consumable,
      remoteRtpCapabilities: caps,
      pipe: false,
      enableRtx: true,
    });
  };

  test('the offer carries what the router sends, sendonly, with the SSRCs of existing consumers', () => {
    const video = consumerParameters('video');
    const offer = sdpTransform.parse(
      buildSubscribeOffer(
        [
          {
            kind: 'audio',
            mid: '0',
            rtpParameters: routerSendParameters(caps, 'audio'),
            msid: { streamId: 's', trackId: 's-audio' },
          },
          {
            kind: 'video',
            mid: '1',
            rtpParameters: video,
            msid: { streamId: 's', trackId: 's-video' },
            stream: { ssrc: video.encodings![0]!.ssrc!, rtxSsrc: video.encodings![0]!.rtx!.ssrc, cname: 'c' },
          },
        ],
        transport,
      ),
    );
    expect(offer.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
    expect(offer.media.map((m) => [m.type, m.direction, m.setup, String(m.payloads)])).toEqual([
      // the router's payload types are contracts' recorderRtp ones (opus 111, VP8 96); RTX gets a free one
      ['audio', 'sendonly', 'actpass', '111'],
      ['video', 'sendonly', 'actpass', '96 100'],
    ]);
    // before a consumer exists the browser learns the stream from the MID header extension
    expect(offer.media[0]!.ssrcs).toBeUndefined();
    expect(offer.media[0]!.ext).toEqual(
      expect.arrayContaining([{ value: 1, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' }]),
    );
    expect(offer.media[1]!.ssrcGroups).toEqual([
      { semantics: 'FID', ssrcs: `${video.encodings![0]!.ssrc} ${video.encodings![0]!.rtx!.ssrc}` },
    ]);
    expect(offer.media[1]!.ssrcs).toEqual(
      expect.arrayContaining([{ id: video.encodings![0]!.ssrc, attribute: 'msid', value: 's s-video' }]),
    );
  });

  test("the router's parameters are what a consumer of a Chromium producer sends", () => {
    for (const kind of ['audio', 'video'] as const) {
      const offered = routerSendParameters(caps, kind);
      const consumer = consumerParameters(kind);
      expect(consumer.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual(
        offered.codecs.map((c) => [c.mimeType, c.payloadType]),
      );
      for (const ext of consumer.headerExtensions ?? [])
        if (ext.uri !== 'urn:mediasoup:params:rtp-hdrext:packet-id')
          expect(offered.headerExtensions).toContainEqual({ uri: ext.uri, id: ext.id });
    }
  });

  test("Chromium's answer: its DTLS role and fingerprint, and no refused m-line", () => {
    const answer = parseSubscribeAnswer(chromiumSubscribeAnswer, ['0', '1']);
    expect(answer.dtlsParameters).toEqual({
      role: 'client',
      fingerprints: [{ algorithm: 'sha-256', value: expect.any(String) }],
    });
    expect([...answer.refusedMids]).toEqual([]);
  });

  test('an answer that refuses video says so', () => {
    const session = sdpTransform.parse(chromiumSubscribeAnswer);
    session.media[1]!.port = 0;
    expect([...parseSubscribeAnswer(sdpTransform.write(session), ['0', '1']).refusedMids]).toEqual(['1']);
  });

  test('an answer without a DTLS role is rejected', () => {
    expect(() =>
      parseSubscribeAnswer(chromiumSubscribeAnswer.replace(/a=setup:active/g, 'a=setup:actpass'), ['0', '1']),
    ).toThrow(/setup/);
  });
});

test('fmtp parameters round-trip', () => {
  expect(parseFmtp('minptime=10;useinbandfec=1;profile-level-id=42e01f')).toEqual({
    minptime: 10,
    useinbandfec: 1,
    'profile-level-id': '42e01f',
  });
  expect(formatFmtp({ apt: 96 })).toBe('apt=96');
  expect(parseFmtp(undefined)).toEqual({});
});
