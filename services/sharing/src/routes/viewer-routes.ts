// The external viewer's endpoints, no account. Three steps, so that only a real viewer burns a view:
//   POST /viewer/open    { token }  what the page's own GET asks: is the link usable, and its title.
//                                   Counts nothing: a mail scanner or a chat's link preview that
//                                   fetches the page changes no count.
//   POST /viewer/view    { token }  sent by the loaded page's script: grants a viewing session (one
//                                   counted view, a cookie scoped to this link) or renews the one
//                                   the cookie proves (a reload counts nothing); answers the content.
//   GET  /viewer/content            token in `X-Share-Token`, with the cookie: the content again.
// Every decision reads the link's stream (the write model); the view is appended with the stream's
// expected version, so concurrent first opens never grant more than max views. Unknown and forged
// tokens get one answer (404); expired, used up and revoked each their own 410.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  shareProblemTypes,
  shareTokenHeader,
  shareTokenRequest,
  viewingCookieName,
  type ViewerOpenResponse,
  type ViewerViewResponse,
} from '@candor/contracts';
import { CandorError, GoneError, handleCommand, NotFoundError, route, type EventStore } from '@candor/runtime';
import {
  refusalOf,
  shareLinkDecider,
  shareLinkStream,
  statusAt,
  viewingSessionMs,
  type ShareLink,
  type ShareLinkEvent,
  type ViewShareLink,
} from '../share-link';
import type { ShareTokens } from '../share-tokens';
import { pageTitleOf, viewerContentOf } from '../viewer/content';
import { interviewOfLink, invalidLink, linkOfToken, sessionOpen, viewerStates } from '../viewer/link-state';
import { coarseUserAgent } from '../viewer/user-agent';

type Existing = Exclude<ShareLink, { status: 'none' }>;

/** Concurrent first opens of one link race on its stream; each lost race means another view was granted. */
const viewAttempts = 25;

export function viewerRoutes(deps: {
  store: EventStore;
  shareTokens: ShareTokens;
  now: () => Date;
  /** the viewer's rate limits (rate-limits.ts), shared with the candidate's note */
  limiters: RequestHandler[];
}): Router {
  const { store, shareTokens, now } = deps;
  const router = Router();
  const { limiters } = deps;
  const invalid = invalidLink;
  // the link's and the interview's folded states per stream version (link-state.ts)
  const states = viewerStates(store);
  const linkOf = (token: string): Promise<Existing> => linkOfToken(states, shareTokens, token);
  const interviewOf = (link: Existing['link']) => interviewOfLink(states, link);
  /** The first time an expired link is presented, the audit hears of it; the viewer hears 410. */
  async function noteExpiry(state: Existing, at: Date): Promise<void> {
    if (state.expiryNoted || state.status !== 'created') return;
    await handleCommand(
      store,
      shareLinkStream(state.link.shareLinkId),
      shareLinkDecider,
      { type: 'NoteExpiry', at: at.toISOString() },
      {
        occurredAt: at.toISOString(),
        actorId: 'system',
        organisationId: state.link.organisationId,
      },
    );
  }

  /** The viewing session this request's cookie proves for the link, if it is one the link granted and still open. */
  function heldSession(req: Request, state: Existing, at: Date): string | null {
    const pass = cookieOf(req, viewingCookieName(state.link.shareLinkId));
    const sessionId = pass ? shareTokens.viewingSessionOf(pass, state.link.shareLinkId) : null;
    return sessionOpen(state, sessionId, at) ? sessionId : null;
  }
  const capabilityHeaders = (res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  };

  router.post(
    '/viewer/open',
    ...limiters,
    route({ body: shareTokenRequest }, async ({ body }, req, res) => {
      capabilityHeaders(res);
      const state = await linkOf(body.token);
      const at = now();
      const status = statusAt(state, at);
      if (status === 'expired') await noteExpiry(state, at);
      // a viewer within their session may come back to a link whose budget others have used up since
      if (status !== 'active' && !(status === 'used-up' && heldSession(req, state, at))) throw refusalOf(status);
      const answer: ViewerOpenResponse = {
        status: 'active',
        pageTitle: pageTitleOf(state.link, await interviewOf(state.link)),
      };
      return { body: answer };
    }),
  );

  router.post(
    '/viewer/view',
    ...limiters,
    route({ body: shareTokenRequest }, async ({ body }, req, res) => {
      capabilityHeaders(res);
      const state = await linkOf(body.token);
      const { shareLinkId, organisationId } = state.link;
      const at = now();
      const presentedSessionId = heldSession(req, state, at);
      // checked before the view is counted: a link with nothing left to show burns nothing
      const interview = await interviewOf(state.link);
      const newSessionId = shareTokens.newRandomId();
      const command: ViewShareLink = {
        type: 'ViewShareLink',
        presentedSessionId,
        newSessionId,
        userAgent: coarseUserAgent(req.header('user-agent')),
        at: at.toISOString(),
      };
      let outcome: { position: number; state: ShareLink; streamId?: string; nextVersion?: number };
      try {
        // A reload within the viewer's session decides on the stream already read and writes
        // nothing; only a view to count goes through the append with its expected version.
        outcome =
          shareLinkDecider.decide(command, state).length === 0
            ? { position: 0, state }
            : await handleCommand(
                store,
                shareLinkStream(shareLinkId),
                shareLinkDecider,
                command,
                { occurredAt: at.toISOString(), actorId: 'viewer', organisationId },
                { maxAttempts: viewAttempts },
              );
      } catch (error) {
        if (error instanceof GoneError && error.type === shareProblemTypes.expired) await noteExpiry(state, at);
        throw error;
      }
      const counted = outcome.position > 0;
      // write-through: the next request of this viewer folds nothing
      if (counted) states.links.keep(outcome.streamId!, { state: outcome.state, version: outcome.nextVersion! });
      const sessionId = counted ? newSessionId : presentedSessionId!;
      const granted =
        outcome.state.status === 'none'
          ? undefined
          : outcome.state.viewingSessions.find((held) => held.id === sessionId);
      const remainingMs = granted ? Date.parse(granted.grantedAt) + viewingSessionMs - at.getTime() : viewingSessionMs;
      res.cookie(viewingCookieName(shareLinkId), shareTokens.passFor(shareLinkId, sessionId), {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: '/',
        maxAge: Math.max(1_000, remainingMs),
      });
      const link = outcome.state.status === 'none' ? state.link : outcome.state.link;
      const answer: ViewerViewResponse = {
        counted,
        content: viewerContentOf(link, interview),
      };
      return { body: answer };
    }),
  );

  router.get(
    '/viewer/content',
    ...limiters,
    route({}, async (_input, req, res) => {
      capabilityHeaders(res);
      const token = req.header(shareTokenHeader);
      if (!token || token.length > 200) throw invalid();
      const state = await linkOf(token);
      const at = now();
      const status = statusAt(state, at);
      if (status === 'revoked' || status === 'expired') {
        if (status === 'expired') await noteExpiry(state, at);
        throw refusalOf(status);
      }
      if (!heldSession(req, state, at)) {
        throw new CandorError(
          403,
          'Forbidden',
          'Open the share link again to watch.',
          undefined,
          shareProblemTypes.viewingSession,
        );
      }
      return { body: viewerContentOf(state.link, await interviewOf(state.link)) };
    }),
  );
  return router;
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of req.header('cookie')?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}
