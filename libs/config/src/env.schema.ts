import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/hirefair'),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    MAIL_FROM: z.string().min(3).default('hirefair <no-reply@hirefair.local>'),
    /** Unset: http://localhost:<PORT>. */
    PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(900),
    JWT_REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    PLATFORM_ADMIN_EMAIL: z.string().email().default('admin@hirefair.local'),
    PLATFORM_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('hirefair-admin'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, 'may hold only letters, digits and _ . : -')
      .default('hirefair'),
    PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
    TRUST_PROXY: bool.default(false),
    WORKERS: bool.default(true),
    WORKER_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(5),
    /** Unset: loaded outside production, never in production. */
    DEMO_DATA: bool.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Unset: pretty in development, json otherwise. */
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(60_000),
    RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    BOOKING_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
    BOOKING_MAX_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    CALENDAR_REFRESH_EVERY_MS: z.coerce.number().int().min(10_000).max(86_400_000).default(900_000),
    CALENDAR_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    CALENDAR_MAX_BYTES: z.coerce.number().int().min(1024).max(52_428_800).default(1_048_576),
  })
  // Run even when other variables are bad, so that every problem is reported at once.
  .superRefine(
    (env, ctx) => {
      if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
      }
      if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['SMTP_URL'],
          message: 'is required in production (outside it, mail goes to the built-in mailbox)',
        });
      }
    },
    { when: () => true },
  );

export type Env = z.infer<typeof envSchema>;
