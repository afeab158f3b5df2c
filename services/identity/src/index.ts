export * from './service';
export * from './compose';
export * from './config';
export type { Accounts } from './accounts';
