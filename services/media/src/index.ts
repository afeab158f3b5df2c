export * from './sfu/types';
export {
  createSfuEngine,
  mediasoupAvailability,
  mediasoupWorkerPresent,
  type CreateSfuEngineOptions,
  type SfuEngineChoice,
} from './sfu/choose-engine';
export * from './service';
export * from './compose';
export {
  checkMediaConfig,
  mediaConfigSchema,
  mediaEnv,
  mediaServiceEnv,
  sfuEngineOptions,
  type MediaConfig,
  type MediaServiceConfig,
} from './config';
export { roomDecider, loadRoom, roomStream, candidateParticipantId } from './room';
export { roomsProjection } from './read-models/rooms/projection';
export { liveInterviewsPolicy } from './policies/live-interviews-policy';
