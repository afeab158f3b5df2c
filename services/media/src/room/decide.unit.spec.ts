import { grantsFor, linkProblemTypes, liveProblemTypes, roomEventNames as names } from '@candor/contracts';
import { CandorError } from '@candor/runtime';
import { enterableRoom, waitingRoomOpensAt, type RoomActor } from './access';
import { decide, type RoomCommand } from './decide';
import { evolve, initialState, type Room, type RoomEvent } from './room';

const at = '2026-11-21T10:00:00.000Z';
const later = '2026-11-21T10:05:00.000Z';
const ofRoom = { roomId: 'room-1', organisationId: 'org-a', at };

const prepare: RoomCommand = {
  type: 'PrepareRoom',
  ...ofRoom,
  templateId: 'tpl-1',
  templateName: 'Backend panel',
  candidateName: 'Grace Hopper',
  startsAt: '2026-11-22T09:00:00.000Z',
  durationMinutes: 45,
  recordable: true,
  candidateLinkId: 'cand-1',
  hostLinkId: 'host-1',
};
const host: RoomActor = {
  participantId: 'host-a',
  name: 'Ada',
  organisationId: 'org-a',
  role: 'host',
  linkId: 'host-1',
  grants: grantsFor.host,
};
const candidate: RoomActor = {
  participantId: 'candidate',
  name: 'Grace Hopper',
  organisationId: 'org-a',
  role: 'candidate',
  linkId: 'cand-1',
  grants: grantsFor.candidate,
};
const byHost = (
  type: 'AdmitCandidate' | 'DeclineCandidate' | 'StartRecording' | 'StopRecording' | 'EndInterview',
  actor = host,
): RoomCommand => ({
  type,
  roomId: 'room-1',
  actor,
  at: later,
});
const mute = (actor = host): RoomCommand => ({
  type: 'MuteParticipant',
  roomId: 'room-1',
  actor,
  participantId: 'candidate',
  at: later,
});

const apply = (state: Room, events: RoomEvent[]) => events.reduce(evolve, state);
/** given these commands were decided, the state */
function given(...commands: RoomCommand[]): Room {
  return commands.reduce((state, command) => apply(state, decide(command, state)), initialState());
}
function refusal(run: () => unknown): { status: number; type?: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof CandorError) return { status: error.status, type: error.type };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('room decider: the invite service\u2019s changes', () => {
  it('prepares a room once, however often the scheduling event arrives', () => {
    const events = decide(prepare, initialState());
    expect(events).toEqual([
      {
        type: names.RoomPrepared,
        data: expect.objectContaining({
          roomId: 'room-1',
          candidateLinkId: 'cand-1',
          hostLinkId: 'host-1',
          recordable: true,
        }),
      },
    ]);
    expect(decide(prepare, apply(initialState(), events))).toEqual([]);
  });

  it('reschedules on news only: a replayed older reschedule or the same start writes nothing', () => {
    const room = given(prepare);
    const move: RoomCommand = { type: 'RescheduleRoom', ...ofRoom, startsAt: '2026-11-23T09:00:00.000Z', at: later };
    const moved = apply(room, decide(move, room));
    expect(moved).toMatchObject({ startsAt: '2026-11-23T09:00:00.000Z' });
    expect(decide(move, moved)).toEqual([]);
    const older: RoomCommand = { ...move, startsAt: '2026-11-24T09:00:00.000Z', at };
    expect(decide({ ...older, at: '2026-11-21T09:00:00.000Z' }, moved)).toEqual([]);
  });

  it('follows revoke and re-issue of each link, and ignores them when replayed', () => {
    const room = given(prepare);
    const revoke: RoomCommand = {
      type: 'ChangeRoomLinks',
      ...ofRoom,
      role: 'candidate',
      linkId: null,
      previousLinkId: 'cand-1',
    };
    const reissue: RoomCommand = { ...revoke, linkId: 'cand-2', previousLinkId: null, at: later };
    const revoked = apply(room, decide(revoke, room));
    expect(revoked).toMatchObject({ candidateLinkId: null, hostLinkId: 'host-1' });
    const reissued = apply(revoked, decide(reissue, revoked));
    expect(reissued).toMatchObject({ candidateLinkId: 'cand-2', hostLinkId: 'host-1' });
    // replay of the whole history finds nothing to do
    expect(decide(revoke, reissued)).toEqual([]);
    expect(decide(reissue, reissued)).toEqual([]);
    const hostReissue: RoomCommand = { ...revoke, role: 'host', linkId: 'host-2', previousLinkId: 'host-1' };
    expect(apply(reissued, decide(hostReissue, reissued))).toMatchObject({
      candidateLinkId: 'cand-2',
      hostLinkId: 'host-2',
    });
  });

  it('cancels once; afterwards every command is refused as cancelled', () => {
    const cancel: RoomCommand = { type: 'CancelRoom', reason: 'cancelled', ...ofRoom };
    const cancelled = given(prepare, cancel);
    expect(decide(cancel, cancelled)).toEqual([]);
    for (const command of [byHost('AdmitCandidate'), byHost('EndInterview'), mute()]) {
      expect(refusal(() => decide(command, cancelled))).toEqual({ status: 410, type: liveProblemTypes.cancelled });
    }
  });

  it('closed because the candidate declined: every refusal says so, for the interviewers too', () => {
    const declined = given(prepare, { type: 'CancelRoom', reason: 'candidate-declined', ...ofRoom });
    for (const command of [byHost('AdmitCandidate'), byHost('EndInterview'), mute()]) {
      expect(refusal(() => decide(command, declined))).toEqual({ status: 410, type: liveProblemTypes.candidateDeclined });
    }
  });
});

