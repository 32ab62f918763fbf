import { ApiProperty } from '@nestjs/swagger';
import { DemoStatus, Role } from '@hirefair/core';

export class DemoLoginDto {
  @ApiProperty({ example: 'admin@xiaomi.demo' })
  email: string;

  @ApiProperty({ example: 'hirefair-demo' })
  password: string;

  @ApiProperty({ enum: Role, example: Role.OrgAdmin })
  role: Role;
}

export class DemoStatusDto implements DemoStatus {
  @ApiProperty({
    description: 'Whether this install loaded the demo fair (never in production unless DEMO_DATA=true)',
  })
  loaded: boolean;

  @ApiProperty({ type: [DemoLoginDto], description: 'The demo logins; empty when the demo is not loaded' })
  logins: DemoLoginDto[];
}
