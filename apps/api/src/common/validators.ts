/** The custom validators live in libs/core, beside the registration DTO the import worker validates with. */
export { IsDateTimeWithOffset, IsIanaZone, NoNullBytes, Text } from '@hirefair/core';
