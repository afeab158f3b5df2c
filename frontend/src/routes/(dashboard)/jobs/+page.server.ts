import { jobStatus } from '@candor/contracts';
import { listJobs } from '#lib/server/invite.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { PageServerLoad } from './$types';

type JobFilter = 'all' | 'active' | 'inactive';

export const load: PageServerLoad = async (event) => {
  const requested = jobStatus.safeParse(event.url.searchParams.get('status'));
  const status = requested.success ? requested.data : undefined;
  // set by the action that just wrote, so the list shows that write (read-your-writes)
  const waitFor = event.url.searchParams.get('waitFor') ?? undefined;

  const { jobs, caughtUp } = await asRecruiter(event, (token) => listJobs(token, { status, waitFor }));
  return {
    filter: (status ?? 'all') as JobFilter,
    caughtUp,
    jobs: jobs.map((job) => ({
      id: job.id,
      title: job.title,
      questionCount: job.questions.length,
      status: job.status,
      updatedAt: job.updatedAt,
    })),
  };
};
