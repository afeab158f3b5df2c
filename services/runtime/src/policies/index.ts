export * from './policy-runner';
