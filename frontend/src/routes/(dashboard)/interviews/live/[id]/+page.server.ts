// The Interview Analysis page of a live interview: the candidate, the player and the recordings
// playlist (recording service), the interview's details (invite service), participants and timeline
// (media service), and the reviewer scores (session service). Which tab, which recording plays and
// which deletion awaits confirmation live in the URL, so everything works without JavaScript; each
// write redirects with its `waitFor` (read-your-writes). Times are shown in the interview's zone.
import { error, fail, isRedirect, redirect } from '@sveltejs/kit';
import { reviewLimits, type RecordingView } from '@candor/contracts';
import { clockInZone, dayInZone, formatAverage, formatInZone, formatSeconds } from '#lib/analysis/format.ts';
import { analysisTabs, type AnalysisTab, type ScoreFormValues } from '#lib/analysis/view.ts';
import { loadShareTab, shareActions } from './share.server.ts';
import { text, toFieldErrors } from '#lib/server/forms.ts';
import { ApiError } from '#lib/server/http.ts';
import { getLiveInterview } from '#lib/server/live.ts';
import { getInterviewTimeline } from '#lib/server/media.ts';
import { deleteRecording, listRecordings, playbackUrl } from '#lib/server/recording.ts';
import { getReview, giveScore } from '#lib/server/reviews.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const isTab = (value: string | null): value is AnalysisTab => analysisTabs.includes(value as AnalysisTab);

export const load: PageServerLoad = async (event) => {
  const query = event.url.searchParams;
  const id = event.params.id;
  // the page may carry a signed playback URL: never kept by any cache
  event.setHeaders({ 'cache-control': 'private, no-store' });
  let interview;
  try {
    ({ interview } = await asRecruiter(event, (token) => getLiveInterview(token, id)));
  } catch (cause) {
    // a malformed id is as much "not found" as an unknown one; another organisation's answers 404 too
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, 'Interview not found');
    throw cause;
  }
  const zone = interview.timeZone;
  const [timelineRead, review, recordings] = await Promise.all([
    unlessFailed(asRecruiter(event, (token) => getInterviewTimeline(token, id)).then((found) => ({ found }))),
    unlessFailed(
      asRecruiter(event, (token) => getReview(token, id, { waitFor: query.get('scoresWaitFor') ?? undefined })),
    ),
    asRecruiter(event, (token) => listRecordings(token, id)),
  ]);

  // null: the media service did not answer (the panel says so); found null: it has no room for it
  const timeline = timelineRead?.found ?? null;
  const list = recordings.available ? recordings.list.recordings.toSorted((a, b) => a.index - b.index) : [];
  const playable = list.filter((recording) => recording.status === 'ready');
  const selected = playable.find((recording) => recording.id === query.get('recording')) ?? playable[0] ?? null;
  // minted for this page view only: the URL lives a few minutes and is bound to this recruiter
  const playback = selected ? await unlessFailed(asRecruiter(event, (token) => playbackUrl(token, selected.id))) : null;

  const me = event.locals.session?.recruiter.sub;
  const myScore = review?.review.scores.find((score) => score.recruiterId === me) ?? null;
  const confirmDelete = list.find((recording) => recording.id === query.get('confirmDelete') && !recording.deletedAt);
  const tabParam = query.get('tab');
  const tab = isTab(tabParam) ? tabParam : 'recordings';
  const share = tab === 'share' ? await loadShareTab(event, { zone, recordings: list }) : null;

  return {
    tab,
    share,
    notice: query.get('done'),
    candidate: {
      name: interview.candidateName,
      email: interview.candidateEmail,
      templateName: interview.templateName,
      templateId: interview.templateId,
    },
    details: {
      title: interview.templateName,
      inviter: { name: interview.scheduledBy.name, email: interview.scheduledBy.email },
      scheduled: formatInZone(interview.startsAt, zone),
      plannedDuration: formatSeconds(interview.durationMinutes * 60),
      actualDuration: timeline ? formatSeconds(timeline.durationSeconds) : '—',
      interviewers: interview.interviewers.map((person) => person.name),
      status: interview.status === 'cancelled' ? 'cancelled' : (timeline?.status ?? 'scheduled'),
      startedAt: timeline?.startedAt ? formatInZone(timeline.startedAt, zone) : null,
      endedAt: timeline?.endedAt ? formatInZone(timeline.endedAt, zone) : null,
    },
    timelineAvailable: timelineRead !== null,
    timeline: timeline && {
      participants: timeline.participants.map((participant) => ({
        name: participant.name,
        role: participant.role,
        joined: clockInZone(participant.firstJoinedAt, zone),
        left: participant.lastLeftAt ? clockInZone(participant.lastLeftAt, zone) : null,
        connections: participant.connections,
      })),
      entries: timeline.timeline.map((entry) => ({ ...entry, clock: clockInZone(entry.at, zone) })),
      day: timeline.startedAt ? dayInZone(timeline.startedAt, zone) : null,
      zone,
    },
    recordings: {
      available: recordings.available,
      retentionDays: recordings.available ? recordings.list.retentionDays : null,
      items: list.map((recording) => playlistEntry(recording, zone)),
      selectedId: selected?.id ?? null,
      playback:
        playback && selected ? { url: playback.url, expiresAt: playback.expiresAt, recordingId: selected.id } : null,
      confirmDelete: confirmDelete ? playlistEntry(confirmDelete, zone) : null,
    },
    scores: review
      ? {
          available: true as const,
          items: review.review.scores.map((score) => ({
            ...score,
            mine: score.recruiterId === me,
            when: formatInZone(score.at, zone),
          })),
          average: formatAverage(review.review.average),
          count: review.review.count,
          caughtUp: review.caughtUp,
          mine: myScore ? { score: String(myScore.score), note: myScore.note } : null,
        }
      : { available: false as const },
    noteLimit: reviewLimits.note,
  };
};

