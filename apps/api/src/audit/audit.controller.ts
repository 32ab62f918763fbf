import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.OrgAdmin)
  @Get()
  list(@CurrentStaff() actor: StaffActor, @Query() query: AuditQueryDto) {
    return this.audit.list(actor, query);
  }
}
