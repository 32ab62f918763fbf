import {
  FeedbackResponseDto,
  InterviewDetailDto,
  InterviewResponseDto,
  SchedulingRunDto,
} from './interview.dto';

type View = Record<string, unknown>;

/** The core's interview view, typed as the documented response (same keys, same values). */
export function toInterviewDto(v: View): InterviewResponseDto {
  return {
    id: v.id as string,
    eventId: v.eventId as string,
    registrationId: v.registrationId as string,
    interviewerId: v.interviewerId as string,
    businessUnitId: v.businessUnitId as string,
    startsAt: v.startsAt as string,
    endsAt: v.endsAt as string,
    status: v.status as InterviewResponseDto['status'],
    version: v.version as number,
    sequence: v.sequence as number,
    conflict: v.conflict as boolean,
    movedAt: v.movedAt as Date | null,
    location: v.location as string | null,
    replacesId: v.replacesId as string | null,
    replacedById: v.replacedById as string | null,
    statusReason: v.statusReason as string | null,
    confirmedAt: v.confirmedAt as Date | null,
    createdAt: v.createdAt as Date,
  };
}

export function toInterviewDetailDto(v: View & { feedback: FeedbackResponseDto | null }): InterviewDetailDto {
  return { ...toInterviewDto(v), feedback: v.feedback };
}

export function toSchedulingRunDto(v: View): SchedulingRunDto {
  return {
    id: v.id as string,
    eventId: v.eventId as string,
    status: v.status as string,
    scheduled: v.scheduled as number,
    progress: v.progress as SchedulingRunDto['progress'],
    unscheduled: v.unscheduled as SchedulingRunDto['unscheduled'],
    error: v.error as string | null,
    startedAt: v.startedAt as Date | null,
    finishedAt: v.finishedAt as Date | null,
    createdAt: v.createdAt as Date,
  };
}
