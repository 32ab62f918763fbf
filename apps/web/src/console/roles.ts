import { Me } from '../api';

export const ROLES = ['org_admin', 'recruiter', 'bu_reviewer', 'interviewer'] as const;
export const isOrgAdmin = (m: Me): boolean => m.roles.includes('org_admin');
export const isInterviewer = (m: Me): boolean => m.roles.includes('interviewer');
