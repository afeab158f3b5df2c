// Sign-up and log-in against the write model (a security decision never reads a projection).
import { randomUUID } from 'node:crypto';
import type { AddColleagueRequest, EventMetadata, LogInRequest, RecruiterView, SignUpRequest } from '@candor/contracts';
import {
  ConcurrencyError,
  ConflictError,
  currentTraceHeaders,
  UnauthorizedError,
  withSpan,
  type EventStore,
} from '@candor/runtime';
import { addColleague } from './organisation/add-colleague';
import { claimEmail, claimOf, emailClaimStream } from './organisation/email-claim';
import {
  evolve,
  initialState,
  organisationStream,
  type Organisation,
  type OrganisationEvent,
} from './organisation/organisation';
import { internalEventTypes, signUp } from './organisation/sign-up';
import { hashPassword, verifyNothing, verifyPassword } from './passwords';

export interface AccountsDeps {
  store: EventStore;
  now: () => Date;
  newId?: () => string;
}

export interface SignedUp {
  recruiter: RecruiterView;
  streamId: string;
  position: number;
}

export function accounts({ store, now, newId = randomUUID }: AccountsDeps) {
  const metadata = (actorId: string, organisationId: string): EventMetadata => ({
    occurredAt: now().toISOString(),
    actorId,
    organisationId,
    ...currentTraceHeaders(),
  });
  const asNewEvents = (events: { type: string; data: unknown }[], meta: EventMetadata) =>
    events.map((event) => ({ ...event, metadata: meta, internal: internalEventTypes.includes(event.type) }));

  async function loadOrganisation(organisationId: string): Promise<Organisation> {
    const events = await store.readStream(organisationStream(organisationId));
    return events.reduce((state, event) => evolve(state, event as unknown as OrganisationEvent), initialState());
  }

  return {
    signUp: (request: SignUpRequest): Promise<SignedUp> => withSpan('command SignUp', {}, () => signUpNow(request)),
    logIn: (request: LogInRequest): Promise<RecruiterView> => withSpan('command LogIn', {}, () => logInNow(request)),
    addColleague: (by: { recruiterId: string; organisationId: string }, request: AddColleagueRequest) =>
      withSpan('command AddColleague', {}, () => addColleagueNow(by, request)),
  };

  /** The email claim and the registration in one transaction, as at sign-up. */
  async function addColleagueNow(
    by: { recruiterId: string; organisationId: string },
    request: AddColleagueRequest,
  ): Promise<SignedUp> {
    const email = request.email.trim().toLowerCase();
    const claimStream = emailClaimStream(email);
    const taken = () => new ConflictError('An account with this email already exists.');
    if (claimOf(await store.readStream(claimStream))) throw taken();
    const orgStream = organisationStream(by.organisationId);
    const past = await store.readStream(orgStream);
    const organisation = past.reduce(
      (state, event) => evolve(state, event as unknown as OrganisationEvent),
      initialState(),
    );
    const recruiterId = newId();
    const meta = metadata(by.recruiterId, by.organisationId);
    const passwordHash = await hashPassword(request.password);
    const events = addColleague(
      { recruiterId, name: request.name, email, passwordHash, at: meta.occurredAt },
      organisation,
    );
    if (organisation.status !== 'active') throw new Error('unreachable: addColleague refuses an unknown organisation');
    try {
      const [, org] = await store.appendMany([
        {
          streamId: claimStream,
          events: asNewEvents([claimEmail({ recruiterId, organisationId: organisation.id })], meta),
          expectedVersion: 0,
        },
        { streamId: orgStream, events: asNewEvents(events, meta), expectedVersion: past.length },
      ]);
      const recruiter = {
        id: recruiterId,
        name: request.name,
        email,
        organisationId: organisation.id,
        organisationName: organisation.name,
      };
      return { recruiter, streamId: orgStream, position: org!.lastPosition };
    } catch (error) {
      // the email was claimed meanwhile, or the organisation changed: either way, ask again
      if (error instanceof ConcurrencyError) {
        if (claimOf(await store.readStream(claimStream))) throw taken();
        throw new ConflictError('The organisation changed meanwhile; try again.');
      }
      throw error;
    }
  }

  async function signUpNow(request: SignUpRequest): Promise<SignedUp> {
    const claimStream = emailClaimStream(request.email);
    const taken = () => new ConflictError('An account with this email already exists; sign in instead.');
    if (claimOf(await store.readStream(claimStream))) throw taken();
    const organisationId = newId();
    const recruiterId = newId();
    const meta = metadata(recruiterId, organisationId);
    const passwordHash = await hashPassword(request.password);
    const orgEvents = signUp({ ...request, organisationId, recruiterId, passwordHash, at: meta.occurredAt });
    try {
      const [, org] = await store.appendMany([
        {
          streamId: claimStream,
          events: asNewEvents([claimEmail({ recruiterId, organisationId })], meta),
          expectedVersion: 0,
        },
        { streamId: organisationStream(organisationId), events: asNewEvents(orgEvents, meta), expectedVersion: 0 },
      ]);
      const recruiter = {
        id: recruiterId,
        name: request.name,
        email: request.email,
        organisationId,
        organisationName: request.organisationName,
      };
      return { recruiter, streamId: organisationStream(organisationId), position: org!.lastPosition };
    } catch (error) {
      if (error instanceof ConcurrencyError) throw taken();
      throw error;
    }
  }

  async function logInNow(request: LogInRequest): Promise<RecruiterView> {
    const refused = new UnauthorizedError('Email or password is wrong.');
    const claim = claimOf(await store.readStream(emailClaimStream(request.email)));
    if (!claim) throw (await verifyNothing(request.password), refused);
    const organisation = await loadOrganisation(claim.organisationId);
    const recruiter = organisation.status === 'active' ? organisation.recruiters[claim.recruiterId] : undefined;
    if (organisation.status !== 'active' || !recruiter?.passwordHash)
      throw (await verifyNothing(request.password), refused);
    if (!(await verifyPassword(request.password, recruiter.passwordHash))) throw refused;
    return {
      id: recruiter.id,
      name: recruiter.name,
      email: recruiter.email,
      organisationId: organisation.id,
      organisationName: organisation.name,
    };
  }
}
export type Accounts = ReturnType<typeof accounts>;
