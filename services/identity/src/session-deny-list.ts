// The deny list of logged-out recruiter sessions: log-out records `SessionRevoked` on the stream
// `session-revoked-<jti>` in the identity service's own event store, which every identity replica
// reads, so the answer is the same whichever replica is asked. Internal (no outbox row): the other
// services do not follow it on the bus — they ask (GET /sessions/<jti>/revoked) and cache briefly
// (runtime auth/session-revocations.ts), because only one replica of each would get a bus message.
// A token id is a random UUID, so a stream per id stays one event long.
import { ConcurrencyError, type EventStore, type SessionRevocations } from '@candor/runtime';

export const sessionRevokedEvent = 'SessionRevoked';
const streamOf = (jti: string) => `session-revoked-${jti}`;

export interface SessionDenyList extends SessionRevocations {
  /** Logs the session out; doing it twice is harmless. */
  revoke(session: { jti: string; exp: number; sub: string; org: string }, at: Date): Promise<void>;
}

export function sessionDenyList(store: EventStore): SessionDenyList {
  return {
    async revoke(session, at) {
      const event = {
        type: sessionRevokedEvent,
        data: { jti: session.jti, recruiterId: session.sub, expiresAt: new Date(session.exp * 1000).toISOString() },
        metadata: { occurredAt: at.toISOString(), actorId: session.sub, organisationId: session.org },
        internal: true,
      };
      try {
        await store.append(streamOf(session.jti), [event], { expectedVersion: 0 });
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    },
    async isRevoked(jti) {
      return (await store.readStream(streamOf(jti))).length > 0;
    },
  };
}
