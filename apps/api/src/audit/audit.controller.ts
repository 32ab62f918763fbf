import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { AuditEntryResponseDto, toAuditEntryResponse } from './dto/audit-entry-response.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.OrgAdmin)
  @Get()
  @ApiDoc("List the organization's audit log, newest first", PageOf(AuditEntryResponseDto))
  async list(
    @CurrentStaff() actor: StaffActor,
    @Query() query: AuditQueryDto,
  ): Promise<{ items: AuditEntryResponseDto[]; nextCursor: string | null }> {
    const page = await this.audit.list(actor, query);
    return { items: page.items.map(toAuditEntryResponse), nextCursor: page.nextCursor };
  }
}
