import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role, StaffActor, UsersService } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { CreateUserDto, UserQueryDto } from './dto/user.dto';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles(Role.OrgAdmin)
  @Post()
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Roles(Role.OrgAdmin)
  @Get()
  list(@CurrentStaff() actor: StaffActor, @Query() query: UserQueryDto) {
    return this.users.list(actor, query);
  }
}