describe('room decider: host actions', () => {
  it('admits the candidate once, whichever host clicks', () => {
    const room = given(prepare);
    expect(decide(byHost('AdmitCandidate'), room)).toEqual([
      {
        type: names.CandidateAdmitted,
        data: { roomId: 'room-1', organisationId: 'org-a', by: 'host-a', byName: 'Ada', at: later },
      },
    ]);
    const admitted = given(prepare, byHost('AdmitCandidate'));
    expect(decide(byHost('AdmitCandidate', { ...host, participantId: 'host-b', name: 'Bo' }), admitted)).toEqual([]);
  });

  it('refuses every host action to a candidate token (403 action-forbidden), whatever the state', () => {
    const room = given(prepare, byHost('StartRecording'));
    for (const command of [
      byHost('AdmitCandidate', candidate),
      byHost('DeclineCandidate', candidate),
      byHost('StartRecording', candidate),
      byHost('StopRecording', candidate),
      byHost('EndInterview', candidate),
      mute(candidate),
    ]) {
      expect(refusal(() => decide(command, room))).toEqual({ status: 403, type: liveProblemTypes.forbidden });
    }
  });

  it('refuses a host whose link was revoked or re-issued since the token was minted', () => {
    const revoke: RoomCommand = {
      type: 'ChangeRoomLinks',
      ...ofRoom,
      role: 'host',
      linkId: 'host-2',
      previousLinkId: 'host-1',
    };
    const room = given(prepare, revoke);
    expect(refusal(() => decide(byHost('AdmitCandidate'), room))).toEqual({
      status: 410,
      type: linkProblemTypes.revoked,
    });
    expect(decide(byHost('AdmitCandidate', { ...host, linkId: 'host-2' }), room)).toHaveLength(1);
  });

  it('treats a host of another organisation as if the room did not exist', () => {
    const room = given(prepare);
    expect(refusal(() => decide(byHost('EndInterview', { ...host, organisationId: 'org-b' }), room)).status).toBe(404);
  });

  it('declines for good: the candidate cannot be admitted nor enter afterwards', () => {
    const room = given(prepare, byHost('DeclineCandidate'));
    expect(refusal(() => decide(byHost('AdmitCandidate'), room)).status).toBe(409);
    expect(
      refusal(() => enterableRoom(room, { organisationId: 'org-a', role: 'candidate', linkId: 'cand-1' })),
    ).toEqual({
      status: 403,
      type: liveProblemTypes.declined,
    });
    expect(enterableRoom(room, { organisationId: 'org-a', role: 'host', linkId: 'host-1' })).toMatchObject({
      id: 'room-1',
    });
  });

  it('starts and stops recording only when the template allows it and the state changes (409 otherwise)', () => {
    const unrecordable = given({ ...prepare, recordable: false } as RoomCommand);
    expect(refusal(() => decide(byHost('StartRecording'), unrecordable)).status).toBe(409);
    const room = given(prepare);
    expect(refusal(() => decide(byHost('StopRecording'), room)).status).toBe(409);
    const recording = given(prepare, byHost('StartRecording'));
    expect(recording).toMatchObject({ recording: true });
    expect(refusal(() => decide(byHost('StartRecording'), recording)).status).toBe(409);
    expect(given(prepare, byHost('StartRecording'), byHost('StopRecording'))).toMatchObject({ recording: false });
  });

  it('mutes a participant with who did it', () => {
    expect(decide(mute(), given(prepare))).toEqual([
      {
        type: names.ParticipantMuted,
        data: {
          roomId: 'room-1',
          organisationId: 'org-a',
          participantId: 'candidate',
          by: 'host-a',
          byName: 'Ada',
          at: later,
        },
      },
    ]);
  });

  it('ends the interview for good: every later command and entry is refused as ended', () => {
    const ended = given(prepare, byHost('StartRecording'), byHost('EndInterview'));
    expect(ended).toMatchObject({ endedAt: later, recording: false });
    for (const command of [
      byHost('EndInterview'),
      byHost('AdmitCandidate'),
      mute(),
      { type: 'RecordParticipantJoined', ...ofRoom, participantId: 'x', name: 'X', role: 'host' } as RoomCommand,
    ]) {
      expect(refusal(() => decide(command, ended))).toEqual({ status: 410, type: liveProblemTypes.ended });
    }
    expect(refusal(() => enterableRoom(ended, { organisationId: 'org-a', role: 'host', linkId: 'host-1' }))).toEqual({
      status: 410,
      type: liveProblemTypes.ended,
    });
  });
});

