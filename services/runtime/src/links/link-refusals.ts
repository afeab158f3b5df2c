// The answers to a link that does not open, the same from every service that opens links: wrong,
// malformed and forged tokens are one answer (404 `link-invalid`, nothing about which part was
// wrong); a revoked or replaced link is 410 `link-revoked`; an expired one 410 `link-expired`. The
// pages turn the problem type into their words.
import { linkProblemTypes } from '@candor/contracts';
import { GoneError, NotFoundError, type CandorError } from '../errors';

export type LinkRefusalReason = 'invalid' | 'revoked' | 'expired';

export const invalidLinkMessage = 'This interview link is not valid.';

export function linkRefusal(reason: LinkRefusalReason): CandorError {
  switch (reason) {
    case 'revoked':
      return new GoneError('This interview link has been withdrawn.', linkProblemTypes.revoked);
    case 'expired':
      return new GoneError('This interview link has expired.', linkProblemTypes.expired);
    case 'invalid':
      return new NotFoundError(invalidLinkMessage, linkProblemTypes.invalid);
  }
}
