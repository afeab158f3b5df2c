export * from './link-tokens';
export * from './link-refusals';
export * from './link-rate-limits';
