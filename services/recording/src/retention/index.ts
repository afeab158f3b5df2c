export * from './retention';
export * from './delete-recording';
export * from './sweeper';
