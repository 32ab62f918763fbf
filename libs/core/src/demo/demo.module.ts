import { Module } from '@nestjs/common';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { UsersModule } from '../users/users.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [UsersModule, BusinessUnitsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
