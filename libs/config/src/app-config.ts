import { ENV_HELP, showValue } from './env-help';
import { envSchema } from './env.schema';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicBaseUrl: string;
  jwt: { secret: string; accessTtlSeconds: number; refreshTtlDays: number };
  platformAdmin: { email: string; password: string };
  queuePrefix: string;
  publicRateLimit: number;
  trustProxy: boolean;
  workers: boolean;
  /** The CPU priority (Linux nice, 0–19) of the workers' thread in the API's process: higher yields more to requests. */
  workerThreadNice: number;
  demoData: boolean;
  logLevel: string;
  /** pretty: one short line per message for a terminal; json: one object per line for a log pipeline. */
  logFormat: 'pretty' | 'json';
  bodyLimitBytes: number;
  /** Failed logins for one account within `windowSeconds` (a fixed window from the first) that lock it until the window ends. */
  loginThrottle: { maxFailures: number; windowSeconds: number };
  /** The first webhook retry's delay; each later one is three times the previous. */
  webhookRetryBaseMs: number;
  /** How often the reconciler re-owes lost work (and the longest an emptied Redis waits for it). */
  reconcileEveryMs: number;
  /** How long an Idempotency-Key's unfinished request holds the key without renewing it (it renews every quarter). */
  idempotencyLeaseMs: number;
  /** In production /metrics needs it as a Bearer token; unset there, metrics are off. */
  metricsToken: string | undefined;
  /** The booking pass of an event runs this long after its last change, and at most maxWaitMs after its first. */
  bookingPass: { settleMs: number; maxWaitMs: number };
  /** Interviewers' iCalendar feeds: how often all are refreshed, and one fetch's time and size limits. */
  calendars: { refreshEveryMs: number; timeoutMs: number; maxBytes: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** One bad variable: its name, how its value is shown (never a secret), what is wrong, a value that works. */
export interface ConfigProblem {
  variable: string;
  shown: string;
  message: string;
  example: string | undefined;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(readonly issues: ConfigProblem[]) {
    const problems = issues.map(
      (p) => `${p.shown}: ${p.message}${p.example ? `, e.g. ${p.variable}=${p.example}` : ''}`,
    );
    super(
      `Invalid configuration (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The default of a variable, as an example of a value that works. */
function defaultOf(variable: string): string | undefined {
  const field = (envSchema.shape as Record<string, { safeParse(v: unknown): { data?: unknown } }>)[variable];
  const value = field?.safeParse(undefined).data;
  return value === undefined ? undefined : String(value);
}

/** Validates the environment once; every bad variable is named in the error, all at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const blankAsUnset = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const seen = new Set<string>();
    const issues: ConfigProblem[] = [];
    for (const issue of parsed.error.issues) {
      const variable = issue.path.join('.') || '(environment)';
      if (seen.has(variable)) continue;
      seen.add(variable);
      const help = ENV_HELP[variable];
      issues.push({
        variable,
        shown: showValue(variable, blankAsUnset[variable]),
        // A custom issue (a production requirement) says its own rule.
        message: issue.code === 'custom' ? issue.message : (help?.rule ?? issue.message),
        example: help?.example ?? defaultOf(variable),
      });
    }
    throw new ConfigError(issues);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    jwt: {
      secret: e.JWT_SECRET ?? 'hirefair-development-secret-not-for-production',
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: e.JWT_REFRESH_TTL_DAYS,
    },
    platformAdmin: { email: e.PLATFORM_ADMIN_EMAIL.toLowerCase(), password: e.PLATFORM_ADMIN_PASSWORD },
    queuePrefix: e.QUEUE_PREFIX,
    publicRateLimit: e.PUBLIC_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    workers: e.WORKERS,
    workerThreadNice: e.WORKER_THREAD_NICE,
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    loginThrottle: { maxFailures: e.LOGIN_MAX_FAILURES, windowSeconds: e.LOGIN_LOCKOUT_SECONDS },
    reconcileEveryMs: e.RECONCILE_EVERY_MS,
    idempotencyLeaseMs: e.IDEMPOTENCY_LEASE_MS,
    metricsToken: e.METRICS_TOKEN,
    bookingPass: { settleMs: e.BOOKING_SETTLE_MS, maxWaitMs: e.BOOKING_MAX_WAIT_MS },
    calendars: {
      refreshEveryMs: e.CALENDAR_REFRESH_EVERY_MS,
      timeoutMs: e.CALENDAR_FETCH_TIMEOUT_MS,
      maxBytes: e.CALENDAR_MAX_BYTES,
    },
  };
}
