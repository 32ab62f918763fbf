import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RetentionService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { RetentionDto } from './dto/retention.dto';

@ApiTags('retention')
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  /** The retention period, and per completed event when its personal data is due for erasure. */
  @Roles(Role.Recruiter)
  @Get()
  get(@CurrentStaff() actor: StaffActor) {
    return this.retention.get(actor);
  }

  /** Sets the organization's retention period (audited). */
  @Roles(Role.OrgAdmin)
  @Put()
  set(@CurrentStaff() actor: StaffActor, @Body() dto: RetentionDto) {
    return this.retention.set(actor, dto.days);
  }
}
