// Reads of the invites read model, always scoped to one organisation.
import type { InviteView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { invitesProjection, type InviteDocument } from './projection';

export function invitesQuery(documents: DocumentStore, now: () => Date) {
  const invites = () => documents.collection<InviteDocument>(invitesProjection.collection);
  const toView = (doc: InviteDocument): InviteView => {
    const { _id, ...view } = withoutRunnerFields(doc) as InviteDocument;
    const expired =
      view.linkState === 'active' && view.expiresAt !== null && Date.parse(view.expiresAt) <= now().getTime();
    return { ...view, linkState: expired ? 'expired' : view.linkState };
  };
  return {
    async get(organisationId: string, inviteId: string): Promise<InviteView | null> {
      const doc = await invites().get(inviteId);
      return doc && doc.organisationId === organisationId ? toView(doc) : null;
    },
    /** the candidate's invites to the job whose link still works, newest first (emails match case-insensitively) */
    async open(organisationId: string, jobId: string, candidateEmail: string): Promise<InviteView[]> {
      const email = candidateEmail.trim().toLowerCase();
      const docs = await invites().find({ organisationId, jobId });
      return docs
        .filter((doc) => doc.candidateEmail.toLowerCase() === email)
        .map(toView)
        .filter((view) => view.linkState === 'active')
        .toSorted((a, b) => b.invitedAt.localeCompare(a.invitedAt));
    },
  };
}
export type InvitesQuery = ReturnType<typeof invitesQuery>;
