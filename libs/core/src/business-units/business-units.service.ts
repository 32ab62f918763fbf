import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { Page, PageQuery, paginate } from '../common/pagination';
import { organizationOf } from '../common/tenancy';
import { BusinessUnit, ScorecardCriterion } from './business-unit.entity';
import { BusinessUnitsRepository } from './business-units.repository';
import { BusinessUnitError, BusinessUnitErrorCode } from './business-units.errors';

export interface BusinessUnitInput {
  name: string;
  code: string;
  specialties: string[];
  reviewSlaHours: number;
  dailyInterviewCapacity: number;
  maxOpenReviews?: number | null;
  scorecard?: ScorecardCriterion[];
}

export const BUSINESS_UNITS_CODE_UNIQUE = 'business_units_org_code_unique';

@Injectable()
export class BusinessUnitsService {
  constructor(
    private readonly units: BusinessUnitsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: StaffActor, input: BusinessUnitInput): Promise<BusinessUnit> {
    const organizationId = organizationOf(actor);
    return this.units.transaction(async (manager) => {
      const unit = await this.insert(manager, organizationId, input);
      await this.audit.record(
        actor,
        { organizationId, action: 'business_unit.created', objectType: 'business_unit', objectId: unit.id },
        manager,
      );
      return unit;
    });
  }

  async insert(
    manager: EntityManager,
    organizationId: string,
    input: BusinessUnitInput,
  ): Promise<BusinessUnit> {
    const unit = this.units.create({
      organizationId,
      ...input,
      specialties: [...new Set(input.specialties)],
      maxOpenReviews: input.maxOpenReviews ?? null,
      scorecard: input.scorecard ?? [],
    });
    await this.translateConflicts(() => this.units.save(manager, unit));
    return unit;
  }

  list(actor: StaffActor, query: PageQuery): Promise<Page<BusinessUnit>> {
    return paginate(this.units.organizationQuery(organizationOf(actor)), query);
  }

  get(actor: StaffActor, id: string): Promise<BusinessUnit> {
    return this.units.findForActor(actor, id);
  }

  async update(actor: StaffActor, id: string, patch: Partial<BusinessUnitInput>): Promise<BusinessUnit> {
    return this.units.transaction(async (manager) => {
      const unit = await this.units.findForActor(actor, id, manager);
      const before = { ...unit };
      Object.assign(unit, patch);
      if (patch.specialties) unit.specialties = [...new Set(patch.specialties)];
      await this.translateConflicts(() => this.units.save(manager, unit));
      const changed = Object.keys(patch).filter(
        (k) =>
          JSON.stringify(before[k as keyof BusinessUnit]) !== JSON.stringify(unit[k as keyof BusinessUnit]),
      );
      await this.audit.record(
        actor,
        {
          organizationId: unit.organizationId,
          action: 'business_unit.updated',
          objectType: 'business_unit',
          objectId: unit.id,
          details: { changed },
        },
        manager,
      );
      return unit;
    });
  }

  private async translateConflicts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, BUSINESS_UNITS_CODE_UNIQUE)) {
        throw new BusinessUnitError(
          BusinessUnitErrorCode.CodeTaken,
          'Another business unit of this organization has this code.',
        );
      }
      throw error;
    }
  }
}
