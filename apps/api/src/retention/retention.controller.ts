import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RetentionService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { RetentionDto } from './dto/retention.dto';
import { RetentionResponseDto } from './dto/retention-response.dto';

@ApiTags('retention')
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Roles(Role.Recruiter)
  @Get()
  @ApiDoc(
    'Get the retention period, and per completed event when its personal data is due for erasure',
    RetentionResponseDto,
  )
  get(@CurrentStaff() actor: StaffActor): Promise<RetentionResponseDto> {
    return this.retention.get(actor);
  }

  @Roles(Role.OrgAdmin)
  @Put()
  @ApiDoc("Set the organization's retention period (audited)", RetentionResponseDto)
  set(@CurrentStaff() actor: StaffActor, @Body() dto: RetentionDto): Promise<RetentionResponseDto> {
    return this.retention.set(actor, dto.days);
  }
}
