// One live room: who is connected (waiting or in the room), their media on the SFU, and the host
// actions, each checked at the moment it happens against the token's grants and the room's write
// model. Membership changes and host actions run one at a time (a serial queue per room); publish
// and answer run beside them, since the engine serialises its own work per participant.
//
// A link withdrawn while its holder is connected (revoked, re-issued, the candidate declined, the
// interview cancelled) removes that participant at once: `revalidate` reads the write model and
// closes the socket with the reason's code (4011 link-revoked, 4003, …) and drops their media on the
// SFU, so nothing they publish reaches anyone any more. The media service's policy calls it when the
// room's links change; every publish and answer, and every subscription the room sets up, checks the
// write model again too, so a replica that did not run the policy still stops them at the next one.
import {
  roomLimits,
  signalCloseCodes,
  type ClientMessage,
  type LiveRole,
  type RoomTokenClaims,
  type ServerMessage,
} from '@candor/contracts';
import { CandorError, handleCommand, NotFoundError, type EventStore, type Logger } from '@candor/runtime';
import {
  candidateParticipantId,
  closeFor,
  enterableRoom,
  loadRoom,
  recordingRoom,
  refusals,
  requireGrant,
  roomDecider,
  roomStream,
  type Room,
  type RoomActor,
  type RoomCommand,
} from '../room';
import type { RecorderFeedTarget, SfuEngine } from '../sfu/types';
import { grantFor, isHostMessage, roomCommandFor, type HostMessage } from './host-commands';
import { snapshotFor, type LiveParticipant, type ParticipantChannel } from './participant';
import { RoomMedia } from './room-media';
import { issueResumeSecret, resumes } from './resume-secrets';
import type { IceServersFor } from '../turn/turn-credentials';
import { SerialQueue } from '../serial-queue';
import { errorMessage, invalidMessage, notAdmitted, sdpRefused } from './signal-errors';

export interface LiveRoomDeps {
  roomId: string;
  store: EventStore;
  engine: SfuEngine;
  /** TURN credentials for a participant's next connection (none without a relay) */
  iceServers: IceServersFor;
  logger: Logger;
  now: () => Date;
  /** a waiting candidate who comes back within this keeps their place in the waiting list */
  waitingGraceMs: number;
  /** nobody is connected (and no place is kept) or the room closed: the registry forgets it */
  onIdle: (room: LiveRoom) => void;
}

export interface HostActionResult {
  streamId: string;
  /** global position of the event written (0 when there was nothing to write) */
  position: number;
}

type AuditCommand =
  | { type: 'RecordParticipantJoined'; participantId: string; name: string; role: LiveRole }
  | { type: 'RecordParticipantLeft'; participantId: string };


const notFoundTarget = () => new NotFoundError('That participant is not in this room.');

