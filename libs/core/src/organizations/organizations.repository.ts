import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { Organization } from './organization.entity';

/** Every statement on `organizations`. */
@Injectable()
export class OrganizationsRepository extends DataSourceRepository {
  async insert(manager: EntityManager, fields: Pick<Organization, 'name' | 'slug'>): Promise<Organization> {
    const organization = manager.getRepository(Organization).create(fields);
    await manager.getRepository(Organization).insert(organization);
    return organization;
  }

  findById(id: string): Promise<Organization | null> {
    return this.dataSource.getRepository(Organization).findOne({ where: { id } });
  }

  findByIds(manager: EntityManager, ids: string[]): Promise<Organization[]> {
    return manager.getRepository(Organization).find({ where: { id: In(ids) } });
  }
}
