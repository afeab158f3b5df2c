export * from './policy-runner';
export * from './policy-checkpoints';
