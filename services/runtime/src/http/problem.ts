// Turns every error into RFC 9457 problem+json. Bad input from body-parser (malformed JSON, too
// large, wrong charset) becomes a 4xx with a clear message; only unexpected errors become a 500,
// and those are logged with the request id while the client sees no internals.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Problem } from '@candor/contracts';
import { CandorError, type FieldError } from '../errors';
import { maskCapabilityPath, type Logger } from '../logging';

const typeBase = 'https://candor.dev/problems/';

export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail?: string,
  errors?: FieldError[],
  type?: string,
): void {
  const problem: Problem = {
    type: `${typeBase}${type ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    detail,
    instance: maskCapabilityPath(res.req.originalUrl),
    errors,
    requestId: res.locals.requestId as string | undefined,
  };
  res.status(status).type('application/problem+json').send(JSON.stringify(problem));
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
}

const bodyParserProblems: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'Malformed JSON', 'The request body is not valid JSON.'],
  'entity.too.large': [413, 'Payload too large', 'The request body is larger than this endpoint accepts.'],
  'encoding.unsupported': [415, 'Unsupported encoding', 'The request body encoding is not supported.'],
  'charset.unsupported': [415, 'Unsupported charset', 'Send the body as UTF-8 JSON.'],
  'request.aborted': [400, 'Request aborted', 'The request body was not received completely.'],
  'request.size.invalid': [400, 'Invalid body size', 'The request body size does not match its Content-Length.'],
};

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof CandorError) {
      sendProblem(res, error.status, error.title, error.detail, error.errors, error.type);
      return;
    }
    const parserError = error as BodyParserError;
    const known = parserError?.type ? bodyParserProblems[parserError.type] : undefined;
    if (known) {
      sendProblem(res, known[0], known[1], known[2]);
      return;
    }
    const status = parserError?.status ?? parserError?.statusCode;
    if (parserError?.expose && typeof status === 'number' && status >= 400 && status < 500) {
      sendProblem(res, status, 'Bad request', (error as Error).message);
      return;
    }
    logger.error({ err: error, requestId: res.locals.requestId, path: maskCapabilityPath(req.originalUrl) }, 'unhandled error');
    sendProblem(res, 500, 'Internal error', 'Something went wrong on our side; it has been logged.');
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'Not found', `No route for ${req.method} ${req.path}.`);
};
