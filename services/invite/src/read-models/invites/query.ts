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
  };
}
export type InvitesQuery = ReturnType<typeof invitesQuery>;
