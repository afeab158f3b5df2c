// The interview-recordings decider, given / when / then: segments open and close with the room,
// carry whoever is in the room's media and the candidate's consent, notes are idempotent by media
// event id, and the processing → ready / failed → deleted life of a segment.
import { recordingEventNames as types, recordingNotice } from '@candor/contracts';
import { ConflictError, NotFoundError } from '@candor/runtime';
import { recordingsDecider, type RecordingCommand, type RecordingEvent } from '.';

const room = { roomId: '6f1c0c2e-8a51-4b8e-9c43-0d7f35f1a001', organisationId: 'org-a' };
const host = { participantId: 'h1', name: 'Hana Host', role: 'host' as const };
const candidate = { participantId: 'candidate', name: 'Cara Candidate', role: 'candidate' as const };
const consent = { linkId: 'link-1', notice: recordingNotice, at: '2026-11-01T09:59:00.000Z' };
const segmentId = '0b1f8a2c-3d4e-4f50-8a61-7b8c9d0e1f20';

let n = 0;
const media = (at: string) => ({ ...room, mediaEventId: `media-${++n}`, at });

function given(...commands: RecordingCommand[]) {
  let state = recordingsDecider.initialState();
  for (const command of commands) {
    for (const event of recordingsDecider.decide(command, state)) state = recordingsDecider.evolve(state, event);
  }
  return {
    when: (command: RecordingCommand): RecordingEvent[] => recordingsDecider.decide(command, state),
    state,
  };
}

const joinedHost = (): RecordingCommand => ({
  type: 'NoteParticipantJoined',
  participant: host,
  ...media('2026-11-01T10:00:00.000Z'),
});
const joinedCandidate = (): RecordingCommand => ({
  type: 'NoteParticipantJoined',
  participant: candidate,
  ...media('2026-11-01T10:00:01.000Z'),
});
const consented = (): RecordingCommand => ({ type: 'NoteConsent', consent, ...media('2026-11-01T09:59:00.000Z') });
const admitted = (): RecordingCommand => ({ type: 'NoteCandidateAdmitted', ...media('2026-11-01T10:00:02.000Z') });
const started = (at = '2026-11-01T10:01:00.000Z', id = segmentId): RecordingCommand => ({
  type: 'StartSegment',
  segmentId: id,
  by: 'h1',
  byName: 'Hana Host',
  ...media(at),
});
const stopped = (at = '2026-11-01T10:01:08.000Z'): RecordingCommand => ({
  type: 'CloseSegment',
  interrupted: false,
  ...media(at),
});
const ready = (): RecordingCommand => ({
  type: 'MarkReady',
  ...room,
  segmentId,
  key: `k/${segmentId}/composite.webm`,
  contentType: 'video/webm',
  sizeBytes: 1234,
  durationMs: 8000,
  tracks: [],
  at: '2026-11-01T10:02:00.000Z',
});

describe('a segment starts', () => {
  it('with the participants in the room and the consent the candidate gave', () => {
    const events = given(consented(), joinedHost(), joinedCandidate(), admitted()).when(started());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: types.RecordingSegmentStarted,
      data: { segmentId, index: 1, participants: [host, candidate], consent, startedByName: 'Hana Host' },
    });
  });

  it('leaves out a candidate still waiting to be admitted', () => {
    const [event] = given(consented(), joinedHost(), joinedCandidate()).when(started());
    expect(event!.data).toMatchObject({ participants: [host] });
  });

  it('never includes a candidate without consent on record', () => {
    const [event] = given(joinedHost(), joinedCandidate(), admitted()).when(started());
    expect(event!.data).toMatchObject({ participants: [host], consent: null });
  });

  it('numbers segments and opens at most one at a time', () => {
    const first = given(joinedHost(), started(), stopped());
    const [second] = first.when(started('2026-11-01T10:05:00.000Z', 'aaaaaaaa-3d4e-4f50-8a61-7b8c9d0e1f20'));
    expect(second!.data).toMatchObject({ index: 2 });
    expect(
      given(joinedHost(), started()).when(started('2026-11-01T10:02:00.000Z', 'bbbbbbbb-3d4e-4f50-8a61-7b8c9d0e1f20')),
    ).toEqual([]);
  });

  it('decides nothing for a media event it already acted on', () => {
    const start = started();
    const { when } = given(joinedHost(), start, stopped());
    expect(when(start)).toEqual([]);
  });
});

