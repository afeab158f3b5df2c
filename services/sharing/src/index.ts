export * from './service';
export { createShareTokens, type ShareTokens } from './share-tokens';
export { defaultViewerRateLimits, type ViewerRateLimits } from './routes/rate-limits';
export { verifyAuditLog, type AuditEntry } from './audit/chain';
export * from './compose';
export * from './config';
