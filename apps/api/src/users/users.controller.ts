import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role, StaffActor, UsersService } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './dto/user.dto';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles(Role.OrgAdmin)
  @Post()
  @ApiOperation({
    summary: 'Add a user; without a password they are invited by mail. A used email: 409 EMAIL_UNAVAILABLE',
  })
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Roles(Role.OrgAdmin)
  @Get()
  @ApiOperation({ summary: 'The users of your organization, with their status (invited, active, inactive)' })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentStaff() actor: StaffActor, @Query() query: UserQueryDto) {
    return this.users.list(actor, query);
  }

  @Roles(Role.OrgAdmin)
  @Patch(':id')
  @ApiOperation({ summary: 'Change a user’s name, roles, units or specialties, or (de)activate them' })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
