import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OrganizationsService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { CreateOrganizationDto } from './dto/organization.dto';
import { OrganizationResponseDto, toOrganizationResponse } from './dto/organization-response.dto';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Roles(Role.PlatformAdmin)
  @Post()
  @ApiDoc('Create an organization with its first org_admin', OrganizationResponseDto, { created: true })
  async create(
    @CurrentStaff() actor: StaffActor,
    @Body() dto: CreateOrganizationDto,
  ): Promise<OrganizationResponseDto> {
    const { organization, admin } = await this.organizations.create(actor, dto);
    return toOrganizationResponse(organization, admin);
  }
}
