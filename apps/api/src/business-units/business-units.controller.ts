import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BusinessUnitsService, Role, StaffActor, UsersService } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateBusinessUnitDto, UpdateBusinessUnitDto } from './dto/business-unit.dto';
import {
  BusinessUnitResponseDto,
  UnitMemberDto,
  toBusinessUnitResponse,
  toUnitMember,
} from './dto/business-unit-response.dto';

type Page<T> = { items: T[]; nextCursor: string | null };

@ApiTags('business-units')
@Controller('business-units')
export class BusinessUnitsController {
  constructor(
    private readonly units: BusinessUnitsService,
    private readonly users: UsersService,
  ) {}

  @Roles(Role.OrgAdmin)
  @Post()
  @ApiDoc('Create a business unit', BusinessUnitResponseDto, { created: true })
  async create(
    @CurrentStaff() actor: StaffActor,
    @Body() dto: CreateBusinessUnitDto,
  ): Promise<BusinessUnitResponseDto> {
    return toBusinessUnitResponse(await this.units.create(actor, dto));
  }

  @Roles(Role.Recruiter)
  @Get()
  @ApiDoc("List the organization's business units", PageOf(BusinessUnitResponseDto))
  async list(
    @CurrentStaff() actor: StaffActor,
    @Query() query: PageQueryDto,
  ): Promise<Page<BusinessUnitResponseDto>> {
    const page = await this.units.list(actor, query);
    return { items: page.items.map(toBusinessUnitResponse), nextCursor: page.nextCursor };
  }

  @Roles(Role.Recruiter)
  @Get(':id')
  @ApiDoc('Get one business unit', BusinessUnitResponseDto)
  async get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<BusinessUnitResponseDto> {
    return toBusinessUnitResponse(await this.units.get(actor, id));
  }

  @Roles(Role.Recruiter)
  @Get(':id/members')
  @ApiDoc('List the users (reviewers, interviewers) who belong to the unit', PageOf(UnitMemberDto))
  async members(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<UnitMemberDto>> {
    const page = await this.users.unitMembers(await this.units.get(actor, id), query);
    return { items: page.items.map(toUnitMember), nextCursor: page.nextCursor };
  }

  @Roles(Role.OrgAdmin)
  @Patch(':id')
  @ApiDoc('Edit a business unit', BusinessUnitResponseDto)
  async update(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: UpdateBusinessUnitDto,
  ): Promise<BusinessUnitResponseDto> {
    return toBusinessUnitResponse(await this.units.update(actor, id, dto));
  }
}
