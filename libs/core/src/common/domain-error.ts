/** How a domain error surfaces; the API's exception filter maps each kind to one HTTP status. */
export enum ErrorKind {
  Invalid = 'invalid',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  TooLarge = 'too_large',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
}

export interface ErrorDetail {
  field: string;
  messages: string[];
}

/** Services throw these (never HttpException): the worker has no HTTP and shares the services. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  Unauthorized = 'UNAUTHORIZED',
}

export class ValidationError extends DomainError {
  constructor(details: ErrorDetail[], message = 'The request is invalid.') {
    super(CommonErrorCode.ValidationFailed, message, ErrorKind.Invalid, details);
  }

  static single(field: string, message: string): ValidationError {
    return new ValidationError([{ field, messages: [message] }], message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code: string = CommonErrorCode.NotFound) {
    super(code, `${what} not found.`, ErrorKind.NotFound);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.', code: string = CommonErrorCode.Forbidden) {
    super(code, message, ErrorKind.Forbidden);
  }
}