describe('while a segment records', () => {
  it('adds a host who joins, and the candidate when admitted with consent', () => {
    const recording = given(consented(), joinedHost(), started(), joinedCandidate());
    expect(recording.state.segments[0]!.participants).toEqual([host]);
    const events = recording.when(admitted());
    expect(events.map((event) => event.type)).toEqual([
      types.RecordingCandidateAdmitted,
      types.RecordingSegmentParticipantAdded,
    ]);
    expect(events[1]!.data).toMatchObject({ segmentId, participant: candidate });
  });

  it('covers the segment with consent given after it started', () => {
    const { state } = given(joinedHost(), started(), consented());
    expect(state.segments[0]!.consent).toEqual(consent);
  });
});

describe('a segment closes', () => {
  it('with its duration, and is then processing', () => {
    const recording = given(joinedHost(), started(), stopped('2026-11-01T10:01:08.500Z'));
    expect(recording.state.segments[0]).toMatchObject({ status: 'processing', durationMs: 8500, interrupted: false });
  });

  it('marked interrupted when the recorder stopped early', () => {
    const [event] = given(joinedHost(), started()).when({
      type: 'CloseSegment',
      ...room,
      mediaEventId: null,
      interrupted: true,
      at: '2026-11-01T10:01:03.000Z',
    });
    expect(event!.data).toMatchObject({ interrupted: true, durationMs: 3000 });
  });

  it('not at all when none is open', () => {
    expect(given(joinedHost()).when(stopped())).toEqual([]);
  });
});

describe('after a segment closed', () => {
  it('becomes ready once, with its file', () => {
    const recording = given(joinedHost(), started(), stopped(), ready());
    expect(recording.state.segments[0]).toMatchObject({
      status: 'ready',
      key: `k/${segmentId}/composite.webm`,
      sizeBytes: 1234,
    });
    expect(recording.when(ready())).toEqual([]);
  });

  it('fails with a reason, and a later success still makes it ready', () => {
    const failed = given(joinedHost(), started(), stopped(), {
      type: 'MarkFailed',
      ...room,
      segmentId,
      reason: 'ffmpeg exited 1',
      at: '2026-11-01T10:02:00.000Z',
    });
    expect(failed.state.segments[0]).toMatchObject({ status: 'failed', failure: 'ffmpeg exited 1' });
    expect(failed.when(ready())[0]!.type).toBe(types.RecordingReady);
  });

  it('is deleted once; a deleted segment never becomes ready again', () => {
    const del: RecordingCommand = {
      type: 'DeleteRecording',
      ...room,
      segmentId,
      by: 'rec-1',
      reason: 'recruiter',
      at: '2026-11-02T00:00:00.000Z',
    };
    const deleted = given(joinedHost(), started(), stopped(), del);
    expect(deleted.state.segments[0]).toMatchObject({ status: 'deleted', deletedAt: '2026-11-02T00:00:00.000Z' });
    expect(deleted.when(del)).toEqual([]);
    expect(deleted.when(ready())).toEqual([]);
  });

  it('refuses to delete a segment that is still recording, or one that does not exist', () => {
    const del: RecordingCommand = {
      type: 'DeleteRecording',
      ...room,
      segmentId,
      by: 'rec-1',
      reason: 'recruiter',
      at: '2026-11-02T00:00:00.000Z',
    };
    expect(() => given(joinedHost(), started()).when(del)).toThrow(ConflictError);
    expect(() => given(joinedHost()).when(del)).toThrow(NotFoundError);
  });

  it("answers another organisation's command as not found", () => {
    const recording = given(joinedHost(), started(), stopped(), ready());
    const del: RecordingCommand = {
      type: 'DeleteRecording',
      ...room,
      organisationId: 'org-b',
      segmentId,
      by: 'x',
      reason: 'recruiter',
      at: '2026-11-02T00:00:00.000Z',
    };
    expect(() => recording.when(del)).toThrow(NotFoundError);
  });
});
