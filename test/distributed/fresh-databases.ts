// A fresh Postgres database and a fresh Mongo database per run, so a distributed suite or a bench
// starts from empty event stores and read models and leaves nothing behind. (Kafka topics keep
// their fixed names and are shared; the runs use random ids and emails instead.)
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';

export interface FreshDatabases {
  /** DATABASE_URL of the new Postgres database */
  databaseUrl: string;
  /** MONGO_URL and MONGO_DATABASE for the services */
  mongoUrl: string;
  mongoDatabase: string;
  /** Drops both; safe to call twice. */
  drop(): Promise<void>;
}

export async function createFreshDatabases(options: { pgUrl: string; mongoUrl: string; prefix: string }): Promise<FreshDatabases> {
  const name = `${options.prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: options.pgUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const databaseUrl = new URL(options.pgUrl);
  databaseUrl.pathname = `/${name}`;

  let dropped: Promise<void> | undefined;
  return {
    databaseUrl: databaseUrl.toString(),
    mongoUrl: options.mongoUrl,
    mongoDatabase: name,
    drop: () =>
      (dropped ??= (async () => {
        const pg = new Client({ connectionString: options.pgUrl });
        await pg.connect();
        try {
          // FORCE: a service that was killed may still hold a connection for a moment
          await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await pg.end();
        }
        const mongo = new MongoClient(options.mongoUrl);
        try {
          await mongo.db(name).dropDatabase();
        } finally {
          await mongo.close();
        }
      })()),
  };
}
