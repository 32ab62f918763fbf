import { Module } from '@nestjs/common';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { UsersModule } from '../users/users.module';
import { DemoSeedService } from './demo-seed.service';
import { DemoStatusService } from './demo-status.service';
import { DemoRepository } from './demo.repository';

@Module({
  imports: [UsersModule, BusinessUnitsModule],
  providers: [DemoSeedService, DemoRepository, DemoStatusService],
  exports: [DemoSeedService, DemoStatusService],
})
export class DemoModule {}
