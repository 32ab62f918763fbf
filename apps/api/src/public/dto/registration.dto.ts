/** One definition, in libs/core: the public route and the CSV import validate rows with the same class. */
export { AwardDto, ConsentDto, PublicationDto, RegistrationDto } from '@hirefair/core';
