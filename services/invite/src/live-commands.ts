// What the recruiter routes of live interviews share: running a command on a template's or an
// interview's stream (answering the position a read can wait for), loading a stream's state from the
// write model, waiting for a read model, and deriving an interview's two link paths on demand (no
// token is stored).
import { z } from 'zod';
import {
  consistencyToken,
  consistencyTokenSchema,
  liveLinkPrefixes,
  liveLinkPurposes,
  type CommandResult,
  type LiveInterviewDetails,
  type LiveLinksResponse,
  type LiveRole,
} from '@candor/contracts';
import {
  handleCommand,
  ValidationError,
  type Decider,
  type DomainEvent,
  type EventStore,
  type LinkTokens,
  type ProjectionRunner,
  type recruiterOf,
} from '@candor/runtime';
import { createOnce } from './create-once';
import {
  instantOf,
  liveInterviewDecider,
  liveInterviewStream,
  type LiveInterview,
  type LiveInterviewCommand,
} from './live-interview';
import { liveTemplateDecider, liveTemplateStream, type LiveTemplate, type LiveTemplateCommand } from './live-template';

export type Recruiter = ReturnType<typeof recruiterOf>;
/** who acts and when: every live command carries it */
export type By = { organisationId: string; recruiterId: string; at: string };
type WaitFor = { streamId: string; position: number } | undefined;

/** a read's query: at most a position to wait for */
export const readQuery = z.strictObject({ waitFor: consistencyTokenSchema.optional() });

type Ran<State> = Promise<{ result: CommandResult; state: State }>;

export interface LiveCommands {
  /** the service's clock */
  now: () => Date;
  /** a stream's current state, from the write model */
  load<State, Event extends DomainEvent>(streamId: string, decider: Decider<State, never, Event>): Promise<State>;
  onTemplate(recruiter: Recruiter, templateId: string, command: (by: By) => LiveTemplateCommand): Ran<LiveTemplate>;
  /** schedules a new interview at most once per idempotency key (see create-once.ts) */
  scheduleOnce(
    recruiter: Recruiter,
    liveInterviewId: string,
    request: { key: string | undefined; fingerprint: unknown; check?: () => Promise<void> },
    command: (by: By) => LiveInterviewCommand,
  ): Ran<LiveInterview>;
  onInterview(
    recruiter: Recruiter,
    liveInterviewId: string,
    command: (by: By) => LiveInterviewCommand,
  ): Ran<LiveInterview>;
  /** whether the read model reached `waitFor` within the read wait (true without one) */
  caughtUp(runner: Pick<ProjectionRunner, 'waitFor'>, waitFor: WaitFor): Promise<boolean>;
  /** the interview's link paths (`/join/<token>`, `/host/<token>`), null for a revoked one */
  linksOf(
    interview: Pick<LiveInterviewDetails, 'liveInterviewId' | 'candidateLinkId' | 'hostLinkId'>,
  ): LiveLinksResponse;
}

export function liveCommands(deps: {
  store: EventStore;
  linkTokens: LinkTokens;
  now: () => Date;
  readWaitMs: number;
}): LiveCommands {
  const { store, linkTokens, now, readWaitMs } = deps;

  async function load<State, Event extends DomainEvent>(streamId: string, decider: Decider<State, never, Event>) {
    let state = decider.initialState();
    for (const event of await store.readStream(streamId)) state = decider.evolve(state, event as unknown as Event);
    return state;
  }

  async function run<State, Command, Event extends DomainEvent>(
    recruiter: Recruiter,
    id: string,
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: (by: By) => Command,
  ) {
    const at = now().toISOString();
    const by = { organisationId: recruiter.org, recruiterId: recruiter.sub, at };
    const outcome = await handleCommand(store, streamId, decider, command(by), {
      occurredAt: at,
      actorId: recruiter.sub,
      organisationId: recruiter.org,
    });
    // a command that changed nothing answers the stream's last position, so `waitFor` still works
    const position = outcome.position || (await store.readStream(streamId)).at(-1)?.position || 0;
    const result: CommandResult = { id, streamId, position, waitFor: consistencyToken(streamId, position) };
    return { result, state: outcome.state };
  }

  return {
    now,
    load,
    onTemplate: (recruiter, templateId, command) =>
      run(recruiter, templateId, liveTemplateStream(templateId), liveTemplateDecider, command),
    async scheduleOnce(recruiter, liveInterviewId, request, command) {
      const at = now().toISOString();
      const created = await createOnce(store, {
        ...request,
        scope: { organisationId: recruiter.org, recruiterId: recruiter.sub },
        id: liveInterviewId,
        streamId: liveInterviewStream(liveInterviewId),
        decider: liveInterviewDecider,
        command: command({ organisationId: recruiter.org, recruiterId: recruiter.sub, at }),
        metadata: { occurredAt: at, actorId: recruiter.sub, organisationId: recruiter.org },
      });
      const { id, streamId, position } = created;
      return {
        result: { id, streamId, position, waitFor: consistencyToken(streamId, position) },
        state: created.state,
      };
    },
    onInterview: (recruiter, liveInterviewId, command) =>
      run(recruiter, liveInterviewId, liveInterviewStream(liveInterviewId), liveInterviewDecider, command),
    caughtUp: (runner, waitFor) =>
      waitFor ? runner.waitFor(waitFor.streamId, waitFor.position, readWaitMs) : Promise.resolve(true),
    linksOf(interview) {
      const path = (role: LiveRole, linkId: string | null) =>
        linkId === null
          ? null
          : {
              path: `${liveLinkPrefixes[role]}${linkTokens.tokenFor(liveLinkPurposes[role], interview.liveInterviewId, linkId)}`,
            };
      return { candidate: path('candidate', interview.candidateLinkId), host: path('host', interview.hostLinkId) };
    },
  };
}

const wallClockProblems = {
  'not-a-time': 'this is not a real date and time',
  'unknown-zone': 'unknown time zone',
  skipped: 'this time does not exist in that time zone (the clocks skip it); choose another',
} as const;

/** The UTC instant the recruiter means, or a 400 on `startsAt`. */
export function instantOrRefuse(startsAt: string, timeZone: string): string {
  const converted = instantOf(startsAt, timeZone);
  if (converted.ok) return converted.instant;
  const message = wallClockProblems[converted.reason];
  throw new ValidationError(`startsAt: ${message}.`, [{ path: 'startsAt', message }]);
}
