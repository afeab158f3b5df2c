export * from './handle-command';
export * from './folded-states';
