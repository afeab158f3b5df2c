// Browser SDP ↔ mediasoup RTP parameters, on the server. mediasoup speaks ORTC (RTP parameters,
// ICE/DTLS parameters); the browser speaks SDP. mediasoup-client does this translation in the
// browser; here the browser stays plain WebRTC, so the server does it, for just what Chromium needs:
// one BUNDLE transport, rtcp-mux, one m-line per kind, ICE-lite with the transport's host candidates.
//   - publishing: the browser's offer → one Producer's RtpParameters per m-line (the first codec the
//     router supports, in the browser's order, with its RTX; one encoding per simulcast layer when the
//     m-line has a=simulcast, else its a=ssrc stream), and the answer that accepts exactly that;
//   - subscribing: the router's capabilities (and the consumers that already exist) → our offer, and
//     the browser's answer → its DTLS parameters and the m-lines it refused.
// Pure functions over plain data, so they are tested without a mediasoup worker.
import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import * as sdpTransform from 'sdp-transform';
import type { MediaKind } from '../types';

type MediaDescription = sdpTransform.MediaDescription;

export interface TransportSdpParameters {
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

// sdp-transform reads `a=mid:0` as the number 0
const midOf = (m: MediaDescription, index: number) => (m.mid !== undefined ? String(m.mid) : String(index));
const isMediaKind = (kind: string): kind is MediaKind => kind === 'audio' || kind === 'video';
const lower = (value: string) => value.toLowerCase();

/** `a=fmtp` config → mediasoup codec parameters (numbers where the value is one). */
export function parseFmtp(config: string | undefined): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const pair of (config ?? '').split(';')) {
    const [key, ...rest] = pair.trim().split('=');
    if (!key) continue;
    const value = rest.join('=');
    parameters[key] = value !== '' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return parameters;
}