function playlistEntry(recording: RecordingView, zone: string) {
  return {
    id: recording.id,
    // segments are numbered from 1 by the recording service
    number: recording.index,
    status: recording.status,
    start: formatInZone(recording.startedAt, zone),
    duration: recording.durationMs === null ? '—' : formatSeconds(recording.durationMs / 1000),
    participants: recording.participants.map((participant) => participant.name),
    interrupted: recording.interrupted,
    deletedOn: recording.deletedAt ? dayInZone(recording.deletedAt, zone) : null,
    deleteOn: recording.deleteAfter && !recording.deletedAt ? dayInZone(recording.deleteAfter, zone) : null,
  };
}

/** A read that may fail without failing the page (a 401's redirect still goes through). */
async function unlessFailed<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (cause) {
    if (isRedirect(cause)) throw cause;
    if (cause instanceof ApiError) return null;
    throw cause;
  }
}

const here = (event: RequestEvent, search: Record<string, string>) =>
  `${event.url.pathname}?${new URLSearchParams(search).toString()}`;

export const actions: Actions = {
  ...shareActions,
  /** The signed-in recruiter's score; a second one replaces theirs. */
  score: async (event) => {
    const form = await event.request.formData();
    const values: ScoreFormValues = { score: text(form, 'score'), note: text(form, 'note') };
    // the service validates (1–5, whole, note length); a form value is text, so a number is sent
    const score = values.score.trim() === '' ? Number.NaN : Number(values.score);
    if (!Number.isFinite(score)) {
      return fail(400, { scoreForm: { values, errors: { score: 'Choose a score from 1 to 5.' } } });
    }
    let result;
    try {
      result = await asRecruiter(event, (token) => giveScore(token, event.params.id, { score, note: values.note }));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 400) {
        const errors = toFieldErrors(cause.fieldErrors);
        if (Object.keys(errors).length === 0) errors[''] = cause.detail ?? cause.title;
        return fail(400, { scoreForm: { values, errors } });
      }
      if (cause instanceof ApiError && cause.status === 404) error(404, 'Interview not found');
      throw cause;
    }
    redirect(303, here(event, { tab: 'scores', done: 'scored', scoresWaitFor: result.waitFor }));
  },

  /** Deletes one recording (asked to confirm first: `?confirmDelete=`); its file is gone from storage. */
  deleteRecording: async (event) => {
    const form = await event.request.formData();
    const recordingId = text(form, 'recordingId');
    try {
      await asRecruiter(event, (token) => deleteRecording(token, recordingId));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status < 500) {
        return fail(cause.status, { deleteError: cause.detail ?? cause.title });
      }
      throw cause;
    }
    redirect(303, here(event, { tab: 'recordings', done: 'deleted' }));
  },
};
