import type {
  AssignmentInput,
  SchedulingInterviewer,
  TimeWindow,
} from '@hirefair/core/interviews/scheduling/scheduling.types';
import { Json, apiClient } from './support';

/** Interviewer windows from their slots: consecutive slots (one buffer apart) form one window. */
export function windowsOf(interviewer: SchedulingInterviewer, bufferMinutes: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (const slot of [...interviewer.slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const last = windows[windows.length - 1];
    if (last && slot.startsAt.getTime() - last.endsAt.getTime() === bufferMinutes * 60_000)
      last.endsAt = slot.endsAt;
    else windows.push({ startsAt: slot.startsAt, endsAt: slot.endsAt });
  }
  return windows;
}

type ApiClient = ReturnType<typeof apiClient>;

/**
 * The bench's organization for a scheduling instance, made through the API: its admin (signed in),
 * and one business unit per unit of the instance, whose daily interview capacity is the largest of
 * its interviewers' (a single-unit interviewer's daily capacity is their unit's).
 */
export async function createInstanceOrganization(
  { call, login }: Pick<ApiClient, 'call' | 'login'>,
  platform: string,
  input: AssignmentInput,
  options: { name: string; slug: string; password: string },
): Promise<{
  organizationId: string;
  admin: string;
  specialties: string[];
  unitNames: string[];
  unitId: Map<string, string>;
}> {
  const adminEmail = `admin@${options.slug}.example.com`;
  const org = await call('POST', '/organizations', platform, {
    name: options.name,
    slug: options.slug,
    admin: { email: adminEmail, name: 'Bench admin', password: options.password },
  });
  const organizationId = ((org.organization as Json | undefined)?.id ?? org.id) as string;
  const admin = await login(adminEmail, options.password);
  const unitNames = [...new Set(input.interviewers.flatMap((i) => i.businessUnitIds))].sort();
  const specialties = [
    ...new Set([...input.interviewers, ...input.candidates].flatMap((p) => p.specialties)),
  ].sort();
  const unitId = new Map<string, string>();
  for (const name of unitNames) {
    const capacity = Math.max(
      ...input.interviewers.filter((i) => i.businessUnitIds.includes(name)).map((i) => i.dailyCapacity),
    );
    const unit = await call('POST', '/business-units', admin, {
      name: `Unit ${name}`,
      code: name.toUpperCase().replace('-', ''),
      specialties,
      reviewSlaHours: 48,
      dailyInterviewCapacity: capacity,
      maxOpenReviews: null,
      scorecard: [{ criterion: 'research', description: 'Research depth' }],
    });
    unitId.set(name, unit.id as string);
  }
  return { organizationId, admin, specialties, unitNames, unitId };
}
