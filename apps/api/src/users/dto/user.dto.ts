import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ORGANIZATION_ROLES, Role } from '@hirefair/core';
import { PageQueryDto } from '../../common/page-query.dto';

export class CreateUserDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  /** One or more of org_admin, recruiter, bu_reviewer, interviewer. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ORGANIZATION_ROLES, { each: true })
  roles: Role[];

  /** The business units a reviewer or interviewer belongs to. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  businessUnitIds?: string[];

  /** An interviewer's specialties. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  specialties?: string[];
}

export class UserQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ORGANIZATION_ROLES)
  role?: Role;

  @IsOptional()
  @IsUUID()
  @Type(() => String)
  businessUnitId?: string;
}
