// Folded write-model state kept per stream and version, so a page view that judges a capability link
// against an aggregate (a candidate's session) does not fold its whole stream on every request.
//
// Never stale, in any mode: the stream is still read on every load (in the embedded mode that read
// is answered from memory by the stream cache, event-store/stream-cache.ts; elsewhere it is one
// indexed query), and a kept state is used only for the events it has seen. A stream is append-only
// and its versions run 1, 2, 3…, so the state kept at version v is the fold of exactly the stream's
// first v events: when the stream is now longer, only the newer events are folded onto it; a revoke,
// a re-issue or an expiry change is such a newer event, and is therefore always seen. Time-based
// judgements (has the link expired?) are made by the caller on every request, never kept. A restart
// starts empty. Bounded: the streams used least recently are forgotten.
//
// Write-through: a command that has just appended (handleCommand) hands its resulting state and
// version to `keep`, so the next load after a write folds nothing. Keeping it is safe whatever the
// mode: the append succeeded at exactly that version.
import type { EventStore } from '../event-store/types';
import { BoundedMap } from '../projections/bounded-map';

export interface Fold<State, Event> {
  initialState(): State;
  evolve(state: State, event: Event): State;
}

export interface FoldedState<State> {
  state: State;
  /** how many events of the stream it has folded (the stream's version) */
  version: number;
}

export interface FoldedStates<State> {
  /** The state as the stream says now. The state is shared: callers must not change it. */
  load(streamId: string): Promise<FoldedState<State>>;
  /** A state the caller has folded at `version` (after its own append), for the next load. */
  keep(streamId: string, folded: FoldedState<State>): void;
}

export function foldedStates<State, Event>(
  store: Pick<EventStore, 'readStream'>,
  fold: Fold<State, Event>,
  options: { maxStreams?: number } = {},
): FoldedStates<State> {
  const kept = new BoundedMap<string, FoldedState<State>>(options.maxStreams ?? 10_000);
  const keep = (streamId: string, folded: FoldedState<State>) => {
    const known = kept.get(streamId);
    // two loads racing: never replace a later state by an earlier one
    if (!known || known.version <= folded.version) kept.set(streamId, folded);
  };
  return {
    async load(streamId) {
      const events = await store.readStream(streamId);
      const known = kept.get(streamId);
      if (known && known.version === events.length) return known;
      // the kept state is of an earlier version: fold only what came after it (a stream never shrinks,
      // so a kept state beyond what was read can only be from a write that committed meanwhile)
      const from = known && known.version < events.length ? known : { state: fold.initialState(), version: 0 };
      let state = from.state;
      for (let index = from.version; index < events.length; index++) state = fold.evolve(state, events[index] as unknown as Event);
      const folded = { state, version: events.length };
      // nothing is kept for a stream that does not exist: a guessed id must not take a real one's place
      if (events.length > 0) keep(streamId, folded);
      return folded;
    },
    keep,
  };
}
