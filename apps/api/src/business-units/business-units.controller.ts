import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BusinessUnitsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateBusinessUnitDto, UpdateBusinessUnitDto } from './dto/business-unit.dto';

@ApiTags('business-units')
@Controller('business-units')
export class BusinessUnitsController {
  constructor(private readonly units: BusinessUnitsService) {}

  @Roles(Role.OrgAdmin)
  @Post()
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateBusinessUnitDto) {
    return this.units.create(actor, dto);
  }

  @Roles(Role.Recruiter)
  @Get()
  list(@CurrentStaff() actor: StaffActor, @Query() query: PageQueryDto) {
    return this.units.list(actor, query);
  }

  @Roles(Role.Recruiter)
  @Get(':id')
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.units.get(actor, id);
  }

  /** Users (reviewers, interviewers) who belong to the unit. */
  @Roles(Role.Recruiter)
  @Get(':id/members')
  members(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.units.members(actor, id, query);
  }

  @Roles(Role.OrgAdmin)
  @Patch(':id')
  update(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: UpdateBusinessUnitDto) {
    return this.units.update(actor, id, dto);
  }
}
