// The equipment test's network check for this link (see networkCheckEndpoint).
import { networkCheckEndpoint } from '#lib/server/live-links.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => networkCheckEndpoint(event, 'candidate');
