// Operations on a distributed deployment, run with the same variables as the service they act on
// (DATABASE_URL, MONGO_URL, MONGO_DATABASE, KAFKA_BROKERS, KAFKA_NAMESPACE):
//   npm run dlq -- replay <consumer group>     hands the group's parked messages back to it, once
//                                              (e.g. policy.session.invites, projection.sessions)
//   npm run rebuild -- <service> [read model…] rebuilds read models from the service's own event
//                                              store (stop the service's replicas first)
//   npm run catch-up -- <consumer group>       moves a group back to the start of every event topic:
//                                              a policy handles all history again at its next start
//                                              (stop its service first; handlers are idempotent)
// The embedded mode needs none of these: it rebuilds read models at every start, and a policy's
// parked event is handed over again at the next start (its checkpoint stays before it).
import { z } from 'zod';
import { topics } from '@candor/contracts';
import { createPostgresEventStore, distributedEnv, loadConfig, rebuildReadModels, type Projection } from '@candor/runtime';
import { createKafkaBus, resetConsumerGroup } from '@candor/runtime/kafka';
import { createMongoDocumentStore } from '@candor/runtime/mongo';
import { createPgClient } from '@candor/runtime/postgres';
import { inviteProjections, inviteService } from '@candor/invite';
import { sessionProjections, sessionService } from '@candor/session';
import { notificationProjections, notificationService } from '@candor/notification';
import { mediaProjections, mediaService } from '@candor/media';
import { recordingProjections, recordingService } from '@candor/recording';
import { sharingProjections, sharingService } from '@candor/sharing';
import { identityService } from '@candor/identity';

const services: Record<string, { schema: string; topic: string; projections: Projection<any, any>[] }> = {
  identity: { ...identityService, projections: [] },
  invite: { ...inviteService, projections: inviteProjections },
  session: { ...sessionService, projections: sessionProjections },
  notification: { ...notificationService, projections: notificationProjections },
  media: { ...mediaService, projections: mediaProjections },
  recording: { ...recordingService, projections: recordingProjections },
  sharing: { ...sharingService, projections: sharingProjections },
};

const kafkaEnv = z.object({ KAFKA_BROKERS: distributedEnv.KAFKA_BROKERS, KAFKA_NAMESPACE: distributedEnv.KAFKA_NAMESPACE });
const storesEnv = z.object({
  DATABASE_URL: distributedEnv.DATABASE_URL,
  MONGO_URL: distributedEnv.MONGO_URL,
  MONGO_DATABASE: distributedEnv.MONGO_DATABASE,
});
const groupPattern = /^(policy|projection)\.[A-Za-z0-9._-]+$/;

function usage(message: string): never {
  console.error(`${message}\n\nnpm run dlq -- replay <consumer group>\nnpm run rebuild -- <service> [read model…]\nnpm run catch-up -- <consumer group>`);
  process.exit(2);
}

async function main([command, ...args]: string[]): Promise<void> {
  if (command === 'dlq') {
    const [action, group] = args;
    if (action !== 'replay' || !group || !groupPattern.test(group)) usage('dlq: replay <policy.x | projection.x>');
    const env = loadConfig(kafkaEnv);
    const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS, namespace: env.KAFKA_NAMESPACE, clientId: 'candor-operations' });
    try {
      const count = await bus.replayDeadLetters(group);
      console.log(`${group}: ${count} parked message(s) handed back`);
    } finally {
      await bus.close();
    }
    return;
  }
  if (command === 'catch-up') {
    const [group] = args;
    if (!group || !groupPattern.test(group)) usage('catch-up: <policy.x | projection.x>');
    const env = loadConfig(kafkaEnv);
    await resetConsumerGroup({ brokers: env.KAFKA_BROKERS, namespace: env.KAFKA_NAMESPACE, clientId: 'candor-operations' }, group, Object.values(topics));
    console.log(`${group}: back at the start of every event topic; it catches up when its service starts`);
    return;
  }
  if (command === 'rebuild') {
    const [name, ...readModels] = args;
    const service = name ? services[name] : undefined;
    if (!service) usage(`rebuild: which service? (${Object.keys(services).join(', ')})`);
    const env = loadConfig(storesEnv);
    const sql = createPgClient(env.DATABASE_URL);
    const documents = createMongoDocumentStore({ url: env.MONGO_URL, database: env.MONGO_DATABASE });
    try {
      const store = createPostgresEventStore({ sql, schema: service.schema, topic: service.topic });
      for (const { projection, ms } of await rebuildReadModels({ store, documents, projections: service.projections, names: readModels })) {
        console.log(`${name}: ${projection} rebuilt in ${ms} ms`);
      }
    } finally {
      await documents.close();
      await sql.close();
    }
    return;
  }
  usage(`unknown command ${command ?? ''}`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
