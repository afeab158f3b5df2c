// Which session a candidate's link opens, judged against the session's write model. The session
// follows its invite's link from the invite service's events (policy `session.invites`): the current
// link id, every one it had before, and the expiry. The token itself is checked by the link-token
// module (`LinkTokens.match`); what the link's state means is decided here, once, for the page view
// and for every command.
import { linkRefusal, type LinkMatch, type LinkRefusalReason, type SubjectLinks } from '@candor/runtime';
import type { ExistingSession, Session } from './session';

/** What an opened link vouches for: the candidate is whoever holds this link of the session. */
export interface CandidateAccess {
  linkId: string;
}

export type CandidateLinkCheck =
  | { valid: true; session: ExistingSession; access: CandidateAccess }
  | { valid: false; reason: LinkRefusalReason };

const expired = (session: ExistingSession, at: string) =>
  session.linkExpiresAt !== null && Date.parse(session.linkExpiresAt) <= Date.parse(at);

/**
 * `match` is `LinkTokens.match` bound to the presented token, the invite purpose and the session id.
 * Wrong, forged and unknown tokens are all "invalid"; a link the invite revoked or replaced is
 * "revoked"; the current link past its expiry is "expired".
 */
export function checkCandidateLink(
  state: Session,
  match: (links: SubjectLinks) => LinkMatch,
  at: string,
): CandidateLinkCheck {
  if (state.status === 'none') return { valid: false, reason: 'invalid' };
  const found: LinkMatch = match({
    current: state.linkId,
    retired: state.linkIds.filter((linkId) => linkId !== state.linkId),
  });
  if (found.kind === 'none') return { valid: false, reason: 'invalid' };
  if (found.kind === 'retired') return { valid: false, reason: 'revoked' };
  if (expired(state, at)) return { valid: false, reason: 'expired' };
  return { valid: true, session: state, access: { linkId: found.linkId } };
}

/**
 * The session a command may act on for a link opened a moment earlier: the link must still be the
 * current one and not expired at the command's time (a revoke may have arrived in between).
 */
export function admitCandidate(state: Session, access: CandidateAccess, at: string): ExistingSession {
  if (state.status === 'none') throw linkRefusal('invalid');
  if (state.linkId !== access.linkId) throw linkRefusal(state.linkIds.includes(access.linkId) ? 'revoked' : 'invalid');
  if (expired(state, at)) throw linkRefusal('expired');
  return state;
}
