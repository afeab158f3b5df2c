export * from './require-recruiter';
export * from './session-tokens';
