// The invite service as the pipeline bench runs it, in one process or split in two (CANDOR_ROLE
// `commands` + `consumers`, as a deployment may): the service's own factory on the bench's own
// topic with only the jobs read model, composed by runService exactly as the service's main does.
// Everything it is made from is plain data, so the bench's child process builds the same thing.
import { createInviteService, inviteService, jobsProjection } from '@candor/invite';
import {
  composeService,
  createLinkTokens,
  createLiveTokens,
  createSessionTokens,
  ownTokenKeys,
  parseLinkKeys,
  type generateSigningKey,
  signingKeysEnv,
  tokenIssuers,
} from '@candor/runtime';
import { runService, type RunningService, type RunServiceOptions } from '@candor/runtime/distributed';

/** What both processes of a split bench are given (JSON through the environment). */
export interface BenchServiceSetup {
  topic: string;
  projectionName: string;
  /** identity's key: the bench signs recruiter sessions, the service checks them */
  identityKey: Awaited<ReturnType<typeof generateSigningKey>>;
  linkKeys: string;
  env: Record<string, string>;
}

export function benchProjection(setup: BenchServiceSetup) {
  return { ...jobsProjection, name: setup.projectionName, topics: [setup.topic] };
}

export async function runBenchInviteService(
  setup: BenchServiceSetup,
  role: 'all' | 'commands' | 'consumers',
  options: RunServiceOptions = {},
): Promise<RunningService> {
  const projection = benchProjection(setup);
  const sessionKeys = await ownTokenKeys(tokenIssuers.identity, [setup.identityKey]);
  return runService(
    {
      ...inviteService,
      topic: setup.topic,
      env: signingKeysEnv,
      compose: (config, adapters) =>
        composeService({ ...inviteService, topic: setup.topic }, [projection], adapters, async (host) =>
          createInviteService({
            store: host.store,
            documents: adapters.documents,
            tokens: createSessionTokens(sessionKeys),
            liveTokens: createLiveTokens(await ownTokenKeys(tokenIssuers.invite, config.CANDOR_SIGNING_KEYS)),
            linkTokens: createLinkTokens(parseLinkKeys(setup.linkKeys)),
            runners: { [jobsProjection.name]: host.runners[projection.name]! },
          }),
        ),
    },
    { ...setup.env, CANDOR_ROLE: role },
    options,
  );
}
