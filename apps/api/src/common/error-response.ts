import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorDetail, ErrorKind } from '@hirefair/core';

export class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: ['email must be an email'] })
  messages: string[];
}

/** The contract's error shape: every 4xx and 5xx answers with it. */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'EVENT_NOT_PUBLISHED', description: 'Stable SCREAMING_SNAKE domain code' })
  code: string;

  @ApiProperty({ example: 'The event is not published.' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'On 5xx only: the id under which the cause is logged' })
  errorId?: string;
}

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  [ErrorKind.Invalid]: 400,
  [ErrorKind.Unauthenticated]: 401,
  [ErrorKind.Forbidden]: 403,
  [ErrorKind.NotFound]: 404,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.TooLarge]: 413,
  [ErrorKind.RateLimited]: 429,
  [ErrorKind.Unavailable]: 503,
};

/** Codes for errors raised by the framework rather than by a service. */
export const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};
