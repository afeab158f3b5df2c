// Operations on a deployment's data: rebuilding read models (npm run rebuild).
export { rebuildReadModels, type RebuildOptions } from './rebuild';
