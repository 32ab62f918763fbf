import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ImportsService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { ImportResponseDto } from './dto/import-response.dto';

const EXAMPLE =
  'name,email,city,specialties,degree,yearsOfExperience,consentPrivacyPolicyVersion,consentShareWithBusinessUnits\n' +
  'Li Wei,li.wei@example.com,Beijing,nlp;deep_learning,phd,6,2025-01,true\n';

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Imports registrations from a CSV body (up to 50,000 rows, 50 MB): 201 with the created, queued import
   * (the contract's rule for a POST that creates; the rows are registered by a job).
   * The same file again for the event answers 200 with the import it already made.
   */
  @Roles(Role.Recruiter)
  @Post('events/:id/registrations/import')
  @HttpCode(201)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: EXAMPLE }, description: 'The CSV file; see the README' })
  @ApiOperation({ summary: 'Import registrations from a CSV file (rows are registered by a job)' })
  @ApiCreatedResponse({
    type: ImportResponseDto,
    description: 'Created and queued: `{id, status:"queued", ...}`',
  })
  @ApiOkResponse({
    type: ImportResponseDto,
    description: 'This file was already imported for the event: that import',
  })
  async create(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() file: Buffer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportResponseDto> {
    const { created, view } = await this.imports.create(actor, id, file);
    if (!created) void reply.status(200);
    return view;
  }

  /** Progress and outcome: counts, and the rows not imported with their line and reasons. */
  @Roles(Role.Recruiter)
  @Get('imports/:id')
  @ApiDoc("An import's progress, counts and the rows not imported", ImportResponseDto)
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<ImportResponseDto> {
    return this.imports.get(actor, id);
  }
}
