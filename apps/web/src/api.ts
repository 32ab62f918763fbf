/** The public HTTP contract, as the pages use it: no other way to the data. */
export const API = '/api/v1';

export interface ErrorDetail {
  field: string;
  messages: string[];
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  errorId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message || `HTTP ${status}`);
  }
  get code(): string {
    return this.body.code;
  }
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  /** 'json' (default), 'text' or 'blob'. */
  as?: 'json' | 'text' | 'blob';
}

async function send<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path.startsWith('/') ? path : `${API}/${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(error) });
  }
  if (!response.ok) {
    let body: ErrorBody;
    try {
      body = (await response.json()) as ErrorBody;
    } catch {
      body = { statusCode: response.status, code: 'HTTP_ERROR', message: response.statusText };
    }
    throw new ApiError(response.status, body);
  }
  if (options.as === 'text') return (await response.text()) as T;
  if (options.as === 'blob') return (await response.blob()) as T;
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const publicApi = <T>(path: string, options?: RequestOptions): Promise<T> => send<T>(path, options);

export interface DemoStatus {
  loaded: boolean;
  logins: { email: string; password: string; role: string }[];
}

/** The demo logins, only when the server has the demo loaded (never in production unless asked for). */
export const demoStatus = (): Promise<DemoStatus> => publicApi<DemoStatus>('public/demo');

// ---------------------------------------------------------------- candidates

const CANDIDATE_KEY = 'hirefair.candidateToken';

/** Takes the token from the URL fragment (never a path or query: it must not reach a server log). */
export function takeCandidateToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(CANDIDATE_KEY, token);
    // The address bar, history and any screenshot keep no token.
    history.replaceState(history.state, '', location.pathname);
    return token;
  }
  return sessionStorage.getItem(CANDIDATE_KEY);
}

export const rememberCandidateToken = (token: string): void => sessionStorage.setItem(CANDIDATE_KEY, token);
export const forgetCandidateToken = (): void => sessionStorage.removeItem(CANDIDATE_KEY);

export const candidateApi = <T>(token: string, path: string, options: RequestOptions = {}): Promise<T> =>
  send<T>(path, { ...options, token });

// ---------------------------------------------------------------- staff

const ACCESS_KEY = 'hirefair.accessToken';
const REFRESH_KEY = 'hirefair.refreshToken';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface Me {
  user: { id: string; name: string; email: string };
  organization: { id: string; name: string } | null;
  roles: string[];
  businessUnitIds: string[];
}

export function store(pair: TokenPair): void {
  sessionStorage.setItem(ACCESS_KEY, pair.accessToken);
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
}

export const signedIn = (): boolean => sessionStorage.getItem(ACCESS_KEY) !== null;
export const accessToken = (): string | null => sessionStorage.getItem(ACCESS_KEY);

export function signOut(): void {
  sessionStorage.removeItem(ACCESS_KEY);
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(ME_KEY);
}

export async function signIn(email: string, password: string): Promise<Me> {
  store(await send<TokenPair>('auth/login', { method: 'POST', body: { email, password } }));
  return me(true);
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: refresh tokens rotate, so two parallel refreshes would revoke the family. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      store(await send<TokenPair>('auth/refresh', { method: 'POST', body: { refreshToken } }));
      return true;
    } catch {
      signOut();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** A staff call with the access token; on 401 the token is refreshed once and the call repeated. */
export async function staffApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const call = () => send<T>(path, { ...options, token: sessionStorage.getItem(ACCESS_KEY) });
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && (await refresh())) return call();
    throw error;
  }
}

const ME_KEY = 'hirefair.me';

export async function me(fresh = false): Promise<Me> {
  const cached = sessionStorage.getItem(ME_KEY);
  if (cached && !fresh) return JSON.parse(cached) as Me;
  const value = await staffApi<Me>('auth/me');
  sessionStorage.setItem(ME_KEY, JSON.stringify(value));
  return value;
}

export const isReviewer = (m: Me): boolean => m.roles.includes('bu_reviewer');
export const isRecruiter = (m: Me): boolean => m.roles.includes('recruiter') || m.roles.includes('org_admin');

// ---------------------------------------------------------------- files

/** Saves a blob as a file through a temporary link (no server round trip, no token in a URL). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
