import { toInterviewDto } from '../../interviews/dto/interview-response.mapper';
import { CandidateRegistrationViewDto, CandidateDataExportDto } from './candidate-response.dto';

type View = Record<string, unknown>;

/** The core's candidate view, typed as the documented response (same keys, same values). */
export function toCandidateRegistrationViewDto(v: View): CandidateRegistrationViewDto {
  return {
    registrationId: v.registrationId as string,
    candidate: v.candidate as CandidateRegistrationViewDto['candidate'],
    event: v.event as CandidateRegistrationViewDto['event'],
    status: v.status as CandidateRegistrationViewDto['status'],
    lane: v.lane as CandidateRegistrationViewDto['lane'],
    stage: v.stage as CandidateRegistrationViewDto['stage'],
    businessUnit: v.businessUnit as CandidateRegistrationViewDto['businessUnit'],
    waitlistPosition: v.waitlistPosition as number | null,
    checkInCode: v.checkInCode as string | null,
    checkedInAt: v.checkedInAt as Date | null,
    interview: v.interview ? toInterviewDto(v.interview as View) : null,
    availability: v.availability as CandidateRegistrationViewDto['availability'],
    nextStep: v.nextStep as string,
    createdAt: v.createdAt as Date,
  };
}

export function toDataExportDto(v: View): CandidateDataExportDto {
  return {
    exportedAt: v.exportedAt as string,
    candidate: v.candidate as View,
    registrations: v.registrations as CandidateDataExportDto['registrations'],
    mails: v.mails as CandidateDataExportDto['mails'],
  };
}