export class LiveRoom {
  readonly #participants = new Map<string, LiveParticipant>();
  /** waiting participants who left, and when: their place is kept for the grace period */
  readonly #leftWaiting = new Map<string, { since: string; leftAt: number }>();
  readonly #queue = new SerialQueue();
  readonly #media: RoomMedia;
  #outstanding = 0;
  #recording = false;
  /** ended, cancelled or the service stopped: nobody gets in any more */
  #closed = false;
  /** forgotten by the registry while idle */
  #retired = false;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: LiveRoomDeps) {
    this.#media = new RoomMedia(deps.roomId, deps.engine, deps.logger, (participantId) =>
      deps.iceServers({ roomId: deps.roomId, participantId }),
    );
  }

  get id(): string {
    return this.deps.roomId;
  }

  get hostCount(): number {
    return [...this.#participants.values()].filter((participant) => participant.role === 'host').length;
  }

  /** Connected participant ids, their role and where they are (for /metrics, tests and the bench). */
  get connected(): { id: string; role: LiveRole; state: LiveParticipant['state'] }[] {
    return [...this.#participants.values()].map(({ participantId, role, state }) => ({ id: participantId, role, state }));
  }

  /**
   * A verified room token connects: true when let in, false when refused (the channel is closed).
   * `resume` (from this person's last welcome) replaces their own connection that is still held
   * after a dropped network; it never lets in anyone the token and the write model would not.
   */
  enter(claims: RoomTokenClaims, channel: ParticipantChannel, resume?: string): Promise<boolean> {
    return this.#run(async () => {
      if (this.#retired) {
        // cannot happen while the registry routes by id (it forgets a room only when nothing is queued)
        channel.close(1013, 'try-again');
        return false;
      }
      const actor: RoomActor = {
        participantId: claims.sub,
        name: claims.name,
        organisationId: claims.org,
        role: claims.role,
        linkId: claims.lid,
        grants: claims.grants,
      };
      let room;
      try {
        room = enterableRoom(await loadRoom(this.deps.store, this.id), actor);
        if (this.#closed) throw refusals.ended();
        await this.#replaceStale(actor, resume);
        // a copied token cannot take over a participant who is connected: the newcomer is refused
        if (this.#participants.has(actor.participantId)) throw refusals.alreadyConnected();
        if (actor.role === 'host' && this.hostCount >= roomLimits.hosts) throw refusals.roomFull(roomLimits.hosts);
      } catch (error) {
        this.#refuse(channel, error);
        this.#checkIdle();
        return false;
      }
      this.#recording = room.recording;
      const inRoom = actor.role === 'host' || room.admittedAt !== null;
      const issued = issueResumeSecret();
      const participant: LiveParticipant = {
        ...actor,
        channel,
        state: inRoom ? 'in-room' : 'waiting',
        audioMuted: false,
        since: this.#placeOf(actor.participantId, inRoom),
        resumeHash: issued.hash,
      };
      this.#participants.set(actor.participantId, participant);
      channel.send({
        type: 'welcome',
        participantId: actor.participantId,
        role: actor.role,
        grants: actor.grants,
        state: participant.state,
        room: this.#snapshotFor(participant),
        iceServers: this.#iceServersOf(participant),
        resume: issued.secret,
      });
      this.#broadcastSnapshot(participant);
      this.deps.logger.info(
        { roomId: this.id, participantId: actor.participantId, role: actor.role, state: participant.state },
        'participant connected',
      );
      if (inRoom) await this.#enterMedia(participant);
      const { participantId, name, role } = actor;
      await this.#audit({ type: 'RecordParticipantJoined', participantId, name, role }, actor.organisationId);
      return true;
    });
  }

  /** The participant's connection closed. A channel that was refused, or replaced, changes nothing. */
  leave(participantId: string, channel: ParticipantChannel): Promise<void> {
    return this.#run(async () => {
      const participant = this.#participants.get(participantId);
      if (!participant || participant.channel !== channel) return;
      await this.#remove(participant);
      this.#checkIdle();
    });
  }

  /** A validated message from a connected participant. Refusals are answered on the channel. */
  async receive(participantId: string, channel: ParticipantChannel, message: ClientMessage): Promise<void> {
    const participant = this.#participants.get(participantId);
    if (!participant || participant.channel !== channel) return;
    try {
      await this.#receive(participant, message);
    } catch (error) {
      if (!(error instanceof CandorError)) {
        const fields = { err: error, roomId: this.id, participantId, refused: message.type };
        this.deps.logger.error(fields, 'a room message failed');
      }
      channel.send(errorMessage(error, message.type));
      // a host whose link was withdrawn, or a room that ended meanwhile: the connection goes too
      if (error instanceof CandorError && error.status === 410) this.#refuse(channel, error);
    }
  }

  async #receive(participant: LiveParticipant, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'hello':
        throw invalidMessage('This connection has already said hello.');
      case 'publish': {
        requireGrant(participant, 'publish');
        const room = this.#mediaOf(participant);
        await this.#stillAdmissible(participant, 'publish');
        const { answerSdp } = await room.publish(participant.participantId, message.sdp).catch(sdpRefused);
        participant.channel.send({ type: 'published', sdp: answerSdp });
        return;
      }
      case 'answer': {
        requireGrant(participant, 'subscribe');
        const room = this.#mediaOf(participant);
        // only the subscriber a subscription belongs to may answer it
        if (!this.#media.belongsTo(message.subscriptionId, participant.participantId)) {
          throw new NotFoundError('No such subscription.');
        }
        await this.#stillAdmissible(participant, 'answer');
        await room.answer(message.subscriptionId, message.sdp).catch(sdpRefused);
        return;
      }
      case 'view': {
        // a hint about the page's layout, not a change of the room: no queue, no write-model read
        requireGrant(participant, 'subscribe');
        this.#mediaOf(participant);
        const { publisherId, width, height } = message;
        // views are kept per pair of people in the room (and forgotten as they leave): of nobody, none
        if (publisherId === participant.participantId || !this.#participants.has(publisherId)) return;
        await this.#media.setView(participant.participantId, publisherId, { width, height });
        return;
      }
      case 'unmute':
        return this.#run(async () => {
          if (!participant.audioMuted || this.#participants.get(participant.participantId) !== participant) return;
          participant.audioMuted = false;
          this.#media.room?.setAudioMuted(participant.participantId, false);
          this.#broadcastSnapshot();
        });
      default:
        if (!isHostMessage(message)) throw invalidMessage('Unknown message.');
        await this.hostAction(participant, message);
    }
  }

  /** A host command (socket or HTTP): the grant, then the write model now, then its effects. */
  hostAction(actor: RoomActor, message: HostMessage): Promise<HostActionResult> {
    return this.#run(async () => {
      try {
        requireGrant(actor, grantFor[message.type]);
      } catch (error) {
        this.deps.logger.warn(
          { roomId: this.id, participantId: actor.participantId, role: actor.role, command: message.type },
          'refused a host command from a participant without the grant',
        );
        throw error;
      }
      const candidateCommand = message.type === 'admit' || message.type === 'decline';
      if (candidateCommand && message.participantId !== candidateParticipantId) throw notFoundTarget();
      if (message.type === 'mute' && this.#participants.get(message.participantId)?.state !== 'in-room') {
        throw notFoundTarget();
      }
      const command = roomCommandFor(message, this.id, actor, this.#at());
      const outcome = await handleCommand(this.deps.store, roomStream(this.id), roomDecider, command, {
        occurredAt: command.at,
        actorId: actor.participantId,
        organisationId: actor.organisationId,
      });
      if (outcome.state.status === 'prepared') this.#recording = outcome.state.recording;
      await this.#effects(message, actor, outcome.state);
      this.#checkIdle();
      return { streamId: outcome.streamId, position: outcome.position };
    });
  }

  /**
   * The write model changed under connected participants (a link revoked or re-issued, the
   * interview cancelled or ended elsewhere): whoever may no longer be here is removed now.
   */
  revalidate(told?: LiveParticipant): Promise<void> {
    return this.#run(async () => {
      if (this.#closed || this.#participants.size === 0) return;
      await this.#admissible(await loadRoom(this.deps.store, this.id), told);
      this.#checkIdle();
    });
  }

  /**
   * Sends a participant's media to a recorder, if the room's recording is on (the write model, read
   * now) and the participant is in the room with the right to publish. Ends when the recording stops,
   * the participant leaves or the room closes.
   */
  startRecorderFeed(participantId: string, target: RecorderFeedTarget): Promise<{ feedId: string }> {
    return this.#run(async () => {
      recordingRoom(await loadRoom(this.deps.store, this.id));
      const participant = this.#participants.get(participantId);
      const room = this.#media.room;
      if (!participant || participant.state !== 'in-room' || !participant.grants.publish || !room) {
        throw notFoundTarget();
      }
      const feed = await room.startRecorderFeed(participantId, target);
      this.deps.logger.info({ roomId: this.id, participantId, feedId: feed.feedId, target }, 'recorder feed started');
      return feed;
    });
  }

  /** Stops a recorder feed of this room (unknown or already stopped: nothing to do). */
  stopRecorderFeed(feedId: string): Promise<void> {
    return this.#run(async () => {
      const room = this.#media.room;
      if (room?.recorderFeeds().some((feed) => feed.feedId === feedId)) await room.stopRecorderFeed(feedId);
    });
  }

  /** Participants in the room whose media is being published now. */
  publishers(): { participantId: string; name: string; role: LiveRole }[] {
    const publishing = new Set(this.#media.room?.publishers() ?? []);
    return [...this.#participants.values()]
      .filter((p) => p.state === 'in-room' && publishing.has(p.participantId))
      .map(({ participantId, name, role }) => ({ participantId, name, role }));
  }

  /** Closes the room for everyone (interview ended or cancelled, or the service stops). */
  close(goodbye: ServerMessage, code: number, reason: string): Promise<void> {
    return this.#run(() => this.#shutdown(goodbye, code, reason));
  }

  async #effects(message: HostMessage, actor: RoomActor, room: Room): Promise<void> {
    const candidate = this.#participants.get(candidateParticipantId);
    switch (message.type) {
      case 'admit': {
        if (!candidate || candidate.state !== 'waiting' || room.status !== 'prepared' || !room.admittedAt) return;
        if (candidate.linkId !== room.candidateLinkId) {
          // admitted, but connected through a link withdrawn since: the person returns through the new one
          candidate.channel.close(signalCloseCodes.linkWithdrawn, 'link-revoked');
          await this.#remove(candidate);
          return;
        }
        candidate.state = 'in-room';
        candidate.channel.send({ type: 'admitted', iceServers: this.#iceServersOf(candidate) });
        this.#broadcastSnapshot();
        await this.#enterMedia(candidate);
        return;
      }
      case 'decline':
        if (!candidate || room.status !== 'prepared' || !room.declinedAt) return;
        candidate.channel.send({ type: 'declined' });
        candidate.channel.close(signalCloseCodes.declined, 'participant-declined');
        await this.#remove(candidate, { keepPlace: false });
        return;
      case 'mute': {
        const target = this.#participants.get(message.participantId);
        if (!target) return;
        this.#media.room?.setAudioMuted(target.participantId, true);
        target.audioMuted = true;
        target.channel.send({ type: 'muted', byName: actor.name });
        this.#broadcastSnapshot();
        return;
      }
      case 'record': {
        this.#broadcastSnapshot();
        // recording off: nothing more goes to a recorder, whatever the recorder does
        const media = this.#media.room;
        if (room.status === 'prepared' && !room.recording && media)
          for (const { feedId } of media.recorderFeeds()) await media.stopRecorderFeed(feedId);
        return;
      }
      case 'end':
        await this.#shutdown({ type: 'ended' }, signalCloseCodes.ended, 'interview-ended');
        return;
    }
  }

  /**
   * Media both ways between a participant now in the room and everyone else in it, after the write
   * model says who may still be here: no subscription is offered to or from a withdrawn link.
   */
  async #enterMedia(participant: LiveParticipant): Promise<void> {
    await this.#admissible(await loadRoom(this.deps.store, this.id));
    if (this.#participants.get(participant.participantId) !== participant) return;
    const others = [...this.#participants.values()].filter(
      (other) => other !== participant && other.state === 'in-room',
    );
    try {
      await this.#media.connect(participant, others);
    } catch (error) {
      this.deps.logger.error({ err: error, roomId: this.id }, 'could not open the SFU room');
      participant.channel.send(errorMessage(error, 'media'));
    }
  }

  /**
   * A media message's check against the write model now (not only the room token's grants). A
   * refusal removes the participant (in the queue, like any membership change) and is thrown, so
   * the sender hears why before the socket closes.
   */
  async #stillAdmissible(participant: LiveParticipant, refused: ClientMessage['type']): Promise<void> {
    try {
      enterableRoom(await loadRoom(this.deps.store, this.id), participant);
    } catch (error) {
      participant.channel.send(errorMessage(error, refused));
      await this.revalidate(participant);
      throw error;
    }
  }

  /**
   * Removes everyone the room's state no longer lets in: each hears the refusal as an `error`
   * message, then the socket closes with its code, and their media leaves the SFU before this
   * returns. A room that was cancelled or ended closes for everyone.
   */
  async #admissible(state: Room, told?: LiveParticipant): Promise<void> {
    if (state.status === 'prepared' && (state.cancelledAt || state.endedAt)) {
      // cancelled by the recruiter, or the candidate declined: the refusal says which
      const error = state.cancelledAt ? refusals.cancelledRoom(state) : refusals.ended();
      const { code, reason } = closeFor(error);
      const goodbye: ServerMessage = state.cancelledAt ? errorMessage(error, 'room') : { type: 'ended' };
      await this.#shutdown(goodbye, code, reason);
      return;
    }
    for (const participant of [...this.#participants.values()]) {
      let refusal: unknown;
      try {
        enterableRoom(state, participant);
        continue;
      } catch (error) {
        refusal = error;
      }
      const { code, reason } = closeFor(refusal);
      this.deps.logger.info(
        { roomId: this.id, participantId: participant.participantId, role: participant.role, reason },
        'removed a participant whose link no longer lets them in',
      );
      if (participant !== told) participant.channel.send(errorMessage(refusal, 'room'));
      participant.channel.close(code, reason);
      await this.#remove(participant, { keepPlace: false });
    }
  }

  /** The engine room for a participant's own media: only once they are in the room. */
  #mediaOf(participant: LiveParticipant) {
    if (participant.state !== 'in-room') throw notAdmitted();
    const room = this.#media.room;
    if (!room) throw refusals.conflict('The room is not ready yet; try again in a moment.');
    return room;
  }

  /**
   * The same person back on a new connection while the old one is still held (the heartbeat has
   * not noticed the dropped network yet): the old one goes, as if it had closed, so a waiting
   * candidate keeps their place. Only a connection whose welcome carried this secret, for the same
   * role and link, is replaced; without a match nothing happens (a copied token is still refused).
   */
  async #replaceStale(actor: RoomActor, resume: string | undefined): Promise<void> {
    if (!resume) return;
    const stale = [...this.#participants.values()].find(
      (p) => resumes(resume, p.resumeHash) && p.role === actor.role && p.linkId === actor.linkId,
    );
    if (!stale) return;
    this.deps.logger.info({ roomId: this.id, participantId: stale.participantId }, 'a participant came back on a new connection');
    stale.channel.close(signalCloseCodes.replaced, 'replaced');
    await this.#remove(stale);
  }

  /** When a candidate started waiting: kept across a reconnect within the grace period. */
  #placeOf(participantId: string, inRoom: boolean): string {
    const kept = this.#leftWaiting.get(participantId);
    this.#leftWaiting.delete(participantId);
    const fresh = !kept || this.deps.now().getTime() - kept.leftAt > this.deps.waitingGraceMs;
    return inRoom || fresh ? this.#at() : kept.since;
  }

  async #remove(participant: LiveParticipant, options: { keepPlace?: boolean } = {}): Promise<void> {
    const id = participant.participantId;
    this.#participants.delete(id);
    if (participant.state === 'waiting' && options.keepPlace !== false) {
      this.#leftWaiting.set(id, { since: participant.since, leftAt: this.deps.now().getTime() });
    }
    if (options.keepPlace === false) this.#leftWaiting.delete(id);
    // the others hear at once (no phantom entry in the waiting list); the clean-up follows
    this.#broadcastSnapshot();
    this.deps.logger.info({ roomId: this.id, participantId: id }, 'participant left');
    if (participant.state === 'in-room') {
      await this.#media.remove(id, (subscriberId, subscriptionId) =>
        this.#participants.get(subscriberId)?.channel.send({ type: 'unsubscribed', subscriptionId }),
      );
      if (![...this.#participants.values()].some((other) => other.state === 'in-room')) await this.#media.close();
    }
    await this.#audit({ type: 'RecordParticipantLeft', participantId: id }, participant.organisationId);
  }

  async #shutdown(goodbye: ServerMessage, code: number, reason: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const participant of this.#participants.values()) {
      participant.channel.send(goodbye);
      participant.channel.close(code, reason);
    }
    this.#participants.clear();
    this.#leftWaiting.clear();
    await this.#media.close();
    this.deps.logger.info({ roomId: this.id, reason }, 'room closed');
    clearTimeout(this.#idleTimer);
    this.deps.onIdle(this);
  }

  /** Forget this room once nobody is connected, no waiting place is kept and nothing is queued. */
  #checkIdle(): void {
    clearTimeout(this.#idleTimer);
    if (this.#closed || this.#retired || this.#participants.size > 0 || this.#outstanding > 1) return;
    const now = this.deps.now().getTime();
    for (const [id, { leftAt }] of this.#leftWaiting) {
      if (now - leftAt > this.deps.waitingGraceMs) this.#leftWaiting.delete(id);
    }
    if (this.#leftWaiting.size === 0) {
      this.#retired = true;
      this.deps.onIdle(this);
      return;
    }
    this.#idleTimer = setTimeout(() => void this.#run(async () => this.#checkIdle()), this.deps.waitingGraceMs);
    this.#idleTimer.unref();
  }

  #refuse(channel: ParticipantChannel, error: unknown): void {
    if (error instanceof CandorError) {
      const { code, reason } = closeFor(error);
      channel.close(code, reason);
      return;
    }
    this.deps.logger.error({ err: error, roomId: this.id }, 'could not let a participant in');
    channel.close(1011, 'internal-error');
  }

  #run<T>(task: () => Promise<T>): Promise<T> {
    this.#outstanding++;
    return this.#queue.run(task).finally(() => {
      this.#outstanding--;
    });
  }

  /** Joins and leaves are an audit trail: a failure to write one is logged, never fatal. */
  async #audit(command: AuditCommand, organisationId: string): Promise<void> {
    const at = this.#at();
    const full = { ...command, roomId: this.id, organisationId, at } as RoomCommand;
    const metadata = { occurredAt: at, actorId: 'system', organisationId };
    await handleCommand(this.deps.store, roomStream(this.id), roomDecider, full, metadata).catch((error: unknown) =>
      this.deps.logger.debug({ err: error, roomId: this.id, type: command.type }, 'audit event not written'),
    );
  }

  #snapshotFor(viewer: LiveParticipant) {
    return snapshotFor(viewer, this.#participants.values(), this.#recording);
  }

  #broadcastSnapshot(except?: LiveParticipant): void {
    for (const participant of this.#participants.values()) {
      if (participant !== except) participant.channel.send({ type: 'room', room: this.#snapshotFor(participant) });
    }
  }

  #iceServersOf(participant: LiveParticipant) {
    return this.deps.iceServers({ roomId: this.id, participantId: participant.participantId });
  }

  #at(): string {
    return this.deps.now().toISOString();
  }
}
