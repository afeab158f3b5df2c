export * from './app';
export * from './problem';
export * from './server';
export * from './validate';
export * from './sql-rate-limit-store';
export * from './openapi';
