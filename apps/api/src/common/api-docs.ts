import { Type, applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';

interface DocOptions {
  /** 201 instead of 200. */
  created?: boolean;
  description?: string;
  /** What the 2xx answer means, when the summary does not say it. */
  response?: string;
}

/**
 * The OpenAPI description of one route: its summary and the type of its success answer. The
 * error answers (the shared ErrorResponse) are added to every operation when the document is built.
 */
export function ApiDoc(summary: string, type: Type<unknown>, options: DocOptions = {}): MethodDecorator {
  const response = { type, description: options.response ?? summary };
  return applyDecorators(
    ApiOperation({ summary, description: options.description }),
    options.created ? ApiCreatedResponse(response) : ApiOkResponse(response),
  );
}

const pages = new Map<Type<unknown>, Type<unknown>>();

/** A page of `item`s with the keyset cursor of the next one (one named schema per item type). */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; nextCursor: string | null }> {
  const known = pages.get(item);
  if (known) return known as Type<{ items: T[]; nextCursor: string | null }>;
  class Page {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      example: 'eyJhdCI6IjIwMjYtMDQtMDFUMDk6MDA6MDAuMDAwWiIsImlkIjoi…',
      description: 'Pass as `cursor` for the next page; null on the last page',
    })
    nextCursor: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  pages.set(item, Page);
  return Page;
}
