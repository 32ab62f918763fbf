import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { RegistrationsService, TokenError, TokenErrorCode } from '@hirefair/core';

/**
 * Candidate routes: the bearer token is hashed and looked up among live registration tokens. A
 * staff JWT is not such a token, so it is refused here just as a candidate token is on staff routes.
 */
@Injectable()
export class CandidateAuthGuard implements CanActivate {
  constructor(private readonly registrations: RegistrationsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: unknown }>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (typeof header !== 'string' || header.trim() === '') {
      throw new TokenError(
        TokenErrorCode.TokenMissing,
        'This route needs "Authorization: Bearer <candidateToken>".',
      );
    }
    const actor = token ? await this.registrations.authenticate(token) : null;
    // Candidate tokens do not expire; an unknown one, a staff token or an erased registration's is invalid.
    if (!actor) throw new TokenError(TokenErrorCode.TokenInvalid, 'A valid candidate token is required.');
    request.user = actor;
    return true;
  }
}
