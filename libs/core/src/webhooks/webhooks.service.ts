import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { ErrorKind, ValidationError } from '../common/domain-error';
import { Page, PageQuery, paginate } from '../common/pagination';
import { organizationOf } from '../common/tenancy';
import { newSecret } from '../common/tokens';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { webhookJob } from './webhook-delivery.service';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from './webhook-events';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { Resolver, checkTarget, parseTargetUrl, resolveAll } from './webhook-target';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';
import { OutboxService } from '../outbox/outbox.service';

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string | null;
}

export interface WebhookPatch extends Partial<WebhookInput> {
  active?: boolean;
}

export type WebhookView = Omit<WebhookSubscription, 'secret' | 'organizationId' | 'createdBy'> & {
  organizationId: string;
};

export interface WebhookSettingsView {
  allowPrivateTargets: boolean;
  updatedAt: Date | null;
}

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  payload: WebhookDelivery['payload'];
  attempts: {
    attempt: number;
    ok: boolean;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    manual: boolean;
    at: Date;
  }[];
}

const view = ({ secret: _secret, createdBy: _createdBy, ...rest }: WebhookSubscription): WebhookView => rest;

/** Subscriptions, the organization's webhook settings, and the deliveries' history and redelivery. */
@Injectable()
export class WebhooksService {
  /** Replaceable in tests; production resolves with the system resolver. */
  resolver: Resolver = resolveAll;

  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async create(actor: StaffActor, input: WebhookInput): Promise<WebhookView & { secret: string }> {
    const organizationId = organizationOf(actor);
    const events = this.checkEvents(input.events);
    await this.checkUrl(organizationId, input.url);
    return this.subscriptions.transaction(async (manager) => {
      const secret = `whsec_${newSecret()}`;
      const subscription = await this.subscriptions.insert(manager, {
        organizationId,
        url: input.url,
        events,
        description: input.description ?? null,
        secret,
        active: true,
        createdBy: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          organizationId,
          action: 'webhook.created',
          objectType: 'webhook',
          objectId: subscription.id,
          details: { url: subscription.url, events },
        },
        manager,
      );
      // The one time the secret is shown.
      return { ...view(subscription), secret };
    });
  }

  list(actor: StaffActor, query: PageQuery): Promise<Page<WebhookView>> {
    const qb = this.subscriptions.organizationQuery(organizationOf(actor));
    return paginate(qb, query).then((page) => ({ ...page, items: page.items.map(view) }));
  }

  async get(actor: StaffActor, id: string): Promise<WebhookView> {
    return view(await this.subscriptions.findForActor(this.subscriptions.manager, actor, id));
  }

