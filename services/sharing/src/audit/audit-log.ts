// An organisation's share audit log as an aggregate: stream `share-audit-<organisationId>`, one
// event per entry, each entry chained to the one before (./chain.ts). The stream's optimistic
// concurrency keeps the chain a chain: two writers that read the same head cannot both append.
// Recording a share-link event twice (at-least-once delivery, replays) appends nothing.
import { sharingEventNames, type RecordedEvent } from '@candor/contracts';
import type { Decider } from '@candor/runtime';
import { chainEntry, genesisHash, type AuditEntry } from './chain';

export const auditEntryAppended = 'sharing.AuditEntryAppended.v1';
export type AuditLogEvent = { type: typeof auditEntryAppended; data: { entry: AuditEntry } };
export interface AuditLog {
  seq: number;
  head: string;
  eventIds: Set<string>;
}
export type RecordInAudit = { type: 'RecordInAudit'; event: RecordedEvent };

/** The share-link events the log records (settings changes are the organisation's, not a link's). */
export const auditedTypes: string[] = [
  sharingEventNames.ShareLinkCreated,
  sharingEventNames.ShareLinkEdited,
  sharingEventNames.ShareLinkViewed,
  sharingEventNames.ShareLinkRevoked,
  sharingEventNames.ShareLinkExpired,
];

function summaryOf(event: RecordedEvent): { by: string; summary: string } {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case sharingEventNames.ShareLinkCreated:
      return {
        by: String(data.by),
        summary: `created "${data.name}" (${data.quick ? 'quick share' : 'custom'}; name ${data.nameVisibility}; expires ${data.expiresAt}; max ${data.maxViews} views)`,
      };
    case sharingEventNames.ShareLinkEdited:
      return { by: String(data.by), summary: `edited visible content of "${data.name}" (name ${data.nameVisibility})` };
    case sharingEventNames.ShareLinkViewed:
      return { by: 'viewer', summary: `view ${data.viewNumber} granted (${data.userAgent})` };
    case sharingEventNames.ShareLinkRevoked:
      return { by: String(data.by), summary: `revoked (${data.reason})` };
    default:
      return { by: 'system', summary: `expired (at ${data.expiresAt})` };
  }
}

export const auditLogDecider: Decider<AuditLog, RecordInAudit, AuditLogEvent> = {
  initialState: () => ({ seq: 0, head: genesisHash, eventIds: new Set() }),
  evolve(state, event) {
    const { entry } = event.data;
    return { seq: entry.seq, head: entry.hash, eventIds: new Set(state.eventIds).add(entry.eventId) };
  },
  decide({ event }, state) {
    if (!auditedTypes.includes(event.type) || state.eventIds.has(event.eventId)) return [];
    const data = event.data as { organisationId: string; shareLinkId: string; at: string };
    const entry = chainEntry(
      { seq: state.seq, hash: state.head },
      {
        organisationId: data.organisationId,
        eventId: event.eventId,
        type: event.type,
        shareLinkId: data.shareLinkId,
        at: data.at,
        ...summaryOf(event),
      },
    );
    return [{ type: auditEntryAppended, data: { entry } }];
  },
};

export const auditLogStream = (organisationId: string) => `share-audit-${organisationId}`;
