import { DomainError, ErrorKind } from '../common/domain-error';

/** Why a staff or candidate route refused its bearer token (401). */
export enum TokenErrorCode {
  TokenMissing = 'TOKEN_MISSING',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenInvalid = 'TOKEN_INVALID',
}

const MESSAGES: Record<TokenErrorCode, string> = {
  [TokenErrorCode.TokenMissing]: 'This route needs an "Authorization: Bearer <token>" header.',
  [TokenErrorCode.TokenExpired]:
    'The access token has expired; get a new one with POST /api/v1/auth/refresh.',
  [TokenErrorCode.TokenInvalid]: 'The token is not valid for this route.',
};

export class TokenError extends DomainError {
  constructor(code: TokenErrorCode, message = MESSAGES[code]) {
    super(code, message, ErrorKind.Unauthenticated);
  }
}
