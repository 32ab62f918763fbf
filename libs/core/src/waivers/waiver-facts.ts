import { Registration } from '../registrations/registration.entity';
import { Degree, RegistrationFacts } from './waiver-condition';

/** What a waiver condition may look at, taken from a stored registration. */
export function factsOf(
  r: Pick<Registration, 'degree' | 'yearsOfExperience' | 'specialties' | 'city' | 'profile'>,
): RegistrationFacts {
  return {
    degree: r.degree as Degree,
    yearsOfExperience: r.yearsOfExperience,
    specialties: r.specialties,
    city: r.city,
    publications: r.profile.publications ?? [],
    awards: r.profile.awards ?? [],
    referralCode: r.profile.referralCode ?? null,
    githubUrl: r.profile.githubUrl ?? null,
  };
}
