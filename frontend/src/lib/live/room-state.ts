// The live room as one participant's browser sees it, as a pure state machine: the signalling
// server's messages, the socket closing and the join endpoint's refusals go in; the new state and
// the effects to carry out (publish, answer a subscription, stop everything, reconnect) come out.
// LiveSession (live-session.ts) runs the effects with real sockets and peer connections.
//
// The client mirrors the server and never second-guesses it: what the server offers is answered,
// whatever the phase. The server alone keeps a waiting candidate from seeing or hearing anyone, and
// the browser test checks exactly that with getStats.
import type { LiveRole, RoomGrants, RoomSnapshot, ServerMessage } from '@candor/contracts';
import { isFinal, outcomeOfClose, type LiveOutcome } from './outcomes.ts';

/** Where the participant is: the last place the server put them, until the visit ends. */
export type Phase = 'joining' | 'waiting' | 'in-room' | 'left' | 'over';
export type Connection = 'connecting' | 'open' | 'reconnecting';

export interface LiveState {
  phase: Phase;
  connection: Connection;
  /** why the visit is over (phase `over`) */
  outcome: LiveOutcome | null;
  participantId: string | null;
  role: LiveRole | null;
  grants: RoomGrants | null;
  room: RoomSnapshot;
  /** the host who muted this participant, while the banner shows */
  mutedBy: string | null;
  /** whether the publishing connection was offered on the current socket */
  publishing: boolean;
  /** the last action the server refused, in its words */
  notice: string | null;
  /** connection attempts in a row that did not reach `welcome` */
  attempt: number;
}

export type Effect =
  | { type: 'publish' }
  | { type: 'accept-answer'; sdp: string }
  | { type: 'subscribe'; subscriptionId: string; publisherId: string; sdp: string }
  | { type: 'unsubscribe'; subscriptionId: string }
  | { type: 'silence-microphone' }
  /** close every peer connection: the server forgot them with the socket */
  | { type: 'drop-connections' }
  | { type: 'reconnect'; delayMs: number }
  /** stop the tracks, close the connections and the socket: the visit is over */
  | { type: 'stop' };

export interface Step {
  state: LiveState;
  effects: Effect[];
}

const emptyRoom: RoomSnapshot = { participants: [], waiting: [], recording: false };

export function initialState(): LiveState {
  return {
    phase: 'joining',
    connection: 'connecting',
    outcome: null,
    participantId: null,
    role: null,
    grants: null,
    room: emptyRoom,
    mutedBy: null,
    publishing: false,
    notice: null,
    attempt: 0,
  };
}

const finished = (state: LiveState): boolean => state.phase === 'over' || state.phase === 'left';

/** Attempts in a row without a `welcome` before the page gives up and offers Try again (about a minute). */
export const maxAttempts = 10;

/** Backoff between reconnection attempts: 0.5 s doubling to 8 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(8_000, 500 * 2 ** Math.max(0, attempt - 1));
}

function over(state: LiveState, outcome: LiveOutcome): Step {
  return { state: { ...state, phase: 'over', outcome, publishing: false }, effects: [{ type: 'stop' }] };
}

function enterRoom(state: LiveState): Step {
  const effects: Effect[] = state.publishing ? [] : [{ type: 'publish' }];
  return { state: { ...state, phase: 'in-room', publishing: true }, effects };
}

/** A signalling message arrived. */
export function receive(state: LiveState, message: ServerMessage): Step {
  if (finished(state)) return { state, effects: [] };
  switch (message.type) {
    case 'welcome': {
      const next: LiveState = {
        ...state,
        participantId: message.participantId,
        role: message.role,
        grants: message.grants,
        room: message.room,
        attempt: 0,
        phase: 'waiting',
        connection: 'open',
      };
      return message.state === 'in-room' ? enterRoom(next) : { state: next, effects: [] };
    }
    case 'admitted':
      return enterRoom(state);
    case 'room': {
      // the banner goes once the server says this participant's audio flows again
      const self = message.room.participants.find((participant) => participant.id === state.participantId);
      const mutedBy = self && !self.audioMuted ? null : state.mutedBy;
      return { state: { ...state, room: message.room, mutedBy }, effects: [] };
    }
    case 'published':
      return { state, effects: [{ type: 'accept-answer', sdp: message.sdp }] };
    case 'subscribe':
      return {
        state,
        effects: [{ type: 'subscribe', subscriptionId: message.subscriptionId, publisherId: message.publisherId, sdp: message.sdp }],
      };
    case 'unsubscribed':
      return { state, effects: [{ type: 'unsubscribe', subscriptionId: message.subscriptionId }] };
    case 'muted':
      return { state: { ...state, mutedBy: message.byName }, effects: [{ type: 'silence-microphone' }] };
    case 'declined':
      return over(state, 'declined');
    case 'ended':
      return over(state, 'ended');
    case 'error':
      return { state: { ...state, notice: message.message }, effects: [] };
  }
}

/** The socket closed (not by us leaving), with the server's code and reason. */
export function socketClosed(state: LiveState, code: number, reason = ''): Step {
  if (finished(state)) return { state, effects: [] };
  const outcome = outcomeOfClose(code, reason);
  // After a dropped network the server may still hold our previous connection until its heartbeat
  // notices (seconds): "already connected" is then ourselves, and waiting it out is the answer.
  const ownOldConnection = outcome === 'already-connected' && state.participantId !== null;
  if (outcome !== 'retry' && !ownOldConnection) return over(state, outcome);
  const attempt = state.attempt + 1;
  if (attempt > maxAttempts) return over(state, 'unavailable');
  return {
    state: { ...state, connection: 'reconnecting', publishing: false, attempt },
    effects: [{ type: 'drop-connections' }, { type: 'reconnect', delayMs: reconnectDelay(attempt) }],
  };
}

/** The room-token endpoint refused (or could not be reached: `unavailable`). */
export function joinRefused(state: LiveState, outcome: LiveOutcome): Step {
  if (finished(state)) return { state, effects: [] };
  if (isFinal(outcome)) return over(state, outcome);
  // not reachable right now: keep trying while the person waits, as after a dropped socket
  const attempt = state.attempt + 1;
  if (attempt > maxAttempts) return over(state, outcome);
  return {
    state: { ...state, connection: state.phase === 'joining' ? 'connecting' : 'reconnecting', attempt },
    effects: [{ type: 'reconnect', delayMs: reconnectDelay(attempt) }],
  };
}

/** The person left the room themself. */
export function leave(state: LiveState): Step {
  if (finished(state)) return { state, effects: [] };
  return { state: { ...state, phase: 'left', publishing: false }, effects: [{ type: 'stop' }] };
}

/** The person pressed Unmute: the banner goes at once; the server's room snapshot confirms it. */
export function unmuted(state: LiveState): LiveState {
  return { ...state, mutedBy: null };
}

export function dismissNotice(state: LiveState): LiveState {
  return { ...state, notice: null };
}

/** Whether this participant's audio is muted by the server (per the last room snapshot). */
export function selfMuted(state: LiveState): boolean {
  return state.room.participants.some((participant) => participant.id === state.participantId && participant.audioMuted);
}

/** What the controls offer; the server checks every one of these again when it is used. */
export function controls(state: LiveState) {
  const inRoom = state.phase === 'in-room';
  const grants = state.grants;
  return {
    admit: inRoom && grants?.admit === true,
    mute: inRoom && grants?.mute === true,
    record: inRoom && grants?.record === true,
    end: inRoom && grants?.end === true,
  };
}
