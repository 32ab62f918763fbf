import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { StaffActor } from '../common/actor';
import { findInOrganization } from '../common/tenancy';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookSettings } from './webhook-settings.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookErrorCode } from './webhooks.errors';

/** The statements of what an organization manages: subscriptions, settings, and the deliveries' history. */
@Injectable()
export class WebhookSubscriptionsRepository extends DataSourceRepository {
  async insert(
    manager: EntityManager,
    fields: Pick<
      WebhookSubscription,
      'organizationId' | 'url' | 'events' | 'description' | 'secret' | 'active' | 'createdBy'
    >,
  ): Promise<WebhookSubscription> {
    const repo = manager.getRepository(WebhookSubscription);
    const subscription = repo.create(fields);
    await repo.insert(subscription);
    return repo.findOneByOrFail({ id: subscription.id });
  }

  /** A subscription of the actor's organization (404 WEBHOOK_NOT_FOUND otherwise), row-locked when `lock`. */
  findForActor(
    manager: EntityManager,
    actor: StaffActor,
    id: string,
    lock = false,
  ): Promise<WebhookSubscription> {
    return findInOrganization(
      manager.getRepository(WebhookSubscription),
      actor,
      id,
      'Webhook',
      WebhookErrorCode.NotFound,
      { lock },
    );
  }

  organizationQuery(organizationId: string): SelectQueryBuilder<WebhookSubscription> {
    return this.dataSource
      .getRepository(WebhookSubscription)
      .createQueryBuilder('w')
      .where('w.organizationId = :org', { org: organizationId });
  }

  /** Applies `changes` (if any) and answers the subscription as stored. */
  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<WebhookSubscription>,
  ): Promise<WebhookSubscription> {
    const repo = manager.getRepository(WebhookSubscription);
    if (Object.keys(changes).length > 0) await repo.update({ id }, changes);
    return repo.findOneByOrFail({ id });
  }

  /** Deletes the subscription; its deliveries and their attempts go with it (ON DELETE CASCADE). */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(WebhookSubscription).delete({ id });
  }

  settings(manager: EntityManager, organizationId: string): Promise<WebhookSettings | null> {
    return manager.getRepository(WebhookSettings).findOneBy({ organizationId });
  }

  async saveSettings(
    manager: EntityManager,
    settings: Pick<WebhookSettings, 'organizationId' | 'allowPrivateTargets' | 'updatedBy'>,
  ): Promise<WebhookSettings> {
    const repo = manager.getRepository(WebhookSettings);
    await repo.upsert(settings, ['organizationId']);
    return repo.findOneByOrFail({ organizationId: settings.organizationId });
  }

  deliveriesQuery(subscriptionId: string): SelectQueryBuilder<WebhookDelivery> {
    return this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.subscriptionId = :id', { id: subscriptionId });
  }

  /** Every attempt of these deliveries, in attempt order. */
  attempts(manager: EntityManager, deliveryIds: string[]): Promise<WebhookDeliveryAttempt[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(WebhookDeliveryAttempt).find({
      where: { deliveryId: In(deliveryIds) },
      order: { attempt: 'ASC' },
    });
  }

  /** A delivery of the actor's organization, row-locked (404 WEBHOOK_DELIVERY_NOT_FOUND otherwise). */
  lockDelivery(manager: EntityManager, actor: StaffActor, id: string): Promise<WebhookDelivery> {
    return findInOrganization(
      manager.getRepository(WebhookDelivery),
      actor,
      id,
      'Webhook delivery',
      WebhookErrorCode.DeliveryNotFound,
      { lock: true },
    );
  }

  /** Makes the delivery pending again for a manual attempt number `attempt`, due now; answers it as stored. */
  async requeueDelivery(manager: EntityManager, id: string, attempt: number): Promise<WebhookDelivery> {
    const repo = manager.getRepository(WebhookDelivery);
    await repo.update(
      { id },
      {
        status: WebhookDeliveryStatus.Pending,
        manual: true,
        finalAttempt: attempt,
        nextAttemptAt: new Date(),
      },
    );
    return repo.findOneByOrFail({ id });
  }
}
