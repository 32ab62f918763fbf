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
  demoData: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  /** The first webhook retry's delay; each later one is three times the previous. */
  webhookRetryBaseMs: number;
  /** The booking pass of an event runs this long after its last change, and at most maxWaitMs after its first. */
  bookingPass: { settleMs: number; maxWaitMs: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; every bad variable is named in the error. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const blankAsUnset = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`),
    );
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
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
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
    demoData: e.DEMO_DATA,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    bookingPass: { settleMs: e.BOOKING_SETTLE_MS, maxWaitMs: e.BOOKING_MAX_WAIT_MS },
  };
}
