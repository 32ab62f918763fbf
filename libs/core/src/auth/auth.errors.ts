import { DomainError, ErrorKind } from '../common/domain-error';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
}

export class AuthError extends DomainError {
  constructor(code: AuthErrorCode, message: string) {
    super(code, message, ErrorKind.Unauthenticated);
  }
}
