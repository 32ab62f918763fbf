import { Module } from '@nestjs/common';
import { BookingPoolModule } from '../interviews/booking-pool.module';
import { CalendarsRepository } from './calendars.repository';
import { CalendarsService } from './calendars.service';

/** Interviewers' iCalendar feeds and uploads. */
@Module({
  imports: [BookingPoolModule],
  providers: [CalendarsRepository, CalendarsService],
  exports: [CalendarsService],
})
export class CalendarsModule {}
