// The recording service: recordings of live rooms (segments, consent, files, playback, retention).
export * from './service';
export * from './ports';
export * from './storage';
export * from './capture/types';
export { createRecorder, type RecorderOptions } from './capture/recorder';
export { compositeSegment, compositeArgs, type CompositeOptions, type CompositeResult } from './capture/composite';
export { mediaFeeds, MediaFeedError, type MediaFeeds } from './capture/media-feeds';
export { defaultFfmpegTools, probe, type FfmpegTools, type ProbedFile } from './capture/ffmpeg';
export { recordingsDecider, loadRecordings, recordingsStream } from './interview-recordings';
export { recordingsProjection } from './read-models/recordings/projection';
export { roomsPolicy } from './policies/rooms-policy';
export { createPlaybackTokens, type PlaybackTokens, type Viewer } from './playback/playback-tokens';
export { recruiterAccess, viewerAccess, type ViewerAccess } from './playback/viewer-access';
export { shareAccess, noShareAccess, type ShareAccess } from './playback/share-access';
export { segmentPrefix, compositeKey, trackKey } from './storage-keys';
export * from './compose';
export * from './config';
export * from './capture-adapters';
