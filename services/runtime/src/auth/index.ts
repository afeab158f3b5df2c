export * from './require-recruiter';
export * from './session-tokens';
export * from './candidate-tokens';
export * from './live-tokens';
export * from './service-tokens';
