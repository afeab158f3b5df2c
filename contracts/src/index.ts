export * from './envelope';
export * from './problem';
export * from './identity';
export * from './invite';
export * from './session';
export * from './notification';
export * from './api';
