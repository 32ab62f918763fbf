import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueueName, WebhookJob, deliverWebhookJobId } from '@hirefair/queue';
import { OutboxService, OwedJob } from '../outbox/outbox.service';
import { OwedChangeRow } from '../registrations/registration-changes.port';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { WebhookData, WebhookDeliveryStatus, WebhookPayload } from './webhook-delivery.entity';
import {
  InterviewLike,
  RegistrationChange,
  RegistrationLike,
  WebhookEvent,
  WebhookEventType,
  interviewEventData,
  registrationEvents,
} from './webhook-events';
import { WEBHOOK_MAX_ATTEMPTS } from './webhook-retry';
import { NewDelivery, WebhooksRepository } from './webhooks.repository';

const ALL_TYPES: string[] = Object.values(WebhookEventType);

/** The job of a delivery's first attempt. */
const deliverJob = (deliveryId: string): OwedJob => ({
  queue: QueueName.Webhooks,
  name: WebhookJob.Deliver,
  jobId: deliverWebhookJobId(deliveryId, 1),
  payload: { deliveryId, attempt: 1 },
});

const INTERVIEW_EVENT_OF_MAIL: Partial<Record<string, WebhookEventType>> = {
  [RegistrationMailTemplate.InterviewInvitation]: WebhookEventType.InterviewScheduled,
  [RegistrationMailTemplate.InterviewUpdated]: WebhookEventType.InterviewRescheduled,
  [RegistrationMailTemplate.InterviewCancelled]: WebhookEventType.InterviewCancelled,
};

/** Timeline changes grouped by registration, in the order each registration first appears. */
function changesByRegistration(
  rows: readonly { registration: RegistrationLike; change: RegistrationChange }[],
): Map<string, { registration: RegistrationLike; changes: RegistrationChange[] }> {
  const byRegistration = new Map<string, { registration: RegistrationLike; changes: RegistrationChange[] }>();
  for (const { registration, change } of rows) {
    const entry = byRegistration.get(registration.id) ?? { registration, changes: [] };
    entry.changes.push(change);
    byRegistration.set(registration.id, entry);
  }
  return byRegistration;
}

/**
 * Fans events out to the organization's subscriptions, inside the transaction that makes the
 * change: a delivery row per subscription and its job in the outbox, so an event is delivered if
 * and only if the change commits. With no matching subscription this costs one statement on a
 * partial index (no cache: a subscription counts from the moment it is committed, in every process).
 */
@Injectable()
export class WebhookEventsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly repository: WebhooksRepository,
  ) {}

  emit(
    manager: EntityManager,
    organizationId: string,
    type: WebhookEventType,
    data: WebhookData,
  ): Promise<number> {
    return this.emitMany(manager, organizationId, [{ type, data }]);
  }

  /** For the registration timeline: the events its changes stand for (see `registrationEvents`). */
  async registrationChanged(
    manager: EntityManager,
    rows: readonly { registration: RegistrationLike; change: RegistrationChange }[],
  ): Promise<void> {
    const byRegistration = changesByRegistration(rows);
    const byOrganization = new Map<string, WebhookEvent[]>();
    for (const { registration, changes } of byRegistration.values()) {
      const events = registrationEvents(registration, changes);
      if (events.length === 0) continue;
      byOrganization.set(registration.organizationId, [
        ...(byOrganization.get(registration.organizationId) ?? []),
        ...events,
      ]);
    }
    for (const [organizationId, events] of byOrganization)
      await this.emitMany(manager, organizationId, events);
  }

  /**
   * `registrationChanged`'s deliveries and jobs, per registration, unwritten (the intake writes
   * them in its one statement, for the registrations it moved). Reads the subscriptions.
   */
  async owedFor(
    manager: EntityManager,
    rows: readonly { registration: RegistrationLike; change: RegistrationChange }[],
  ): Promise<OwedChangeRow[]> {
    const byRegistration = changesByRegistration(rows);
    const subscribers = new Map<string, { id: string; events: string[] }[]>();
    const owed: OwedChangeRow[] = [];
    for (const { registration, changes } of byRegistration.values()) {
      const events = registrationEvents(registration, changes);
      if (events.length === 0) continue;
      const organizationId = registration.organizationId;
      let subscriptions = subscribers.get(organizationId);
      if (!subscriptions) {
        subscriptions = await this.repository.subscribersOf(manager, organizationId, ALL_TYPES);
        subscribers.set(organizationId, subscriptions);
      }
      for (const delivery of this.deliveriesOf(organizationId, events, subscriptions)) {
        owed.push({
          registrationId: registration.id,
          delivery: {
            id: delivery.id,
            subscriptionId: delivery.subscriptionId,
            organizationId,
            eventId: delivery.eventId,
            eventType: delivery.eventType,
            payload: delivery.payload,
            finalAttempt: delivery.finalAttempt,
          },
          job: deliverJob(delivery.id),
        });
      }
    }
    return owed;
  }

  /** For the interview mails: invitation = scheduled, update = rescheduled, cancellation = cancelled. */
  async interviewsChanged(
    manager: EntityManager,
    interviews: readonly InterviewLike[],
    mail: string,
  ): Promise<void> {
    const type = INTERVIEW_EVENT_OF_MAIL[mail];
    if (!type) return;
    const byOrganization = new Map<string, WebhookEvent[]>();
    for (const interview of interviews) {
      const events = byOrganization.get(interview.organizationId) ?? [];
      events.push({ type, data: interviewEventData(interview) });
      byOrganization.set(interview.organizationId, events);
    }
    for (const [organizationId, events] of byOrganization)
      await this.emitMany(manager, organizationId, events);
  }

  async emitMany(manager: EntityManager, organizationId: string, events: WebhookEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const types = [...new Set(events.map((e) => e.type))];
    const subscriptions = await this.repository.subscribersOf(manager, organizationId, types);
    if (subscriptions.length === 0) return 0;
    const deliveries = this.deliveriesOf(organizationId, events, subscriptions);
    await this.repository.insertDeliveries(manager, deliveries);
    await this.outbox.add(manager, ...deliveries.map((d) => deliverJob(d.id)));
    return deliveries.length;
  }

  /** A delivery per event and subscription to it. */
  private deliveriesOf(
    organizationId: string,
    events: WebhookEvent[],
    subscriptions: { id: string; events: string[] }[],
  ): NewDelivery[] {
    const createdAt = new Date().toISOString();
    const deliveries: NewDelivery[] = [];
    for (const event of events) {
      const payload: WebhookPayload = {
        id: randomUUID(),
        type: event.type,
        createdAt,
        organizationId,
        data: event.data,
      };
      for (const subscription of subscriptions.filter((s) => s.events.includes(event.type))) {
        deliveries.push({
          id: randomUUID(),
          subscriptionId: subscription.id,
          organizationId,
          eventId: payload.id,
          eventType: event.type,
          payload,
          status: WebhookDeliveryStatus.Pending,
          attempts: 0,
          finalAttempt: WEBHOOK_MAX_ATTEMPTS,
          nextAttemptAt: new Date(),
        });
      }
    }
    return deliveries;
  }
}
