// Reads of the deliveries read model, always scoped to one organisation.
import type { DeliveryView } from '@candor/contracts';
import { withoutRunnerFields, type DocumentStore } from '@candor/runtime';
import { deliveriesProjection, type DeliveryDocument } from './projection';

const toView = (doc: DeliveryDocument): DeliveryView => {
  const { _id, organisationId: _organisation, ...view } = withoutRunnerFields(doc) as DeliveryDocument;
  return view;
};

export function deliveriesQuery(documents: DocumentStore) {
  const deliveries = () => documents.collection<DeliveryDocument>(deliveriesProjection.collection);
  return {
    /** The invite's emails, newest link first. */
    async ofInvite(organisationId: string, inviteId: string): Promise<DeliveryView[]> {
      const docs = await deliveries().find(
        { organisationId, inviteId },
        { sort: { createdAt: -1, _id: 1 }, limit: 100 },
      );
      return docs.map(toView);
    },
  };
}
export type DeliveriesQuery = ReturnType<typeof deliveriesQuery>;
