import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DemoModule } from '../demo/demo.module';
import { DemoSeedService } from '../demo/demo-seed.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RegistrationsService } from '../registrations/registrations.service';
import { demoFair } from '../demo/demo-fair';
import { HiringEvent } from './event.entity';
import { EventsService } from './events.service';

@Module({
  imports: [TypeOrmModule.forFeature([HiringEvent]), RegistrationsModule, DemoModule],
  providers: [EventsService],
  exports: [EventsService, RegistrationsModule],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly demo: DemoSeedService,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
  ) {}

  onModuleInit(): void {
    this.demo.extend(demoFair(this.events, this.registrations));
  }
}
