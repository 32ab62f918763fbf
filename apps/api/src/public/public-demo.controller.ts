import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DemoStatusService } from '@hirefair/core';
import { Public, RateLimited } from '../common/auth.decorators';
import { DemoStatusDto } from './dto/demo-status.dto';

@ApiTags('public')
@Public()
@RateLimited()
@Controller('public/demo')
export class PublicDemoController {
  constructor(private readonly demo: DemoStatusService) {}

  @Get()
  @ApiOperation({ summary: 'Whether the demo fair is loaded, and its logins for the sign-in page' })
  @ApiOkResponse({ type: DemoStatusDto })
  status(): Promise<DemoStatusDto> {
    return this.demo.status();
  }
}
