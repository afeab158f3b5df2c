// One module per kind of signed token: who issues it, who verifies it, for how long, what it grants.
// The token map in docs/architecture.md lists them with the link tokens (runtime/src/links).
export * from './bearer';
export * from './signing-keys';
export * from './session-revocations';
export * from './session-tokens';
export * from './live-tokens';
export * from './room-tokens';
export { createSignedTokens, type SignedTokens, type TokenKeys } from './signed-tokens';
export * from './token-keys';
export * from './service-tokens';
