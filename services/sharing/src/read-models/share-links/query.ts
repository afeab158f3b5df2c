// Reads of the share links read model, always scoped to one organisation. Status is judged at the
// moment of the read (expiry is a matter of the clock); the URL is derived, never stored.
import type { ShareLinkStatus, ShareLinkView, ViewingLogEntry } from '@candor/contracts';
import { shareLinkPrefix } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import type { ShareTokens } from '../../share-tokens';
import { shareLinksProjection, type ShareLinkDocument } from './projection';

export function statusOf(doc: ShareLinkDocument, now: Date): ShareLinkStatus {
  if (doc.revoked) return 'revoked';
  if (now.getTime() >= Date.parse(doc.expiresAt)) return 'expired';
  if (doc.views >= doc.maxViews) return 'used-up';
  return 'active';
}

export function shareLinksQuery(documents: DocumentStore, shareTokens: ShareTokens) {
  const links = () => documents.collection<ShareLinkDocument>(shareLinksProjection.collection);
  const toView = (stored: ShareLinkDocument, now: Date): ShareLinkView => {
    const doc = withoutRunnerFields(stored) as ShareLinkDocument;
    return {
      id: doc._id,
      liveInterviewId: doc.liveInterviewId,
      name: doc.name,
      path: `${shareLinkPrefix}${shareTokens.tokenFor(doc._id, doc.linkId)}`,
      views: doc.views,
      maxViews: doc.maxViews,
      expiresAt: doc.expiresAt,
      status: statusOf(doc, now),
      nameVisibility: doc.nameVisibility,
      content: doc.content,
      recordings: doc.recordings,
      quick: doc.quick,
      createdAt: doc.createdAt,
      createdByName: doc.createdByName,
    };
  };
  return {
    async list(organisationId: string, liveInterviewId: string, now: Date): Promise<ShareLinkView[]> {
      const docs = await links().find(
        { organisationId, liveInterviewId },
        { sort: { createdAt: -1, _id: 1 }, limit: 500 },
      );
      return docs.map((doc) => toView(doc, now));
    },
    /** Every link of an interview (any organisation: the caller proved the candidate link): how many, and the views' times. */
    async ofInterview(liveInterviewId: string): Promise<{ links: number; viewedAt: string[] }> {
      const docs = await links().find({ liveInterviewId }, { limit: 500 });
      const viewedAt = docs.flatMap((doc) => doc.viewingLog.map((view) => view.at)).sort();
      return { links: docs.length, viewedAt };
    },
    async viewingLog(organisationId: string, shareLinkId: string): Promise<ViewingLogEntry[] | null> {
      const doc = await links().get(shareLinkId);
      if (!doc || doc.organisationId !== organisationId) return null;
      return [...doc.viewingLog].reverse().map((view) => ({ ...view, linkName: doc.name }));
    },
    /** Every view of every link of one interview of this organisation, newest first (the Share tab). */
    async interviewViewingLog(organisationId: string, liveInterviewId: string): Promise<ViewingLogEntry[]> {
      const docs = await links().find({ organisationId, liveInterviewId }, { limit: 500 });
      return docs
        .flatMap((doc) => doc.viewingLog.map((view) => ({ ...view, linkName: doc.name })))
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.viewNumber - a.viewNumber));
    },
  };
}
export type ShareLinksQuery = ReturnType<typeof shareLinksQuery>;
