// The recording service: recordings of live rooms (segments, consent, files, playback, retention).
// Being built (issue 9); each part exports from here as it lands.
export * from './storage';
export * from './capture/types';
export { createRecorder, type RecorderOptions } from './capture/recorder';
export { compositeSegment, compositeArgs, type CompositeOptions, type CompositeResult } from './capture/composite';
export { mediaFeeds, MediaFeedError, type MediaFeeds } from './capture/media-feeds';
export { defaultFfmpegTools, probe, type FfmpegTools, type ProbedFile } from './capture/ffmpeg';
