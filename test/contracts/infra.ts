// The contract suites' view of test/support/infra.ts: a describe block per real server, which runs,
// skips loudly, or fails under CANDOR_REQUIRE_INFRA=1. Call the getters in hooks and tests only.
import { describeWithInfra, type S3Infra } from '../support/infra';

export function describeWithKafka(title: string, body: (brokers: () => string[]) => void): void {
  describeWithInfra(title, ['kafka'], (getInfra) => body(() => getInfra().kafkaBrokers ?? []));
}

export function describeWithMongo(title: string, body: (url: () => string) => void): void {
  describeWithInfra(title, ['mongo'], (getInfra) => body(() => getInfra().mongoUrl ?? ''));
}

export function describeWithS3(title: string, body: (s3: () => S3Infra) => void): void {
  describeWithInfra(title, ['s3'], (getInfra) =>
    body(() => {
      const { s3 } = getInfra();
      if (!s3) throw new Error(`${title}: no S3 server configured`);
      return s3;
    }),
  );
}
