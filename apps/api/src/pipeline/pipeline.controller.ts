import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  PipelineService,
  Role,
  RoutingConfigService,
  StaffActor,
  WaiverPoliciesService,
} from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import {
  ManualRouteDto,
  RoutingRulesBodyDto,
  WaiverOverrideDto,
  WaiverPolicyBodyDto,
  WrittenTestDto,
} from './dto/pipeline.dto';

/**
 * Waiver policies and routing rules of an event, and recruiters' moves on one registration.
 * Policy and rule bodies are validated as a whole by the core (JSON pointers to bad nodes).
 */
@ApiTags('fast track')
@Controller()
export class PipelineController {
  constructor(
    private readonly policies: WaiverPoliciesService,
    private readonly routing: RoutingConfigService,
    private readonly pipeline: PipelineService,
  ) {}

  @Roles(Role.Recruiter)
  @Get('events/:id/waiver-policy')
  getPolicy(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.policies.get(actor, id);
  }

  @Roles(Role.Recruiter)
  @Put('events/:id/waiver-policy')
  @ApiBody({ type: WaiverPolicyBodyDto })
  putPolicy(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() body: object) {
    return this.policies.put(actor, id, body);
  }

  @Roles(Role.Recruiter)
  @Post('events/:id/waiver-policy/simulate')
  @HttpCode(200)
  @ApiBody({ type: WaiverPolicyBodyDto })
  simulate(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() body: object) {
    return this.policies.simulate(actor, id, body);
  }

  @Roles(Role.Recruiter)
  @Get('events/:id/routing-rules')
  getRouting(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.routing.get(actor, id);
  }

  @Roles(Role.Recruiter)
  @Put('events/:id/routing-rules')
  @ApiBody({ type: RoutingRulesBodyDto })
  putRouting(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() body: object) {
    return this.routing.put(actor, id, body);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/waiver')
  @HttpCode(200)
  overrideWaiver(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: WaiverOverrideDto) {
    return this.pipeline.overrideWaiver(actor, id, dto.decision, dto.reason);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/written-test')
  @HttpCode(200)
  writtenTest(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: WrittenTestDto) {
    return this.pipeline.recordWrittenTest(actor, id, dto.score);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/route')
  @HttpCode(200)
  route(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: ManualRouteDto) {
    return this.pipeline.route(actor, id, dto.businessUnitId, dto.reason);
  }
}
