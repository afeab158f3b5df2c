// The share links read model: one document per link, for the Share tab's overview (clicks, status,
// created by) and its viewing log. The link id is kept so the recruiter's list can derive each URL
// under the server key; a dump of this collection holds no working token.
import {
  sharingEventNames as names,
  sharingEventSchemas,
  topics,
  type RecordedEvent,
  type ShareContent,
  type ShareRecordings,
  type NameVisibility,
} from '@candor/contracts';
import type { Projection } from '@candor/runtime';
import type { ShareLinkEvent } from '../../share-link';

export interface ShareLinkDocument {
  _id: string;
  organisationId: string;
  liveInterviewId: string;
  linkId: string;
  name: string;
  nameVisibility: NameVisibility;
  content: ShareContent;
  recordings: ShareRecordings;
  expiresAt: string;
  maxViews: number;
  views: number;
  revoked: boolean;
  quick: boolean;
  createdAt: string;
  createdByName: string;
  /** newest last; time, coarse user agent, no address */
  viewingLog: { at: string; userAgent: string; viewNumber: number }[];
}

type ShareLinkRecordedEvent = RecordedEvent<ShareLinkEvent['type']> & ShareLinkEvent;

const schemas = {
  [names.ShareLinkCreated]: sharingEventSchemas.ShareLinkCreated,
  [names.ShareLinkEdited]: sharingEventSchemas.ShareLinkEdited,
  [names.ShareLinkViewed]: sharingEventSchemas.ShareLinkViewed,
  [names.ShareLinkRevoked]: sharingEventSchemas.ShareLinkRevoked,
  [names.ShareLinkExpired]: sharingEventSchemas.ShareLinkExpired,
} as const;

export const shareLinksProjection: Projection<ShareLinkDocument, ShareLinkRecordedEvent> = {
  name: 'sharing.share-links',
  collection: 'sharing_share_links',
  topics: [topics.sharing],
  decode(event) {
    const schema = schemas[event.type as keyof typeof schemas];
    if (!schema) return null;
    return { ...event, data: schema.parse(event.data) } as ShareLinkRecordedEvent;
  },
  documentId: (event) => event.data.shareLinkId,
  evolve(doc, event) {
    if (event.type === names.ShareLinkCreated) {
      const data = event.data;
      return {
        _id: data.shareLinkId,
        organisationId: data.organisationId,
        liveInterviewId: data.liveInterviewId,
        linkId: data.linkId,
        name: data.name,
        nameVisibility: data.nameVisibility,
        content: data.content,
        recordings: data.recordings,
        expiresAt: data.expiresAt,
        maxViews: data.maxViews,
        views: 0,
        revoked: false,
        quick: data.quick,
        createdAt: data.at,
        createdByName: data.createdByName,
        viewingLog: [],
      };
    }
    if (!doc) return doc;
    switch (event.type) {
      case names.ShareLinkEdited: {
        const { name, nameVisibility, content, recordings, expiresAt } = event.data;
        return { ...doc, name, nameVisibility, content, recordings, expiresAt: expiresAt ?? doc.expiresAt };
      }
      case names.ShareLinkViewed: {
        const { at, userAgent, viewNumber } = event.data;
        return {
          ...doc,
          views: Math.max(doc.views, viewNumber),
          viewingLog: [...doc.viewingLog, { at, userAgent, viewNumber }],
        };
      }
      case names.ShareLinkRevoked:
        return { ...doc, revoked: true };
      case names.ShareLinkExpired:
        return doc;
    }
  },
};
