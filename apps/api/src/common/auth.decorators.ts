import {
  ExecutionContext,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { CandidateActor, Role, StaffActor } from '@hirefair/core';
import { CandidateAuthGuard } from './candidate-auth.guard';
import { PublicThrottlerGuard } from './public-throttler.guard';

export const IS_PUBLIC = 'hirefair:public';
export const IS_CANDIDATE_ROUTE = 'hirefair:candidate';
export const ROLES = 'hirefair:roles';

/** No token needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Rate-limited per client address (PUBLIC_RATE_LIMIT a minute). */
export const RateLimited = () => UseGuards(PublicThrottlerGuard);

/** Staff roles allowed; org_admin is allowed everywhere inside its organization. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles), ApiBearerAuth('staff'));

/** Authenticated by a candidate token instead of a staff token. */
export const CandidateRoute = () =>
  applyDecorators(
    SetMetadata(IS_CANDIDATE_ROUTE, true),
    UseGuards(CandidateAuthGuard),
    ApiSecurity('candidate'),
  );

interface AuthenticatedRequest {
  user?: StaffActor | CandidateActor;
}

export const CurrentStaff = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffActor =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().user as StaffActor,
);

export const CurrentCandidate = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CandidateActor =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().user as CandidateActor,
);
