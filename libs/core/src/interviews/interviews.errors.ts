import { DomainError, ErrorKind } from '../common/domain-error';

export enum InterviewErrorCode {
  NotFound = 'INTERVIEW_NOT_FOUND',
  RunNotFound = 'SCHEDULING_RUN_NOT_FOUND',
  InterviewerNotFound = 'INTERVIEWER_NOT_FOUND',
  NoActiveInterview = 'NO_ACTIVE_INTERVIEW',
  NotActive = 'INTERVIEW_NOT_ACTIVE',
  FeedbackExists = 'FEEDBACK_ALREADY_RECORDED',
}

export class InterviewError extends DomainError {
  constructor(code: InterviewErrorCode, message: string, kind = ErrorKind.Conflict) {
    super(code, message, kind);
  }
}