describe('room decider: consent and entry', () => {
  it('records the recording consent once, with the words agreed to', () => {
    const consent: RoomCommand = {
      type: 'GiveRecordingConsent',
      ...ofRoom,
      linkId: 'cand-1',
      notice: 'It may be recorded.',
    };
    const room = given(prepare);
    expect(decide(consent, room)).toEqual([
      {
        type: names.RecordingConsentGiven,
        data: { roomId: 'room-1', organisationId: 'org-a', linkId: 'cand-1', notice: 'It may be recorded.', at },
      },
    ]);
    expect(decide(consent, given(prepare, consent))).toEqual([]);
    expect(refusal(() => decide(consent, given({ ...prepare, recordable: false } as RoomCommand))).status).toBe(409);
  });

  it('lets in only the current link of each role, of the right organisation', () => {
    const room = given(prepare);
    expect(refusal(() => enterableRoom(room, { organisationId: 'org-b', role: 'host', linkId: 'host-1' })).status).toBe(
      404,
    );
    expect(refusal(() => enterableRoom(room, { organisationId: 'org-a', role: 'host', linkId: 'cand-1' }))).toEqual({
      status: 410,
      type: linkProblemTypes.revoked,
    });
    expect(
      refusal(() => enterableRoom(initialState(), { organisationId: 'org-a', role: 'host', linkId: 'host-1' })).status,
    ).toBe(404);
  });

  it('opens the waiting room 15 minutes before the start', () => {
    const room = given(prepare);
    if (room.status !== 'prepared') throw new Error('not prepared');
    expect(waitingRoomOpensAt(room).toISOString()).toBe('2026-11-22T08:45:00.000Z');
  });
});
