export type InfraName = 'postgres' | 'kafka' | 'mongo' | 'chromium' | 's3' | 'seaweedfs';
/** An S3-API server and the bucket, region and credentials to use there. */
export interface S3Infra {
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    /** bucket in the URL path (S3_FORCE_PATH_STYLE, default true: self-hosted servers need it) */
    forcePathStyle: boolean;
}
export interface Infra {
    pgUrl?: string;
    kafkaBrokers?: string[];
    mongoUrl?: string;
    chromiumPath?: string;
    s3?: S3Infra;
    /** the SeaweedFS `weed` program (deploy/infra/seaweedfs.sh), for suites that stop and start their own */
    seaweedfsBin?: string;
}
export interface InfraStatus {
    available: boolean;
    missing: InfraName[];
    infra: Infra;
}
export declare const REPO_ROOT: string;
export declare const INFRA_ENV_FILE: string;
/** CANDOR_TEST_CONTAINERS=1: the container servers come from containers only, never from env or file. */
export declare const containersOnly: () => boolean;
/** Where each server is said to be (process env wins over the env file); nothing is probed. */
export declare function configuredInfra(): Infra;
/**
 * Reads env vars (CANDOR_TEST_PG_URL, CANDOR_TEST_KAFKA_BROKERS, CANDOR_TEST_MONGO_URL,
 * CANDOR_TEST_CHROMIUM, S3_*, CANDOR_TEST_SEAWEEDFS_BIN) falling back to .cache/infra/env at the repo
 * root, and checks each named server really answers (TCP connect within 2 s; chromium and seaweedfs:
 * the file exists).
 */
export declare function findInfra(...names: InfraName[]): Promise<InfraStatus>;
/** findInfra, synchronously (for use while jest collects tests). */
export declare function findInfraSync(...names: InfraName[]): InfraStatus;
/** True when a Docker engine answers (`docker info`); cached per process. */
export declare function dockerAvailable(): boolean;
/**
 * A describe block that needs real servers.
 *
 *   describeWithInfra('event store on Postgres', ['postgres'], (getInfra) => {
 *     test('...', async () => { const { pgUrl } = getInfra(); ... });
 *   });
 *
 * - All named servers answer: the block runs; getInfra() returns their addresses.
 * - Some are missing and a Docker engine answers: containers are started in beforeAll (and
 *   stopped in afterAll); call getInfra() inside hooks/tests, not at collection time.
 * - Otherwise, with CANDOR_REQUIRE_INFRA=1: a failing test naming what is missing and how to
 *   start it. Without it: describe.skip plus a loud console.warn.
 */
export declare function describeWithInfra(title: string, names: InfraName[], fn: (getInfra: () => Infra) => void): void;
