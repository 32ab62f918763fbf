import { Global, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { RegistrationChangeListener } from '../registrations/registration-changes.port';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEventsService } from './webhook-events.service';
import { WebhookSettings } from './webhook-settings.entity';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

const SERVICES = [
  WebhooksRepository,
  WebhookSubscriptionsRepository,
  WebhookEventsService,
  WebhookDeliveryService,
  WebhooksService,
];

/** Global: the emitter is called from the registration timeline and the interview mails. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookSubscription, WebhookDelivery, WebhookDeliveryAttempt, WebhookSettings]),
  ],
  providers: [...SERVICES, { provide: RegistrationChangeListener, useExisting: WebhookEventsService }],
  exports: [...SERVICES, RegistrationChangeListener],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly delivery: WebhookDeliveryService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('webhooks', () => this.delivery.reconcile());
  }
}
