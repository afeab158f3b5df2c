// The organisation's live interview templates.
import { listLiveTemplates } from '#lib/server/live.ts';
import { asRecruiter } from '#lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // set by the write that led here, so the list shows it (read-your-writes)
  const waitFor = event.url.searchParams.get('waitFor') ?? undefined;
  const { templates, caughtUp } = await asRecruiter(event, (token) => listLiveTemplates(token, { waitFor }));
  return {
    caughtUp,
    templates: templates
      .toSorted((a, b) => a.name.localeCompare(b.name))
      .map((template) => ({
        id: template.id,
        name: template.name,
        durationMinutes: template.durationMinutes,
        recordable: template.recordable,
        interviewerCount: template.defaultInterviewers.length,
        updatedAt: template.updatedAt,
      })),
  };
};