  /** Changes the URL, events or description; `active: true` re-enables a disabled subscription. */
  async update(actor: StaffActor, id: string, patch: WebhookPatch): Promise<WebhookView> {
    // An absent field stays as it is; null is not a value for any of these.
    const nulls = (['url', 'events', 'active'] as const).filter((f) => patch[f] === null);
    if (nulls.length > 0)
      throw new ValidationError(nulls.map((field) => ({ field, messages: [`${field} must not be null`] })));
    const events = patch.events !== undefined ? this.checkEvents(patch.events) : undefined;
    if (patch.url !== undefined) await this.checkUrl(organizationOf(actor), patch.url);
    return this.subscriptions.transaction(async (manager) => {
      const subscription = await this.subscriptions.findForActor(manager, actor, id, true);
      const changes: Partial<WebhookSubscription> = {};
      if (patch.url !== undefined) changes.url = patch.url;
      if (events) changes.events = events;
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.active === true && !subscription.active) {
        Object.assign(changes, { active: true, disabledAt: null, disabledReason: null });
      } else if (patch.active === false && subscription.active) {
        Object.assign(changes, {
          active: false,
          disabledAt: new Date(),
          disabledReason: 'disabled by a user',
        });
      }
      const updated = await this.subscriptions.update(manager, subscription.id, changes);
      await this.audit.record(
        actor,
        {
          organizationId: subscription.organizationId,
          action: 'webhook.updated',
          objectType: 'webhook',
          objectId: subscription.id,
          details: { changed: Object.keys(changes) },
        },
        manager,
      );
      return view(updated);
    });
  }

  /** Deletes the subscription with its deliveries; jobs still queued for them find nothing to do. */
  async remove(actor: StaffActor, id: string): Promise<WebhookView> {
    return this.subscriptions.transaction(async (manager) => {
      const subscription = await this.subscriptions.findForActor(manager, actor, id, true);
      await this.subscriptions.delete(manager, subscription.id);
      await this.audit.record(
        actor,
        {
          organizationId: subscription.organizationId,
          action: 'webhook.deleted',
          objectType: 'webhook',
          objectId: subscription.id,
          details: { url: subscription.url },
        },
        manager,
      );
      return view(subscription);
    });
  }

  async settings(actor: StaffActor): Promise<WebhookSettingsView> {
    const row = await this.subscriptions.settings(this.subscriptions.manager, organizationOf(actor));
    return { allowPrivateTargets: row?.allowPrivateTargets ?? false, updatedAt: row?.updatedAt ?? null };
  }

  async updateSettings(
    actor: StaffActor,
    input: { allowPrivateTargets: boolean },
  ): Promise<WebhookSettingsView> {
    const organizationId = organizationOf(actor);
    return this.subscriptions.transaction(async (manager) => {
      const row = await this.subscriptions.saveSettings(manager, {
        organizationId,
        allowPrivateTargets: input.allowPrivateTargets,
        updatedBy: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          organizationId,
          action: 'webhook.settings_updated',
          objectType: 'organization',
          objectId: organizationId,
          details: { allowPrivateTargets: input.allowPrivateTargets },
        },
        manager,
      );
      return { allowPrivateTargets: row.allowPrivateTargets, updatedAt: row.updatedAt };
    });
  }

  /** Newest first, each with every attempt made. */
  async deliveries(actor: StaffActor, id: string, query: PageQuery): Promise<Page<DeliveryView>> {
    const manager = this.subscriptions.manager;
    const subscription = await this.subscriptions.findForActor(manager, actor, id);
    const qb = this.subscriptions.deliveriesQuery(subscription.id);
    const page = await paginate(qb, query, 'createdAt', 'DESC');
    const attempts = await this.subscriptions.attempts(
      manager,
      page.items.map((d) => d.id),
    );
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((d) =>
        deliveryView(
          d,
          attempts.filter((a) => a.deliveryId === d.id),
        ),
      ),
    };
  }

  /** One more attempt of a delivered or failed delivery, now, with the same event id and body. */
  async redeliver(actor: StaffActor, id: string, deliveryId: string): Promise<DeliveryView> {
    return this.subscriptions.transaction(async (manager) => {
      const subscription = await this.subscriptions.findForActor(manager, actor, id);
      const delivery = await this.subscriptions.lockDelivery(manager, actor, deliveryId);
      if (delivery.subscriptionId !== subscription.id)
        throw new WebhookError(
          WebhookErrorCode.DeliveryNotFound,
          'Webhook delivery not found.',
          ErrorKind.NotFound,
        );
      if (!subscription.active)
        throw new WebhookError(
          WebhookErrorCode.Disabled,
          'The subscription is disabled; re-enable it (PATCH {"active": true}) before redelivering.',
        );
      if (delivery.status === WebhookDeliveryStatus.Pending)
        throw new WebhookError(
          WebhookErrorCode.DeliveryPending,
          'This delivery is still being attempted; redeliver it once it is delivered or failed.',
        );
      const attempt = delivery.attempts + 1;
      const requeued = await this.subscriptions.requeueDelivery(manager, delivery.id, attempt);
      await this.outbox.add(manager, webhookJob(delivery.id, attempt));
      await this.audit.record(
        actor,
        {
          organizationId: delivery.organizationId,
          action: 'webhook.redelivered',
          objectType: 'webhook',
          objectId: subscription.id,
          details: { deliveryId: delivery.id, attempt },
        },
        manager,
      );
      return deliveryView(requeued, await this.subscriptions.attempts(manager, [delivery.id]));
    });
  }

  private checkEvents(events: string[]): WebhookEventType[] {
    const unknown = events.filter((e) => !WEBHOOK_EVENT_TYPES.includes(e as WebhookEventType));
    if (unknown.length > 0 || events.length === 0) {
      throw ValidationError.single(
        'events',
        `events must be one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
      );
    }
    return [...new Set(events)] as WebhookEventType[];
  }

  /** http(s) only; a target resolving to a private address is refused unless the organization allows it. */
  private async checkUrl(organizationId: string, raw: string): Promise<void> {
    const url = parseTargetUrl(raw);
    if (!(url instanceof URL)) throw ValidationError.single('url', url.message);
    const settings = await this.subscriptions.settings(this.subscriptions.manager, organizationId);
    const problem = await checkTarget(url, settings?.allowPrivateTargets ?? false, this.resolver);
    if (!problem) return;
    if (problem.kind === 'forbidden')
      throw new WebhookError(WebhookErrorCode.TargetForbidden, problem.message, ErrorKind.Invalid, 'url');
    throw new WebhookError(WebhookErrorCode.TargetUnresolvable, problem.message, ErrorKind.Invalid, 'url');
  }
}

function deliveryView(d: WebhookDelivery, attempts: WebhookDeliveryAttempt[]): DeliveryView {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attemptCount: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    payload: d.payload,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      ok: a.ok,
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      manual: a.manual,
      at: a.at,
    })),
  };
}
