import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { DeliverWebhookPayload, QueueName, WebhookJob, deliverWebhookJobId } from '@hirefair/queue';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../common/actor';
import { OutboxService } from '../outbox/outbox.service';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WEBHOOK_TIMEOUT_MS, retryDelayMs } from './webhook-retry';
import { signatureHeader } from './webhook-signature';
import { Resolver, checkTarget, guardedLookup, parseTargetUrl, resolveAll } from './webhook-target';
import { AttemptRecord, DeliveryClaim, WebhooksRepository } from './webhooks.repository';

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'stale' | 'subscription_inactive';

type Claim = DeliveryClaim;
type AttemptResult = AttemptRecord;

/** A claimed attempt whose worker died is taken up again once this lease has passed. */
const LEASE_MS = WEBHOOK_TIMEOUT_MS + 60_000;
const MAX_ERROR_LENGTH = 500;

export const webhookJob = (deliveryId: string, attempt: number, delayMs = 0, suffix = '') => ({
  queue: QueueName.Webhooks,
  name: WebhookJob.Deliver,
  jobId: deliverWebhookJobId(deliveryId, attempt, suffix),
  payload: { deliveryId, attempt } satisfies DeliverWebhookPayload,
  delayMs,
});

/**
 * Makes one attempt of one delivery. The attempt is claimed first (attempts = n − 1 → n, under a
 * short row lock, never held across the HTTP call), so a doubled or retried job calls the receiver
 * at most once per attempt number. The outcome, the next attempt (through the outbox) and, after a
 * final failure, the subscription's disabling commit together.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  /** Replaceable in unit tests; production resolves with the system resolver. */
  resolver: Resolver = resolveAll;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue<DeliverWebhookPayload>,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly repository: WebhooksRepository,
  ) {}

  async deliver({ deliveryId, attempt }: DeliverWebhookPayload): Promise<DeliveryOutcome> {
    const claim = await this.claim(deliveryId, attempt);
    if (typeof claim === 'string') return claim;
    const result = await this.attempt(claim, deliveryId, attempt);
    return this.repository.transaction((manager) => this.settle(manager, claim, deliveryId, attempt, result));
  }

  private claim(deliveryId: string, attempt: number): Promise<Claim | DeliveryOutcome> {
    return this.repository.transaction(async (manager) => {
      const row = await this.repository.lockForClaim(manager, deliveryId);
      if (!row || row.status !== WebhookDeliveryStatus.Pending || row.attempts !== attempt - 1)
        return 'stale';
      if (!row.active) {
        await this.repository.failInactive(manager, deliveryId);
        return 'subscription_inactive';
      }
      await this.repository.markClaimed(manager, deliveryId, attempt, LEASE_MS);
      return row;
    });
  }

  /** The HTTP call: the target is checked again now (DNS may have changed), redirects are not followed. */
  private async attempt(claim: Claim, deliveryId: string, attempt: number): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = parseTargetUrl(claim.url);
    const problem = url instanceof URL ? await checkTarget(url, claim.allow_private, this.resolver) : url;
    if (problem)
      return { ok: false, statusCode: null, error: `refused: ${problem.message}`, durationMs: elapsed() };
    const body = JSON.stringify(claim.payload);
    try {
      const statusCode = await post(url as URL, body, claim.allow_private, {
        'Content-Type': 'application/json',
        'User-Agent': 'hirefair-webhooks/1',
        'Hirefair-Event': claim.payload.type,
        'Hirefair-Delivery': deliveryId,
        'Hirefair-Attempt': String(attempt),
        'Hirefair-Signature': signatureHeader(claim.secret, body),
      });
      const ok = statusCode >= 200 && statusCode < 300;
      const error = ok
        ? null
        : statusCode >= 300 && statusCode < 400
          ? `HTTP ${statusCode}: redirects are not followed`
          : `HTTP ${statusCode}`;
      return { ok, statusCode, error, durationMs: elapsed() };
    } catch (error) {
      return { ok: false, statusCode: null, error: describeFetchError(error), durationMs: elapsed() };
    }
  }

  private async settle(
    manager: EntityManager,
    claim: Claim,
    deliveryId: string,
    attempt: number,
    result: AttemptResult,
  ): Promise<DeliveryOutcome> {
    // Deleted with its subscription while the call was in flight: nothing left to record.
    if (!(await this.repository.lockLive(manager, deliveryId))) return 'stale';
    await this.repository.insertAttempt(
      manager,
      deliveryId,
      claim,
      attempt,
      result,
      result.error?.slice(0, MAX_ERROR_LENGTH) ?? null,
    );
    if (result.ok) {
      await this.repository.markDelivered(manager, deliveryId, claim.subscription_id, result.statusCode);
      return 'delivered';
    }
    await this.repository.markSubscriptionFailure(manager, claim.subscription_id);
    if (attempt < claim.final_attempt) {
      const delayMs = retryDelayMs(attempt, this.config.webhookRetryBaseMs);
      await this.repository.scheduleRetry(manager, deliveryId, result.statusCode, result.error, delayMs);
      await this.outbox.add(manager, webhookJob(deliveryId, attempt + 1, delayMs));
      return 'retrying';
    }
    await this.repository.markFailed(manager, deliveryId, result.statusCode, result.error);
    if (!claim.manual) await this.disableIfFailingSince(manager, claim, attempt);
    return 'failed';
  }

  /**
   * A delivery that spent its whole retry schedule (about 18 hours) disables its subscription,
   * unless another delivery to it succeeded meanwhile (a flaky receiver is not a dead one).
   */
  private async disableIfFailingSince(manager: EntityManager, claim: Claim, attempts: number): Promise<void> {
    const reason = `${attempts} attempts of delivery ${claim.payload.id} failed with no success since ${new Date(claim.created_at).toISOString()}`;
    if (
      !(await this.repository.disableIfFailingSince(manager, claim.subscription_id, reason, claim.created_at))
    )
      return;
    this.logger.warn(`Webhook subscription ${claim.subscription_id} disabled: ${reason}`);
    await this.audit.record(
      SYSTEM_ACTOR,
      {
        organizationId: claim.organization_id,
        action: 'webhook.disabled',
        objectType: 'webhook',
        objectId: claim.subscription_id,
        details: { reason },
      },
      manager,
    );
  }

  /** Attempts owed but not made (Redis lost the job, or a worker died holding a claim). */
  async reconcile(graceMs = 60_000): Promise<number> {
    const owed = await this.repository.owed(graceMs);
    if (owed.length === 0) return 0;
    const round = Math.floor(Date.now() / 60_000);
    await this.queue.addBulk(
      owed.map((d) => {
        const job = webhookJob(d.id, d.attempts + 1, 0, `r${round}`);
        return { name: job.name, data: job.payload, opts: { jobId: job.jobId } };
      }),
    );
    return owed.length;
  }
}

/**
 * One POST with node:http(s), whose connection resolves the host through guardedLookup (global
 * fetch cannot pin the address it connects to). Answers the status code; redirects are not
 * followed and the answer's body is not read (a receiver cannot make us read megabytes).
 */
function post(
  url: URL,
  body: string,
  allowPrivate: boolean,
  headers: Record<string, string>,
): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        agent: false,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function describeFetchError(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message}: ${cause}` : e.message;
}
