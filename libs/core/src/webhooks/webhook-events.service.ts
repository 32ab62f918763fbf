import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueueName, WebhookJob, deliverWebhookJobId } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
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

const INTERVIEW_EVENT_OF_MAIL: Partial<Record<string, WebhookEventType>> = {
  [RegistrationMailTemplate.InterviewInvitation]: WebhookEventType.InterviewScheduled,
  [RegistrationMailTemplate.InterviewUpdated]: WebhookEventType.InterviewRescheduled,
  [RegistrationMailTemplate.InterviewCancelled]: WebhookEventType.InterviewCancelled,
};

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
    const byRegistration = new Map<
      string,
      { registration: RegistrationLike; changes: RegistrationChange[] }
    >();
    for (const { registration, change } of rows) {
      const entry = byRegistration.get(registration.id) ?? { registration, changes: [] };
      entry.changes.push(change);
      byRegistration.set(registration.id, entry);
    }
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
    await this.repository.insertDeliveries(manager, deliveries);
    await this.outbox.add(
      manager,
      ...deliveries.map((d) => ({
        queue: QueueName.Webhooks,
        name: WebhookJob.Deliver,
        jobId: deliverWebhookJobId(d.id, 1),
        payload: { deliveryId: d.id, attempt: 1 },
      })),
    );
    return deliveries.length;
  }
}
