import { Module } from '@nestjs/common';
import { BookingPassRepository } from './booking-pass.repository';
import { BookingPoolService } from './booking-pool.service';

/** The booking pool and the pass requests: what advancing a candidate (reviews) and the interviews feature share. */
@Module({
  providers: [BookingPassRepository, BookingPoolService],
  exports: [BookingPassRepository, BookingPoolService],
})
export class BookingPoolModule {}
