// The few error classes the domain and adapters throw. Each carries its HTTP status; one middleware
// (http/problem.ts) turns them into RFC 9457 problem+json. Anything else is a 500 and is logged.
export interface FieldError {
  path: string;
  message: string;
}

export class CandorError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    /** a stable problem type slug when clients must tell answers of one status apart (e.g. 'link-revoked') */
    readonly type?: string,
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
  get detail(): string {
    return this.message;
  }
}

export class ValidationError extends CandorError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'Invalid request', detail, errors);
  }
}
export class UnauthorizedError extends CandorError {
  constructor(detail = 'Sign in to continue.') {
    super(401, 'Unauthorized', detail);
  }
}
export class ForbiddenError extends CandorError {
  constructor(detail = 'You may not do that.') {
    super(403, 'Forbidden', detail);
  }
}
export class NotFoundError extends CandorError {
  constructor(detail = 'Not found.', type?: string) {
    super(404, 'Not found', detail, undefined, type);
  }
}
export class ConflictError extends CandorError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}
export class GoneError extends CandorError {
  constructor(detail: string, type?: string) {
    super(410, 'Gone', detail, undefined, type);
  }
}
export class TooManyRequestsError extends CandorError {
  constructor(detail = 'Too many requests; wait a moment and try again.') {
    super(429, 'Too many requests', detail);
  }
}
export class ServiceUnavailableError extends CandorError {
  constructor(detail: string) {
    super(503, 'Service unavailable', detail);
  }
}
