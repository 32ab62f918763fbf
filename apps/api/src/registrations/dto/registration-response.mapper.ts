import {
  BookingWaitDto,
  BusinessUnitRefDto,
  RegistrationDetailDto,
  RegistrationStaffDto,
  RoutedBusinessUnitDto,
  TimelineEntryDto,
} from './registration-response.dto';
import { toInterviewDto } from '../../interviews/dto/interview-response.mapper';

type View = Record<string, unknown>;

/** The core's staff view of a registration, typed as the documented response (same keys, same values). */
export function toRegistrationStaffDto(v: View): RegistrationStaffDto {
  const dto: RegistrationStaffDto = {
    id: v.id as string,
    eventId: v.eventId as string,
    seq: v.seq as number,
    candidate: v.candidate as RegistrationStaffDto['candidate'],
    status: v.status as RegistrationStaffDto['status'],
    lane: v.lane as RegistrationStaffDto['lane'],
    stage: v.stage as RegistrationStaffDto['stage'],
    businessUnitId: v.businessUnitId as string | null,
    waiver: v.waiver as RegistrationStaffDto['waiver'],
    writtenTestScore: v.writtenTestScore as number | null,
    routedAt: v.routedAt as Date | null,
    slaDueAt: v.slaDueAt as Date | null,
    slaBreached: v.slaBreached as boolean,
    unroutedReason: v.unroutedReason as string | null,
    checkedInAt: v.checkedInAt as Date | null,
    interview: v.interview ? toInterviewDto(v.interview as View) : null,
    city: v.city as string | null,
    specialties: v.specialties as string[],
    degree: v.degree as string | null,
    yearsOfExperience: v.yearsOfExperience as number | null,
    profile: v.profile as View,
    locale: v.locale as string,
    consent: v.consent as RegistrationStaffDto['consent'],
    createdAt: v.createdAt as Date,
    erasedAt: v.erasedAt as Date | null,
  };
  if ('bookingWait' in v) dto.bookingWait = v.bookingWait as BookingWaitDto | null;
  return dto;
}

export function toRegistrationDetailDto(v: View): RegistrationDetailDto {
  return {
    ...toRegistrationStaffDto(v),
    businessUnit: v.businessUnit as RoutedBusinessUnitDto | null,
    otherBusinessUnits: v.otherBusinessUnits as BusinessUnitRefDto[],
    timeline: v.timeline as TimelineEntryDto[],
  };
}
