// How refusals reach a signalling client: an `error` message with the contract's code (or, for a
// room or link that is gone, the problem type: `interview-ended`, `link-revoked`, ...).
import { signalErrorCodes, type ServerMessage } from '@candor/contracts';
import { CandorError } from '@candor/runtime';

const byStatus: Record<number, string> = {
  400: signalErrorCodes.invalid,
  403: signalErrorCodes.forbidden,
  404: signalErrorCodes.notFound,
  409: signalErrorCodes.conflict,
};

/** The answer a client gets when one of its messages is refused. */
export function errorMessage(error: unknown, refused: string): Extract<ServerMessage, { type: 'error' }> {
  if (!(error instanceof CandorError)) {
    return {
      type: 'error',
      code: 'internal',
      message: 'Something went wrong on our side; it has been logged.',
      refused,
    };
  }
  const code =
    error.type === signalErrorCodes.notAdmitted
      ? error.type
      : (byStatus[error.status] ?? error.type ?? signalErrorCodes.conflict);
  return { type: 'error', code, message: error.message, refused };
}

export const invalidMessage = (detail: string) => new CandorError(400, 'Invalid message', detail);

export const notAdmitted = () =>
  new CandorError(
    403,
    'Not admitted',
    'You are in the waiting room; the interviewer will let you in.',
    undefined,
    signalErrorCodes.notAdmitted,
  );

/** An SDP the engine could not use is the client's mistake, said as such (not a 500). */
export function sdpRefused(error: unknown): never {
  if (error instanceof CandorError) throw error;
  throw invalidMessage(`The session description could not be used: ${(error as Error).message}`);
}
