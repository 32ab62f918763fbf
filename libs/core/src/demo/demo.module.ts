import { Module, OnModuleInit } from '@nestjs/common';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { EventsModule } from '../events/events.module';
import { EventsRepository } from '../events/events.repository';
import { EventsService } from '../events/events.service';
import { PipelineModule } from '../intake/pipeline.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RegistrationsService } from '../registrations/registrations.service';
import { RoutingRepository } from '../routing/routing.repository';
import { UsersModule } from '../users/users.module';
import { WaiverPoliciesRepository } from '../waivers/waiver-policies.repository';
import { demoFair } from './demo-fair';
import { DemoSeedService } from './demo-seed.service';
import { DemoStatusService } from './demo-status.service';
import { DemoRepository } from './demo.repository';

@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    BusinessUnitsModule,
    EventsModule,
    RegistrationsModule,
    PipelineModule,
  ],
  providers: [DemoSeedService, DemoRepository, DemoStatusService],
  exports: [DemoSeedService, DemoStatusService],
})
export class DemoModule implements OnModuleInit {
  constructor(
    private readonly demo: DemoSeedService,
    private readonly events: EventsService,
    private readonly eventRows: EventsRepository,
    private readonly waivers: WaiverPoliciesRepository,
    private readonly routing: RoutingRepository,
    private readonly registrations: RegistrationsService,
  ) {}

  onModuleInit(): void {
    this.demo.extend(
      demoFair({
        events: this.events,
        eventRows: this.eventRows,
        waivers: this.waivers,
        routing: this.routing,
        registrations: this.registrations,
      }),
    );
  }
}
