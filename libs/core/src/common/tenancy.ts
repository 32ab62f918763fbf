import { FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { StaffActor } from './actor';
import { ForbiddenError, NotFoundError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The organization every query of this actor is confined to. */
export function organizationOf(actor: StaffActor): string {
  if (!actor.organizationId) throw new ForbiddenError('This action needs a member of an organization.');
  return actor.organizationId;
}

/**
 * The one place where objects are looked up by id on behalf of a staff member: the lookup is
 * always confined to the actor's organization, and another organization's object is "not found".
 */
export async function findInOrganization<T extends ObjectLiteral & { organizationId: string }>(
  repo: Repository<T>,
  actor: StaffActor,
  id: string,
  what: string,
  code?: string,
  options: { lock?: boolean } = {},
): Promise<T> {
  if (!isUuid(id)) throw new NotFoundError(what, code);
  const found = await repo.findOne({
    where: { id, organizationId: organizationOf(actor) } as unknown as FindOptionsWhere<T>,
    // Row-locked for the caller's transaction, when it is about to change the object.
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw new NotFoundError(what, code);
  return found;
}

/** Confines a query builder to the actor's organization (alias.organizationId). */
export function scopeToOrganization<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: StaffActor,
  alias = qb.alias,
): SelectQueryBuilder<T> {
  return qb.andWhere(`${alias}.organizationId = :scopeOrganizationId`, {
    scopeOrganizationId: organizationOf(actor),
  });
}
