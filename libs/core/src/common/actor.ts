export enum Role {
  PlatformAdmin = 'platform_admin',
  OrgAdmin = 'org_admin',
  Recruiter = 'recruiter',
  BuReviewer = 'bu_reviewer',
  Interviewer = 'interviewer',
}

export const ORGANIZATION_ROLES = [Role.OrgAdmin, Role.Recruiter, Role.BuReviewer, Role.Interviewer] as const;

/** A signed-in staff member, as carried by the access token. */
export interface StaffActor {
  kind: 'staff';
  userId: string;
  organizationId: string | null;
  roles: Role[];
  businessUnitIds: string[];
}

/** A candidate, authenticated by the opaque token of one registration. */
export interface CandidateActor {
  kind: 'candidate';
  candidateId: string;
  registrationId: string;
  organizationId: string;
}

/** Who did something, for timelines and the audit log; `system` is a worker acting on its own. */
export type Actor = StaffActor | CandidateActor | { kind: 'system' };

export const SYSTEM_ACTOR: Actor = { kind: 'system' };

export function hasRole(actor: StaffActor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function actorId(actor: Actor): string | null {
  if (actor.kind === 'staff') return actor.userId;
  if (actor.kind === 'candidate') return actor.candidateId;
  return null;
}
