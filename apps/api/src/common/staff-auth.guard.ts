import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ForbiddenError, Role, StaffActor, TokenError, TokenErrorCode, hasRole } from '@hirefair/core';
import { IS_CANDIDATE_ROUTE, IS_PUBLIC, ROLES } from './auth.decorators';

/**
 * The global guard: every route needs a staff access token unless marked @Public() or
 * @CandidateRoute(), and then one of the route's @Roles(). org_admin may do everything
 * inside its organization; platform_admin only what names it.
 */
@Injectable()
export class StaffAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_CANDIDATE_ROUTE, targets)) return true;
    await (super.canActivate(context) as Promise<boolean>);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const actor = context.switchToHttp().getRequest<{ user: StaffActor }>().user;
    if (!roles || roles.length === 0) return true;
    const allowed = roles.includes(Role.PlatformAdmin) ? roles : [...roles, Role.OrgAdmin];
    if (!hasRole(actor, ...allowed)) throw new ForbiddenError('Your role does not allow this.');
    return true;
  }

  /** passport-jwt's verdict as the contract's 401 codes: no header, an expired token, anything else. */
  handleRequest<T = StaffActor>(err: unknown, user: T | false, info: unknown, context: ExecutionContext): T {
    if (err) throw err;
    if (user) return user;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
      .headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw new TokenError(TokenErrorCode.TokenMissing);
    if ((info as Error | undefined)?.name === 'TokenExpiredError') {
      throw new TokenError(TokenErrorCode.TokenExpired);
    }
    throw new TokenError(TokenErrorCode.TokenInvalid);
  }
}