export function formatFmtp(parameters: Record<string, unknown> | undefined): string {
  return Object.entries(parameters ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
}

function remoteDtlsParameters(
  session: sdpTransform.SessionDescription,
  media: MediaDescription,
  answeredSetup: string,
): types.DtlsParameters {
  const fingerprint = media.fingerprint ?? session.fingerprint;
  if (!fingerprint) throw new Error('the SDP has no DTLS fingerprint');
  // connect() wants the remote's role: the browser is the DTLS client when it (or our answer) says so
  const role: types.DtlsRole = answeredSetup === 'active' ? 'client' : 'server';
  return {
    role,
    fingerprints: [{ algorithm: lower(fingerprint.type) as types.FingerprintAlgorithm, value: fingerprint.hash }],
  };
}

// ---------------------------------------------------------------------------------------------
// publishing: the browser offers, we answer

export type OfferedMedia =
  | { mid: string; kind: MediaKind; accepted: true; rtpParameters: types.RtpParameters }
  | { mid: string; kind: string; accepted: false; reason: string };

export interface PublishOffer {
  media: OfferedMedia[];
  /** the browser's DTLS parameters, for transport.connect() */
  dtlsParameters: types.DtlsParameters;
  /** our a=setup in the answer */
  setup: 'active' | 'passive';
  extmapAllowMixed: boolean;
  session: sdpTransform.SessionDescription;
}

export function parsePublishOffer(offerSdp: string, routerCapabilities: types.RtpCapabilities): PublishOffer {
  const session = sdpTransform.parse(offerSdp);
  if (session.media.length === 0) throw new Error('the offer has no m-lines');
  const first = session.media[0]!;
  const offeredSetup = first.setup ?? session.setup ?? 'actpass';
  // we are ICE-lite: let the browser, which runs full ICE, also start DTLS
  const setup = offeredSetup === 'passive' ? 'active' : 'passive';
  const browserSetup = setup === 'passive' ? 'active' : 'passive';
  const media = session.media.map((m, index): OfferedMedia => {
    const mid = midOf(m, index);
    if (!isMediaKind(m.type)) return { mid, kind: m.type, accepted: false, reason: `${m.type} is not published` };
    if (m.port === 0) return { mid, kind: m.type, accepted: false, reason: 'the browser disabled it' };
    if (m.direction === 'recvonly' || m.direction === 'inactive')
      return { mid, kind: m.type, accepted: false, reason: `the browser does not send on it (${m.direction})` };
    try {
      return {
        mid,
        kind: m.type,
        accepted: true,
        rtpParameters: producerRtpParameters(m, m.type, mid, routerCapabilities),
      };
    } catch (error) {
      return { mid, kind: m.type, accepted: false, reason: (error as Error).message };
    }
  });
  const kinds = media.filter((m) => m.accepted).map((m) => m.kind);
  if (new Set(kinds).size !== kinds.length) throw new Error('the offer publishes more than one m-line of a kind');
  return {
    media,
    dtlsParameters: remoteDtlsParameters(session, first, browserSetup),
    setup,
    extmapAllowMixed:
      session.extmapAllowMixed !== undefined || session.media.some((m) => m.extmapAllowMixed !== undefined),
    session,
  };
}

function producerRtpParameters(
  m: MediaDescription,
  kind: MediaKind,
  mid: string,
  caps: types.RtpCapabilities,
): types.RtpParameters {
  const routerCodecs = (caps.codecs ?? []).filter((c) => c.kind === kind && lower(c.mimeType) !== `${kind}/rtx`);
  const fmtpOf = (payload: number) => m.fmtp.find((f) => f.payload === payload)?.config;
  const offeredOrder = String(m.payloads ?? '')
    .split(' ')
    .map(Number); // a lone payload type parses as a number
  const rtpByPayload = new Map(m.rtp.map((rtp) => [rtp.payload, rtp]));
  let chosen: { rtp: MediaDescription['rtp'][number]; routerCodec: types.RtpCodecCapability } | undefined;
  for (const payload of offeredOrder) {
    const rtp = rtpByPayload.get(payload);
    if (!rtp) continue;
    const routerCodec = routerCodecs.find(
      (c) =>
        lower(c.mimeType) === lower(`${kind}/${rtp.codec}`) &&
        c.clockRate === rtp.rate &&
        (kind !== 'audio' || (c.channels ?? 1) === (rtp.encoding ?? 1)),
    );
    if (routerCodec) {
      chosen = { rtp, routerCodec };
      break;
    }
  }
  if (!chosen)
    throw new Error(
      `no ${kind} codec in common with the SFU (it supports ${routerCodecs.map((c) => c.mimeType).join(', ')})`,
    );
  const { rtp, routerCodec } = chosen;
  const supportedFeedback = (routerCodec.rtcpFeedback ?? []).map((fb) => `${fb.type} ${fb.parameter ?? ''}`.trim());
  const rtcpFeedback = (m.rtcpFb ?? [])
    .filter((fb) => String(fb.payload) === String(rtp.payload) || fb.payload === '*')
    .map((fb) => ({ type: fb.type, parameter: fb.subtype ?? '' }))
    .filter((fb) => supportedFeedback.includes(`${fb.type} ${fb.parameter}`.trim()));
  const codecs: types.RtpCodecParameters[] = [
    {
      mimeType: `${kind}/${rtp.codec}`,
      payloadType: rtp.payload,
      clockRate: rtp.rate ?? routerCodec.clockRate,
      ...(kind === 'audio' ? { channels: rtp.encoding ?? 1 } : {}),
      parameters: parseFmtp(fmtpOf(rtp.payload)),
      rtcpFeedback,
    },
  ];
  const rtx = m.rtp.find((r) => lower(r.codec) === 'rtx' && parseFmtp(fmtpOf(r.payload)).apt === rtp.payload);
  if (rtx)
    codecs.push({
      mimeType: `${kind}/rtx`,
      payloadType: rtx.payload,
      clockRate: rtx.rate ?? rtp.rate ?? 90000,
      parameters: { apt: rtp.payload },
      rtcpFeedback: [],
    });

  const receivable = (caps.headerExtensions ?? []).filter(
    (h) => h.kind === kind && (h.direction === undefined || h.direction === 'sendrecv' || h.direction === 'recvonly'),
  );
  const headerExtensions = (m.ext ?? [])
    .filter((ext) => receivable.some((h) => h.uri === ext.uri))
    .map((ext) => ({ uri: ext.uri as types.RtpHeaderExtensionUri, id: ext.value }));

  const cname = m.ssrcs?.find((s) => s.attribute === 'cname')?.value;
  return {
    mid,
    codecs,
    headerExtensions,
    encodings: simulcastEncodings(m, kind, headerExtensions) ?? [ssrcEncoding(m, kind, rtx !== undefined)],
    rtcp: { ...(cname ? { cname } : {}), reducedSize: m.rtcpRsize !== undefined },
  };
}

/** One stream announced by a=ssrc (with its RTX by a=ssrc-group:FID). */
function ssrcEncoding(m: MediaDescription, kind: MediaKind, withRtx: boolean): types.RtpEncodingParameters {
  const fid = (m.ssrcGroups ?? []).find((group) => group.semantics === 'FID');
  const [primary, repair] = fid ? fid.ssrcs.split(' ').map(Number) : [m.ssrcs?.[0]?.id, undefined];
  if (primary === undefined || Number.isNaN(Number(primary)))
    throw new Error(`the ${kind} m-line has no a=ssrc and no a=simulcast (SSRC-less offers are not supported)`);
  const encoding: types.RtpEncodingParameters = { ssrc: Number(primary) };
  if (withRtx && repair !== undefined) encoding.rtx = { ssrc: repair };
  return encoding;
}

const ridUri = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';

/**
 * The layers of a simulcast m-line (RFC 8853: `a=rid:<id> send` + `a=simulcast:send a;b;c`), in the
 * a=simulcast order, which the browser gives as its sendEncodings order: the publisher lists them
 * lowest first, as mediasoup wants producer encodings ordered (spatial layer 0 = the first). A
 * paused layer (`~id`) is still a layer; alternatives (`a,b`) take the first. Chromium announces no
 * SSRC for them: the worker learns each stream's SSRC from its RID header extension, so the offer
 * must carry that extension, or nothing could be told apart.
 */
function simulcastEncodings(
  m: MediaDescription,
  kind: MediaKind,
  headerExtensions: types.RtpHeaderExtensionParameters[],
): types.RtpEncodingParameters[] | undefined {
  if (!m.simulcast) return undefined;
  if (m.simulcast.dir1 !== 'send') throw new Error(`the ${kind} m-line's a=simulcast does not send`);
  const sent = new Set((m.rids ?? []).filter((rid) => rid.direction === 'send').map((rid) => String(rid.id)));
  const rids = m.simulcast.list1
    .split(';')
    .map((alternatives) => alternatives.split(',')[0]!.replace(/^~/, ''))
    .filter((rid) => rid !== '');
  if (rids.length === 0) throw new Error(`the ${kind} m-line's a=simulcast lists no layer`);
  for (const rid of rids) if (!sent.has(rid)) throw new Error(`simulcast layer ${rid} has no a=rid:${rid} send`);
  if (!headerExtensions.some((h) => h.uri === ridUri))
    throw new Error(`the ${kind} m-line is simulcast without the RID header extension (${ridUri})`);
  return rids.map((rid) => ({ rid }));
}

function transportAttributes(transport: TransportSdpParameters, setup: string): Partial<MediaDescription> {
  const fingerprints = transport.dtlsParameters.fingerprints;
  const fingerprint = fingerprints.find((f) => f.algorithm === 'sha-256') ?? fingerprints[fingerprints.length - 1];
  if (!fingerprint) throw new Error('the transport has no DTLS fingerprint');
  const udp = transport.iceCandidates.find((c) => c.protocol === 'udp') ?? transport.iceCandidates[0];
  const address = udp?.address ?? udp?.ip ?? '127.0.0.1';
  return {
    port: udp?.port ?? 7,
    connection: { version: address.includes(':') ? 6 : 4, ip: address },
    iceUfrag: transport.iceParameters.usernameFragment,
    icePwd: transport.iceParameters.password,
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    setup,
    candidates: transport.iceCandidates.map((c) => ({
      foundation: c.foundation,
      component: 1,
      transport: c.protocol,
      priority: c.priority,
      ip: c.address ?? c.ip,
      port: c.port,
      type: c.type,
      ...(c.tcpType ? { tcptype: c.tcpType } : {}),
    })),
    endOfCandidates: 'end-of-candidates',
    rtcpMux: 'rtcp-mux',
  };
}

function sessionHeader(bundle: string[]): sdpTransform.SessionDescription {
  return {
    version: 0,
    origin: {
      username: '-',
      sessionId: randomInt(1, 2 ** 47),
      sessionVersion: 1,
      netType: 'IN',
      ipVer: 4,
      address: '0.0.0.0',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    msidSemantic: { semantic: 'WMS', token: '*' },
    groups: bundle.length > 0 ? [{ type: 'BUNDLE', mids: bundle.join(' ') }] : [],
    media: [],
  };
}

/** RTP attributes of an m-line from RTP parameters (the codecs, their feedback and fmtp, extensions). */
function rtpAttributes(rtp: Pick<types.RtpParameters, 'codecs' | 'headerExtensions'>): Partial<MediaDescription> {
  return {
    payloads: rtp.codecs.map((c) => c.payloadType).join(' '),
    rtp: rtp.codecs.map((c) => ({
      payload: c.payloadType,
      codec: c.mimeType.split('/')[1]!,
      rate: c.clockRate,
      ...(c.channels && c.channels > 1 ? { encoding: c.channels } : {}),
    })),
    fmtp: rtp.codecs
      .filter((c) => Object.keys(c.parameters ?? {}).length > 0)
      .map((c) => ({ payload: c.payloadType, config: formatFmtp(c.parameters) })),
    rtcpFb: rtp.codecs.flatMap((c) =>
      (c.rtcpFeedback ?? []).map((fb) => ({
        payload: c.payloadType,
        type: fb.type,
        ...(fb.parameter ? { subtype: fb.parameter } : {}),
      })),
    ),
    ext: (rtp.headerExtensions ?? []).map((h) => ({ value: h.id, uri: h.uri })),
  };
}

/** Accepting every offered layer: `a=rid:<id> recv` each and `a=simulcast:recv` in the same order. */
function simulcastAnswer(rtp: types.RtpParameters): Partial<MediaDescription> {
  const rids = rtp.encodings?.map((e) => e.rid).filter((rid): rid is string => rid !== undefined) ?? [];
  if (rids.length === 0) return {};
  return {
    rids: rids.map((id) => ({ id, direction: 'recv' })),
    simulcast: { dir1: 'recv', list1: rids.join(';') },
  };
}

export function buildPublishAnswer(offer: PublishOffer, transport: TransportSdpParameters): string {
  const accepted = offer.media.filter((m) => m.accepted);
  const session = sessionHeader(accepted.map((m) => m.mid));
  if (offer.extmapAllowMixed) session.extmapAllowMixed = 'extmap-allow-mixed';
  const attributes = transportAttributes(transport, offer.setup);
  session.media = offer.media.map((m, index): MediaDescription => {
    const offered = offer.session.media[index]!;
    if (!m.accepted) {
      const payload = String(offered.payloads ?? '').split(' ')[0] ?? '0';
      return {
        type: offered.type,
        port: 0,
        protocol: offered.protocol,
        payloads: payload,
        rtp: offered.rtp.filter((r) => String(r.payload) === payload),
        fmtp: [],
        mid: m.mid,
        direction: 'inactive',
        connection: { version: 4, ip: '0.0.0.0' },
      };
    }
    return {
      type: m.kind,
      protocol: 'UDP/TLS/RTP/SAVPF',
      ...(attributes as Pick<MediaDescription, 'port'>),
      ...(rtpAttributes(m.rtpParameters) as Pick<MediaDescription, 'rtp' | 'fmtp'>),
      mid: m.mid,
      direction: 'recvonly',
      ...(m.rtpParameters.rtcp?.reducedSize ? { rtcpRsize: 'rtcp-rsize' as const } : {}),
      ...simulcastAnswer(m.rtpParameters),
    };
  });
  return sdpTransform.write(session);
}

// ---------------------------------------------------------------------------------------------
// subscribing: we offer, the browser answers

export interface SubscribeMedia {
  kind: MediaKind;
  mid: string;
  /** what this m-line will carry: a consumer's parameters, or (before one exists) the router's */
  rtpParameters: Pick<types.RtpParameters, 'codecs' | 'headerExtensions'>;
  /** a stream to announce (a=ssrc); the subscription announces none (see subscription.ts) */
  stream?: { ssrc: number; rtxSsrc?: number; cname: string };
  msid: { streamId: string; trackId: string };
}

/** What the router will send for `kind`: its codecs (with RTX) and the extensions it can send. */
export function routerSendParameters(
  caps: types.RtpCapabilities,
  kind: MediaKind,
): Pick<types.RtpParameters, 'codecs' | 'headerExtensions'> {
  return {
    codecs: (caps.codecs ?? [])
      .filter((c) => c.kind === kind)
      .map((c) => ({
        mimeType: c.mimeType,
        payloadType: c.preferredPayloadType,
        clockRate: c.clockRate,
        ...(c.channels ? { channels: c.channels } : {}),
        parameters: { ...(c.parameters ?? {}) },
        rtcpFeedback: [...(c.rtcpFeedback ?? [])],
      })),
    headerExtensions: (caps.headerExtensions ?? [])
      .filter(
        (h) =>
          h.kind === kind && (h.direction === undefined || h.direction === 'sendrecv' || h.direction === 'sendonly'),
      )
      .map((h) => ({ uri: h.uri, id: h.preferredId })),
  };
}

export function buildSubscribeOffer(media: SubscribeMedia[], transport: TransportSdpParameters): string {
  const session = sessionHeader(media.map((m) => m.mid));
  const attributes = transportAttributes(transport, 'actpass');
  session.media = media.map((m): MediaDescription => {
    const ssrcs: NonNullable<MediaDescription['ssrcs']> = [];
    const ssrcGroups: NonNullable<MediaDescription['ssrcGroups']> = [];
    if (m.stream) {
      const msid = `${m.msid.streamId} ${m.msid.trackId}`;
      for (const ssrc of [m.stream.ssrc, m.stream.rtxSsrc].filter((s): s is number => s !== undefined))
        ssrcs.push(
          { id: ssrc, attribute: 'cname', value: m.stream.cname },
          { id: ssrc, attribute: 'msid', value: msid },
        );
      if (m.stream.rtxSsrc !== undefined)
        ssrcGroups.push({ semantics: 'FID', ssrcs: `${m.stream.ssrc} ${m.stream.rtxSsrc}` });
    }
    return {
      type: m.kind,
      protocol: 'UDP/TLS/RTP/SAVPF',
      ...(attributes as Pick<MediaDescription, 'port'>),
      ...(rtpAttributes(m.rtpParameters) as Pick<MediaDescription, 'rtp' | 'fmtp'>),
      mid: m.mid,
      direction: 'sendonly',
      msid: [{ id: m.msid.streamId, appdata: m.msid.trackId }],
      rtcpRsize: 'rtcp-rsize',
      ...(ssrcs.length > 0 ? { ssrcs } : {}),
      ...(ssrcGroups.length > 0 ? { ssrcGroups } : {}),
    };
  });
  return sdpTransform.write(session);
}

export interface SubscribeAnswer {
  dtlsParameters: types.DtlsParameters;
  /** mids of our offer the browser refused (port 0) or will not receive on */
  refusedMids: Set<string>;
}

export function parseSubscribeAnswer(answerSdp: string, offeredMids: string[]): SubscribeAnswer {
  const session = sdpTransform.parse(answerSdp);
  const answered = new Map(
    session.media.map((m, index) => [m.mid !== undefined ? String(m.mid) : (offeredMids[index] ?? String(index)), m]),
  );
  const accepted = session.media.find((m) => m.port !== 0);
  if (!accepted) throw new Error('the answer refuses every m-line');
  const setup = accepted.setup ?? session.setup;
  if (setup !== 'active' && setup !== 'passive')
    throw new Error(`the answer must say a=setup:active or passive, not ${setup ?? 'nothing'}`);
  const refusedMids = new Set(
    offeredMids.filter((mid) => {
      const m = answered.get(mid);
      return !m || m.port === 0 || m.direction === 'inactive' || m.direction === 'sendonly';
    }),
  );
  return { dtlsParameters: remoteDtlsParameters(session, accepted, setup), refusedMids };
}
