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
  constructor(detail = 'Not found.') {
    super(404, 'Not found', detail);
  }
}
export class ConflictError extends CandorError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}
export class GoneError extends CandorError {
  constructor(detail: string) {
    super(410, 'Gone', detail);
  }
}
