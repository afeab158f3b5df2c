// The shared runtime every Candor service builds on.
export * from './auth';
export * from './bus';
export * from './command';
export * from './config';
export * from './documents';
export * from './errors';
export * from './event-store';
export * from './http';
export * from './logging';
export * from './outbox';
export * from './projections';
export * from './sql';
export * from './telemetry';
export * from './host';
export * from './links';
export * from './policies';
export * from './operations';
