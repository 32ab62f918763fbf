import { ApiProperty } from '@nestjs/swagger';
import { Organization, Role, User } from '@hirefair/core';

export class OrganizationAdminDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'admin@example.com' })
  email: string;

  @ApiProperty({ example: 'Wang Fang' })
  name: string;

  @ApiProperty({ enum: Role, isArray: true, example: [Role.OrgAdmin] })
  roles: Role[];
}

export class OrganizationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Xiaomi AI Lab' })
  name: string;

  @ApiProperty({ example: 'xiaomi-ai' })
  slug: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: OrganizationAdminDto, description: 'The first org_admin, created with it' })
  admin: OrganizationAdminDto;
}

export function toOrganizationResponse(organization: Organization, admin: User): OrganizationResponseDto {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    createdAt: organization.createdAt,
    admin: { id: admin.id, email: admin.email, name: admin.name, roles: admin.roles },
  };
}
