import { Global, Module } from '@nestjs/common';
import { EventSeats } from '../events/event-seats.port';
import { RegistrationEventSeats } from '../registrations/registration-event-seats';
import { RegistrationsModule } from '../registrations/registrations.module';

/**
 * Binds the events' EventSeats port to the registrations' seats. Global, so that EventsModule
 * needs no import of the registrations feature (which imports events).
 */
@Global()
@Module({
  imports: [RegistrationsModule],
  providers: [{ provide: EventSeats, useClass: RegistrationEventSeats }],
  exports: [EventSeats],
})
export class EventSeatsModule {}
