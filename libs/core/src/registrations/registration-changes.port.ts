import { EntityManager } from 'typeorm';
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
}
