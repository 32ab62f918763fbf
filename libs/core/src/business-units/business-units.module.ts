import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessUnit } from './business-unit.entity';
import { BusinessUnitsRepository } from './business-units.repository';
import { BusinessUnitsService } from './business-units.service';

@Module({
  imports: [TypeOrmModule.forFeature([BusinessUnit])],
  providers: [BusinessUnitsService, BusinessUnitsRepository],
  exports: [BusinessUnitsService, BusinessUnitsRepository],
})
export class BusinessUnitsModule {}
