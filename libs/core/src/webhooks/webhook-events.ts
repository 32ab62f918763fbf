import { Registration } from '../registrations/registration.entity';
import { WebhookData } from './webhook-delivery.entity';
import { Lane, Stage, TimelineField } from '../registrations/registration-state';

/** Every event a subscription can ask for. Names are part of the public API: never rename one. */
export enum WebhookEventType {
  RegistrationCreated = 'registration.created',
  RegistrationFastTracked = 'registration.fast_tracked',
  RegistrationRouted = 'registration.routed',
  RegistrationDecided = 'registration.decided',
  InterviewScheduled = 'interview.scheduled',
  InterviewRescheduled = 'interview.rescheduled',
  InterviewCancelled = 'interview.cancelled',
}

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = Object.values(WebhookEventType);

export interface WebhookEvent {
  type: WebhookEventType;
  data: WebhookData;
}

/** What the timeline knows of a registration when it records a change (callers pass the entity). */
export type RegistrationLike = Pick<Registration, 'id' | 'organizationId'> &
  Partial<Pick<Registration, 'eventId' | 'status' | 'businessUnitId'>>;

export interface RegistrationChange {
  field: string;
  from: string | null;
  to: string | null;
}

const DECISIONS: readonly string[] = [Stage.Advanced, Stage.Rejected, Stage.OnHold];

/**
 * The webhook events one timeline write stands for. Derived here, from the one place every lane and
 * stage change passes through, so no feature has to remember to emit them:
 * - the first lane (null → fast_track|standard) is written exactly once, when intake first picks
 *   the registration up: `registration.created` (and `fast_tracked` if the waiver was granted);
 * - a later standard → fast_track (a recruiter's override): `registration.fast_tracked`;
 * - stage → routed: `registration.routed`;
 * - stage → advanced | rejected | on_hold: `registration.decided`, except interview_scheduled →
 *   advanced, which is an interview cancelled or declined (reported as `interview.cancelled`).
 */
export function registrationEvents(
  registration: RegistrationLike,
  changes: readonly RegistrationChange[],
): WebhookEvent[] {
  const base = { registrationId: registration.id, eventId: registration.eventId ?? null };
  const unitChange = changes.find((c) => c.field === (TimelineField.BusinessUnit as string));
  const businessUnitId = unitChange ? unitChange.to : (registration.businessUnitId ?? null);
  const events: WebhookEvent[] = [];
  for (const c of changes) {
    if (c.field === (TimelineField.Lane as string)) {
      if (c.from === null) {
        events.push({
          type: WebhookEventType.RegistrationCreated,
          data: { ...base, status: registration.status ?? null, lane: c.to },
        });
      }
      if (c.to === (Lane.FastTrack as string)) {
        events.push({
          type: WebhookEventType.RegistrationFastTracked,
          data: { ...base, from: c.from, to: c.to },
        });
      }
    } else if (c.field === (TimelineField.Stage as string) && c.to !== null) {
      if (c.to === (Stage.Routed as string)) {
        events.push({
          type: WebhookEventType.RegistrationRouted,
          data: { ...base, from: c.from, to: c.to, businessUnitId },
        });
      } else if (
        DECISIONS.includes(c.to) &&
        !(c.from === (Stage.InterviewScheduled as string) && c.to === (Stage.Advanced as string))
      ) {
        events.push({
          type: WebhookEventType.RegistrationDecided,
          data: { ...base, decision: c.to, from: c.from, to: c.to, businessUnitId },
        });
      }
    }
  }
  return events;
}

export interface InterviewLike {
  id: string;
  organizationId: string;
  eventId: string;
  registrationId: string;
  interviewerId: string;
  businessUnitId: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  version: number;
  replacesId: string | null;
}

export function interviewEventData(interview: InterviewLike): WebhookData {
  return {
    interviewId: interview.id,
    registrationId: interview.registrationId,
    eventId: interview.eventId,
    businessUnitId: interview.businessUnitId,
    interviewerId: interview.interviewerId,
    startsAt: interview.startsAt.toISOString(),
    endsAt: interview.endsAt.toISOString(),
    status: interview.status,
    version: interview.version,
    replacesInterviewId: interview.replacesId,
  };
}
