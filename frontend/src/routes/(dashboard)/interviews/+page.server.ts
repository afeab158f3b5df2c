// The interviews list: every session of the organisation, newest first, filtered by status, job
// and a search in the candidate's name and email. The filters and the page are the URL's query.
import { listSessionsQuery, sessionStatus } from '@candor/contracts';
import { formatSeconds } from '#lib/analysis/format.ts';
import { formatDateTime } from '#lib/format.ts';
import { listJobs } from '#lib/server/invite.ts';
import { listHeldInterviews } from '#lib/server/media.ts';
import { listSessions } from '#lib/server/session-service.ts';
import { asRecruiter } from '#lib/server/session.ts';
import { pageParam } from '#lib/pagination.ts';
import type { PageServerLoad } from './$types';

const pageSize = 20;

export const load: PageServerLoad = async (event) => {
  const query = event.url.searchParams;
  // a hand-edited query narrows nothing rather than failing: bad values are dropped
  const status = sessionStatus.safeParse(query.get('status')).data;
  const jobId = listSessionsQuery.shape.jobId.safeParse(query.get('job') || undefined).data;
  const q = listSessionsQuery.shape.q.safeParse(query.get('q') || undefined).data || undefined;
  const page = pageParam(query.get('page'));
  const waitFor = query.get('waitFor') ?? undefined;

  // live interviews that took place head the first, unfiltered page (the filters are the async ones')
  const showHeld = page === 1 && !status && !jobId && !q;
  const [list, { jobs }, held] = await Promise.all([
    asRecruiter(event, (token) => listSessions(token, { status, jobId, q, page, pageSize, waitFor })),
    asRecruiter(event, (token) => listJobs(token)),
    showHeld ? asRecruiter(event, (token) => listHeldInterviews(token)) : undefined,
  ]);

  return {
    filter: { status: status ?? '', jobId: jobId ?? '', q: q ?? '' },
    jobs: jobs.map(({ id, title }) => ({ id, title })).toSorted((a, b) => a.title.localeCompare(b.title)),
    sessions: list.sessions.map((session) => ({
      id: session.id,
      candidate: session.candidateName || session.candidateEmail,
      candidateEmail: session.candidateName ? session.candidateEmail : '',
      jobTitle: session.jobTitle,
      status: session.status,
      invitedAt: session.invitedAt,
      startedAt: session.startedAt,
      completedAt: session.completedAt,
      answeredCount: session.answeredCount,
      questionCount: session.questionCount,
    })),
    /** undefined: not shown on this page; null: the media service did not answer */
    heldLive:
      held &&
      held.map((interview) => ({
        id: interview.roomId,
        candidateName: interview.candidateName,
        status: interview.status,
        started: interview.startedAt ? formatDateTime(interview.startedAt) : null,
        duration: formatSeconds(interview.durationSeconds),
      })),
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    caughtUp: list.caughtUp,
  };
};
