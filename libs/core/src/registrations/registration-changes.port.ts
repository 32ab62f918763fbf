import { EntityManager } from 'typeorm';
import type { OwedJob } from '../outbox/outbox.repository';
import { Registration } from './registration.entity';
import { TimelineField } from './registration-state';

export interface TimelineChange {
  field: TimelineField;
  from: string | null;
  to: string | null;
  reason?: string | null;
}

export type RegistrationRef = Pick<Registration, 'id' | 'organizationId'>;

export interface TimelineRow {
  registration: RegistrationRef;
  change: TimelineChange;
}

/**
 * Told of every timeline change in the transaction that records it (the webhooks feature turns
 * them into events). A port, so that registrations need no import of webhooks, which read the
 * registration state model.
 */
export abstract class RegistrationChangeListener {
  abstract registrationChanged(manager: EntityManager, rows: readonly TimelineRow[]): Promise<void>;

  /**
   * What `registrationChanged` would write, without writing it, per registration: for a writer
   * that writes the changes of many registrations in one statement, and only for those it changed.
   */
  abstract owedFor(manager: EntityManager, rows: readonly TimelineRow[]): Promise<OwedChangeRow[]>;
}

/** A row the listener owes for a registration's change (a webhook delivery), and its job. */
export interface OwedChangeRow {
  registrationId: string;
  delivery: {
    id: string;
    subscriptionId: string;
    organizationId: string;
    eventId: string;
    eventType: string;
    payload: object;
    finalAttempt: number;
  };
  job: OwedJob;
}
