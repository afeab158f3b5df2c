// The live-interview templates read model: one document per template, for the dashboard's template
// list and page. Built from the invite service's events; each is validated against its contract.
import {
  liveEventNames as names,
  liveEventSchemas,
  topics,
  type LiveTemplateView,
  type RecordedEvent,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { LiveTemplateEvent } from '../../live-template';

export type LiveTemplateDocument = LiveTemplateView & { _id: string };

type LiveTemplateRecordedEvent = RecordedEvent<LiveTemplateEvent['type']> & LiveTemplateEvent;

const schemas = {
  [names.LiveTemplateCreated]: liveEventSchemas.LiveTemplateCreated,
  [names.LiveTemplateEdited]: liveEventSchemas.LiveTemplateEdited,
} as const;

export const liveTemplatesProjection: Projection<LiveTemplateDocument, LiveTemplateRecordedEvent> = {
  name: 'invite.live-templates',
  collection: 'invite_live_templates',
  topics: [topics.invite],
  decode(event) {
    const schema = schemas[event.type as keyof typeof schemas];
    if (!schema) return null;
    const data = schema.safeParse(event.data);
    return data.success ? ({ ...event, data: data.data } as LiveTemplateRecordedEvent) : null;
  },
  documentId: (event) => event.data.templateId,
  evolve(doc, event) {
    const { templateId, organisationId, name, durationMinutes, instructions, recordable, defaultInterviewers, at } =
      event.data;
    const fields = { name, durationMinutes, instructions, recordable, defaultInterviewers };
    switch (event.type) {
      case names.LiveTemplateCreated:
        return { _id: templateId, id: templateId, organisationId, ...fields, createdAt: at, updatedAt: at };
      case names.LiveTemplateEdited:
        return doc && { ...doc, ...fields, updatedAt: at };
    }
  },
};
