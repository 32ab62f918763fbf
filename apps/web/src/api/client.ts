import createClient from 'openapi-fetch';
import { ApiError, ErrorBody, accessToken, refresh } from '../api';
import type { paths } from './schema';

type JsonBody<T> = { content: { 'application/json': T } };
type Ok<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
type Slot = { startsAt: string; endsAt: string };
type Never = { query?: never; header?: never; path?: never; cookie?: never };
type Operation<Body, Response, Path = never, Query = never> = {
  parameters: { query?: Query; header?: never; cookie?: never } & ([Path] extends [never]
    ? { path?: never }
    : { path: Path });
  responses: { 200: Ok<Response> };
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: JsonBody<Body> });
type Route<Methods> = { parameters: Never } & Methods;

/**
 * Routes of the HTTP contract that this build's OpenAPI document may not list yet (they land from
 * other work): typed here by the contract, and replaced by the generated ones as soon as
 * `npm run openapi` finds them (see `Merged`).
 */
interface ContractPaths {
  '/api/v1/auth/password-reset': Route<{ post: Operation<{ email: string }, unknown> }>;
  '/api/v1/auth/password-reset/confirm': Route<{
    post: Operation<{ token: string; password: string }, unknown>;
  }>;
  '/api/v1/auth/change-password': Route<{
    post: Operation<{ currentPassword: string; newPassword: string }, unknown>;
  }>;
  '/api/v1/auth/accept-invite': Route<{
    post: Operation<
      { token: string; password: string },
      { accessToken: string; refreshToken: string; expiresIn: number }
    >;
  }>;
  '/api/v1/users/{id}': Route<{
    patch: Operation<
      {
        name?: string;
        roles?: string[];
        businessUnitIds?: string[];
        specialties?: string[];
        active?: boolean;
      },
      unknown,
      { id: string }
    >;
  }>;
  '/api/v1/events/{id}/availability': Route<{
    get: Operation<
      never,
      { interviewerId: string; slots: Slot[] },
      { id: string },
      { interviewerId?: string }
    >;
  }>;
}

/** Per path and method, the generated operation when the document has it, else the contract's. */
type MergeMethods<G, C> = {
  [M in keyof G | keyof C]: M extends keyof G
    ? [NonNullable<G[M]>] extends [never]
      ? M extends keyof C
        ? C[M]
        : G[M]
      : G[M]
    : M extends keyof C
      ? C[M]
      : never;
};
type Merged<G, C> = {
  [P in keyof G | keyof C]: P extends keyof G
    ? P extends keyof C
      ? MergeMethods<G[P], C[P]>
      : G[P]
    : P extends keyof C
      ? C[P]
      : never;
};
export type ConsolePaths = Merged<paths, ContractPaths>;

/** Adds the staff token; on a 401 refreshes it once (shared with the other staff pages) and repeats. */
async function staffFetch(request: Request): Promise<Response> {
  const send = (req: Request) => {
    const token = accessToken();
    if (token) req.headers.set('authorization', `Bearer ${token}`);
    return fetch(req);
  };
  const retry = request.clone();
  const response = await send(request);
  if (response.status === 401 && accessToken() && (await refresh())) return send(retry);
  return response;
}

/** The console's only way to the API: typed by the app's OpenAPI document. */
export const api = createClient<ConsolePaths>({
  fetch: (request) =>
    staffFetch(request).catch((error: unknown) => {
      throw new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(error) });
    }),
  headers: { accept: 'application/json' },
});

interface Result<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful call, or an ApiError in the contract's error shape. `T` names the
 * contract's response type where the document does not describe the response yet.
 */
export async function ok<T = never, D = unknown>(
  call: Promise<Result<D>>,
): Promise<[T] extends [never] ? D : T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body =
      error && typeof error === 'object' && 'code' in error
        ? (error as ErrorBody)
        : { statusCode: response.status, code: 'HTTP_ERROR', message: response.statusText };
    throw new ApiError(response.status, body);
  }
  return data as [T] extends [never] ? D : T;
}
