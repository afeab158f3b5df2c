export * from './service';
export type { Accounts } from './accounts';
