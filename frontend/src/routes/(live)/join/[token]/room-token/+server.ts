// A room token for the candidate's next signalling connection (see roomTokenResponse).
import { roomTokenResponse } from '#lib/server/live-links.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => roomTokenResponse(event, 'candidate');
