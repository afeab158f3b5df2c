export * from './envelope';
export * from './problem';
export * from './identity';
export * from './invite';
export * from './api';
