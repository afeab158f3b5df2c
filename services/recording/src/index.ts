// The recording service: recordings of live rooms (segments, consent, files, playback, retention).
export * from './service';
export * from './ports';
export * from './storage';
export { recordingsDecider, loadRecordings, recordingsStream } from './interview-recordings';
export { recordingsProjection } from './read-models/recordings/projection';
export { roomsPolicy } from './policies/rooms-policy';
export { createPlaybackTokens, type PlaybackTokens, type Viewer } from './playback/playback-tokens';
export { recruiterAccess, type ViewerAccess } from './playback/viewer-access';
export { segmentPrefix, compositeKey, trackKey } from './storage-keys';
export * from './compose';
export * from './config';
