export * from './service';
export { jobDecider } from './job';
export { jobsProjection } from './read-models/jobs/projection';
