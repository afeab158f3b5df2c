// Where a segment's files live in storage: everything of one segment under one prefix, so deleting a
// recording is "delete every key under its prefix" and nothing uploaded late can be missed.
//   <organisationId>/<roomId>/<segmentId>/composite.<ext>            the playable file
//   <organisationId>/<roomId>/<segmentId>/tracks/<participant>-<n>.<ext>   as captured (n: the
//   participant's nth stretch in the segment; one who leaves and returns has two)
import type { SegmentRef } from './ports';

const extensions: Record<string, string> = {
  'video/webm': 'webm',
  'audio/webm': 'webm',
  'video/mp4': 'mp4',
  'audio/mp4': 'm4a',
  'video/x-matroska': 'mkv',
  'audio/x-matroska': 'mka',
  'audio/ogg': 'ogg',
};
const extensionOf = (contentType: string) => extensions[contentType.split(';')[0]!.trim()] ?? 'bin';

export const segmentPrefix = ({ organisationId, roomId, segmentId }: SegmentRef) =>
  `${organisationId}/${roomId}/${segmentId}/`;
export const compositeKey = (segment: SegmentRef, contentType: string) =>
  `${segmentPrefix(segment)}composite.${extensionOf(contentType)}`;
export const trackKey = (segment: SegmentRef, track: { participantId: string; contentType: string }, stretch: number) =>
  `${segmentPrefix(segment)}tracks/${track.participantId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stretch}.${extensionOf(track.contentType)}`;

const trackPattern = /\/tracks\/(.+)-\d+\.[a-z0-9]+$/;
/** The participant a stored track's key names (as written by trackKey). */
export const participantOfTrack = (key: string): string | null => trackPattern.exec(key)?.[1] ?? null;

/** The content type a stored file's name says (the spool keeps the real one on the object itself). */
export const contentTypeOfKey = (key: string): string =>
  Object.entries(extensions).find(([, ext]) => key.endsWith(`.${ext}`))?.[0] ?? 'application/octet-stream';

const compositePattern = /^([^/]+)\/([^/]+)\/([^/]+)\/composite\.[a-z0-9]+$/;
/** The segment a composite's key belongs to, or null for any other key. */
export function segmentOfComposite(key: string): SegmentRef | null {
  const parts = compositePattern.exec(key);
  return parts ? { organisationId: parts[1]!, roomId: parts[2]!, segmentId: parts[3]! } : null;
}
