import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  PipelineResult,
  PipelineService,
  Role,
  RoutingConfigService,
  StaffActor,
  WaiverPoliciesService,
} from '@hirefair/core';
import { ApiDoc } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import {
  ManualRouteDto,
  RoutingRulesBodyDto,
  WaiverOverrideDto,
  WaiverPolicyBodyDto,
  WrittenTestDto,
} from './dto/pipeline.dto';
import {
  PipelineResultDto,
  RoutingRulesResponseDto,
  WaiverPolicyResponseDto,
  WaiverSimulationResponseDto,
} from './dto/pipeline-response.dto';

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
  @ApiDoc("Get the event's current waiver policy", WaiverPolicyResponseDto)
  getPolicy(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<WaiverPolicyResponseDto> {
    return this.policies.get(actor, id);
  }

  @Roles(Role.Recruiter)
  @Put('events/:id/waiver-policy')
  @ApiBody({ type: WaiverPolicyBodyDto })
  @ApiDoc('Replace the waiver policy (adds a version; earlier decisions stand)', WaiverPolicyResponseDto)
  putPolicy(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() body: object,
  ): Promise<WaiverPolicyResponseDto> {
    return this.policies.put(actor, id, body);
  }

  @Roles(Role.Recruiter)
  @Post('events/:id/waiver-policy/simulate')
  @HttpCode(200)
  @ApiBody({ type: WaiverPolicyBodyDto })
  @ApiDoc(
    "Simulate a waiver policy on the event's registrations, changing nothing",
    WaiverSimulationResponseDto,
  )
  simulate(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() body: object,
  ): Promise<WaiverSimulationResponseDto> {
    return this.policies.simulate(actor, id, body);
  }

  @Roles(Role.Recruiter)
  @Get('events/:id/routing-rules')
  @ApiDoc("Get the event's routing rules", RoutingRulesResponseDto)
  getRouting(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<RoutingRulesResponseDto> {
    return this.routing.get(actor, id);
  }

  @Roles(Role.Recruiter)
  @Put('events/:id/routing-rules')
  @ApiBody({ type: RoutingRulesBodyDto })
  @ApiDoc('Replace the routing rules (restarts the weighted round-robin)', RoutingRulesResponseDto)
  putRouting(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() body: object,
  ): Promise<RoutingRulesResponseDto> {
    return this.routing.put(actor, id, body);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/waiver')
  @HttpCode(200)
  @ApiDoc("Override a registration's waiver decision (moves its lane)", PipelineResultDto)
  overrideWaiver(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: WaiverOverrideDto,
  ): Promise<PipelineResult> {
    return this.pipeline.overrideWaiver(actor, id, dto.decision, dto.reason);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/written-test')
  @HttpCode(200)
  @ApiDoc("Record a standard-lane registration's written-test score", PipelineResultDto)
  writtenTest(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: WrittenTestDto,
  ): Promise<PipelineResult> {
    return this.pipeline.recordWrittenTest(actor, id, dto.score);
  }

  @Roles(Role.Recruiter)
  @Post('registrations/:id/route')
  @HttpCode(200)
  @ApiDoc('Route a registration to a business unit by hand', PipelineResultDto)
  route(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: ManualRouteDto,
  ): Promise<PipelineResult> {
    return this.pipeline.route(actor, id, dto.businessUnitId, dto.reason);
  }
}
