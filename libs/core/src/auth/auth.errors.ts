import { DomainError, ErrorKind } from '../common/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  InvalidInviteToken = 'INVALID_INVITE_TOKEN',
  InvalidResetToken = 'INVALID_RESET_TOKEN',
  InvalidCurrentPassword = 'INVALID_CURRENT_PASSWORD',
}

export class AuthError extends DomainError {
  constructor(code: AuthErrorCode, message: string, kind = ErrorKind.Unauthenticated) {
    super(code, message, kind);
  }
}

/** The account's failed-login budget is spent; HTTP answers 429 with `Retry-After`. */
export class TooManyAttemptsError extends AuthError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      AuthErrorCode.TooManyAttempts,
      `Too many failed sign-in attempts for this account; try again in ${retryAfterSeconds} s.`,
      ErrorKind.RateLimited,
    );
  }
}
