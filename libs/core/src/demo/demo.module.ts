import { Module, OnModuleInit } from '@nestjs/common';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { EventsModule } from '../events/events.module';
import { EventsService } from '../events/events.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RegistrationsService } from '../registrations/registrations.service';
import { UsersModule } from '../users/users.module';
import { demoFair } from './demo-fair';
import { DemoSeedService } from './demo-seed.service';
import { DemoStatusService } from './demo-status.service';
import { DemoRepository } from './demo.repository';

@Module({
  imports: [UsersModule, BusinessUnitsModule, EventsModule, RegistrationsModule],
  providers: [DemoSeedService, DemoRepository, DemoStatusService],
  exports: [DemoSeedService, DemoStatusService],
})
export class DemoModule implements OnModuleInit {
  constructor(
    private readonly demo: DemoSeedService,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
  ) {}

  onModuleInit(): void {
    this.demo.extend(demoFair(this.events, this.registrations));
  }
}
