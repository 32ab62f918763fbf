/** The contract's shapes of the responses the console reads, where the OpenAPI document has none yet. */

export type EventStatus = 'draft' | 'published' | 'closed' | 'completed' | 'cancelled';

export interface Fair {
  id: string;
  title: string;
  slug: string;
  city: string;
  venue: string | null;
  online: boolean;
  timezone: string;
  locale?: string;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  capacity: number;
  specialties: string[];
  businessUnitIds: string[];
  writtenTestPassScore: number | null;
  interviewMinutes: number;
  bufferMinutes: number;
  autoSchedule?: boolean;
  status: EventStatus;
}

export interface Criterion {
  criterion: string;
  description: string;
}

export interface Unit {
  id: string;
  name: string;
  code: string;
  specialties: string[];
  reviewSlaHours: number;
  dailyInterviewCapacity: number;
  maxOpenReviews: number | null;
  scorecard: Criterion[];
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  businessUnitIds: string[];
  specialties: string[];
  /** `invited` until the invitee sets a password (contract); older servers send only `active`. */
  status?: 'invited' | 'active' | 'inactive';
  active?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ErrorDetail {
  field: string;
  messages: string[];
}

export interface TimelineEntry {
  at: string;
  by: { type: string; id: string | null } | null;
  from: string | null;
  to: string | null;
  field?: string;
  reason: string | null;
}

export interface Registration {
  id: string;
  eventId: string;
  candidate: {
    id: string;
    name: string | null;
    email: string | null;
    phone?: string | null;
    erased?: boolean;
  };
  status: string;
  lane: string | null;
  stage: string;
  businessUnitId: string | null;
  waiver: { granted: boolean; rule: string | null; policyVersion?: number; overriddenBy?: string } | null;
  writtenTestScore: number | null;
  slaDueAt: string | null;
  checkedInAt: string | null;
  interview: { startsAt: string; endsAt: string; status: string } | null;
  city?: string;
  specialties?: string[];
  degree?: string;
  yearsOfExperience?: number;
  unroutedReason?: string | null;
  timeline?: TimelineEntry[];
  createdAt: string;
}

export interface SchedulingRun {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  scheduled: number;
  progress: { considered: number; booked: number; total?: number };
  unscheduled: { registrationId: string; reason: string }[];
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportView {
  id: string;
  status: string;
  totalRows: number | null;
  processedRows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: { line: number; kind: string; reasons: ErrorDetail[] }[];
  issuesTruncated: boolean;
  error: string | null;
}

export interface Simulation {
  rules: { name: string; wouldWaive: number }[];
  totals: { fast_track: number; standard: number };
  changes: { toFastTrack: number; toStandard: number };
  evaluated?: number;
}

export interface RoutingRules {
  strategy: 'least_loaded' | 'weighted';
  rules: { specialty: string; businessUnitId: string; weight: number }[];
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}
