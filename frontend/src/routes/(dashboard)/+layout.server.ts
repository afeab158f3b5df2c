import { redirect } from '@sveltejs/kit';
import { loginUrl } from '#lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

// hooks.server.ts already keeps signed-out visitors out; this narrows the type for the layout.
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.session) redirect(303, loginUrl(url));
  const { name, email, orgName } = locals.session.recruiter;
  return { recruiter: { name, email, organisationName: orgName } };
};
