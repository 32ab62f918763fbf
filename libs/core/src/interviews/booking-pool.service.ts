import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { BookingPassPayload, InterviewJob, QueueName, bookingPassJobId } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
import { BookingPassRepository } from './booking-pass.repository';

/**
 * The booking pool of an event: advanced candidates waiting for an interview. A change that may
 * alter the bookings (a candidate pooled, windows changed) owes the event a booking pass, debounced:
 * it runs `settleMs` after the last change and at most `maxWaitMs` after the first. Each change owes
 * a delayed job named after its time; the job runs the pass only if no later change came meanwhile
 * (a later job does) or the bound after the first change is reached.
 */
@Injectable()
export class BookingPoolService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly repository: BookingPassRepository,
  ) {}

  /** Pools registrations (just advanced, or whose interview was declined) and owes their event a pass. */
  async pool(manager: EntityManager, eventId: string, registrationIds: string[]): Promise<void> {
    await this.repository.pool(manager, eventId, registrationIds);
    if (await this.repository.autoSchedules(manager, eventId)) await this.requestPass(manager, eventId);
  }

  /** Windows changed: owes the event a pass when it books automatically. */
  async changed(manager: EntityManager, eventId: string): Promise<void> {
    if (await this.repository.autoSchedules(manager, eventId)) await this.requestPass(manager, eventId);
  }

  /** Out of the pool: a candidate who declined their interview is not booked again unasked (a run still books them). */
  unpool(manager: EntityManager, registrationIds: string[]): Promise<void> {
    return this.repository.unpool(manager, registrationIds);
  }

  /** Owes the event a booking pass, inside the caller's transaction (it is owed only if that commits). */
  async requestPass(manager: EntityManager, eventId: string): Promise<void> {
    const request = await this.repository.request(manager, eventId);
    const { settleMs, maxWaitMs } = this.config.bookingPass;
    const job = (at: Date, delayMs: number, max: boolean) => ({
      queue: QueueName.InterviewScheduling,
      name: InterviewJob.BookingPass,
      jobId: bookingPassJobId(eventId, at.getTime(), max),
      payload: { eventId } satisfies BookingPassPayload,
      delayMs,
    });
    const jobs = [job(request.lastAt, settleMs, false)];
    if (request.inserted && maxWaitMs !== settleMs) jobs.push(job(request.firstAt, maxWaitMs, true));
    await this.outbox.add(manager, ...jobs);
  }

  /** When the pass owed for this request is due. */
  dueAt(request: { firstAt: Date; lastAt: Date }): number {
    const { settleMs, maxWaitMs } = this.config.bookingPass;
    return Math.min(request.lastAt.getTime() + settleMs, request.firstAt.getTime() + maxWaitMs);
  }
}
