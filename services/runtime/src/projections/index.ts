// Projections: the interface read models implement, and the runner that feeds them.
export type { Projection } from './types';
export { createProjectionRunner, type CatchUp, type ProjectionRunner, type ProjectionRunnerOptions } from './runner';
export { createSqlReadModelSnapshots, projectionVersion, type ReadModelSnapshot, type ReadModelSnapshots } from './snapshots';
export { withoutRunnerFields, type AppliedVersion } from './runner-fields';
export { checkpointCollection, type Checkpoint } from './checkpoints';
