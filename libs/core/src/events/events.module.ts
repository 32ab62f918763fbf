import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { HiringEvent } from './event.entity';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** EventSeats comes from the global EventSeatsModule. */
@Module({
  imports: [TypeOrmModule.forFeature([HiringEvent]), BusinessUnitsModule, OrganizationsModule],
  providers: [EventsService, EventsRepository],
  exports: [EventsService, EventsRepository],
})
export class EventsModule {}
