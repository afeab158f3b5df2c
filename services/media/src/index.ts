export * from './sfu/types';
