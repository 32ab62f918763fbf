import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OrganizationsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { CreateOrganizationDto } from './dto/organization.dto';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Roles(Role.PlatformAdmin)
  @Post()
  async create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateOrganizationDto) {
    const { organization, admin } = await this.organizations.create(actor, dto);
    return {
      ...organization,
      admin: { id: admin.id, email: admin.email, name: admin.name, roles: admin.roles },
    };
  }
}
