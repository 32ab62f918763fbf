import { DomainError, ErrorKind } from '../common/domain-error';

export enum UserErrorCode {
  EmailTaken = 'EMAIL_TAKEN',
  /** A neutral refusal that does not tell in which organization, if any, the email is used. */
  EmailUnavailable = 'EMAIL_UNAVAILABLE',
  UnknownBusinessUnit = 'UNKNOWN_BUSINESS_UNIT',
  UserNotFound = 'USER_NOT_FOUND',
  CannotDeactivateSelf = 'CANNOT_DEACTIVATE_SELF',
}

export class UserError extends DomainError {
  constructor(code: UserErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
