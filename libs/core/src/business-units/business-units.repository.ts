import { Injectable } from '@nestjs/common';
import { DeepPartial, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { StaffActor } from '../common/actor';
import { findInOrganization } from '../common/tenancy';
import { BusinessUnit } from './business-unit.entity';
import { BusinessUnitErrorCode } from './business-units.errors';

/** Every statement on `business_units`, and the unit-membership read of `users`. */
@Injectable()
export class BusinessUnitsRepository extends DataSourceRepository {
  create(fields: DeepPartial<BusinessUnit>): BusinessUnit {
    return this.dataSource.getRepository(BusinessUnit).create(fields);
  }

  async save(manager: EntityManager, unit: BusinessUnit): Promise<void> {
    await manager.getRepository(BusinessUnit).save(unit);
  }

  findForActor(actor: StaffActor, id: string, manager = this.dataSource.manager): Promise<BusinessUnit> {
    return findInOrganization(
      manager.getRepository(BusinessUnit),
      actor,
      id,
      'Business unit',
      BusinessUnitErrorCode.NotFound,
    );
  }

  findById(manager: EntityManager, id: string): Promise<BusinessUnit> {
    return manager.getRepository(BusinessUnit).findOneByOrFail({ id });
  }

  organizationQuery(organizationId: string): SelectQueryBuilder<BusinessUnit> {
    return this.dataSource
      .getRepository(BusinessUnit)
      .createQueryBuilder('bu')
      .where('bu.organizationId = :org', { org: organizationId });
  }

  findOne(manager: EntityManager, id: string): Promise<BusinessUnit | null> {
    return manager.getRepository(BusinessUnit).findOneBy({ id });
  }

  /** The organization's units (those of `ids` only, when given), by name. */
  inOrganization(manager: EntityManager, organizationId: string, ids?: string[]): Promise<BusinessUnit[]> {
    if (ids?.length === 0) return Promise.resolve([]);
    return manager.getRepository(BusinessUnit).find({
      where: { organizationId, ...(ids ? { id: In(ids) } : {}) },
      order: { name: 'ASC' },
    });
  }

  findByIds(manager: EntityManager, ids: string[]): Promise<BusinessUnit[]> {
    return ids.length
      ? manager.getRepository(BusinessUnit).find({ where: { id: In(ids) } })
      : Promise.resolve([]);
  }

  async idsInOrganization(manager: EntityManager, organizationId: string, ids: string[]): Promise<string[]> {
    const found = await manager
      .getRepository(BusinessUnit)
      .find({ select: { id: true }, where: { id: In(ids), organizationId } });
    return found.map((u) => u.id);
  }

  countInOrganization(manager: EntityManager, organizationId: string, ids: string[]): Promise<number> {
    return manager.getRepository(BusinessUnit).count({ where: { id: In(ids), organizationId } });
  }
}
