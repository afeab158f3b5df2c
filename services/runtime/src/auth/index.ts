// One module per kind of signed token: who issues it, who verifies it, for how long, what it grants.
// The token map in docs/architecture.md lists them with the link tokens (runtime/src/links).
export * from './bearer';
export * from './session-tokens';
export * from './live-tokens';
export * from './room-tokens';
export * from './service-tokens';
