/**
 * What a configuration error says about each variable: the rule in plain words and a value that
 * works. A variable without an entry falls back to the schema's own message and its default.
 */
export const ENV_HELP: Record<string, { rule: string; example: string }> = {
  NODE_ENV: { rule: 'must be development, production or test', example: 'production' },
  PORT: { rule: 'must be a whole number from 0 to 65535', example: '3000' },
  HOST: { rule: 'must be an address to listen on', example: '0.0.0.0' },
  DATABASE_URL: {
    rule: 'must be a URL starting with postgres:// or postgresql://',
    example: 'postgres://postgres@127.0.0.1:5432/hirefair',
  },
  REDIS_URL: { rule: 'must be a URL starting with redis:// or rediss://', example: 'redis://127.0.0.1:6379' },
  SMTP_URL: {
    rule: 'must be a URL starting with smtp:// or smtps://',
    example: 'smtps://user:password@mail.example.com:465',
  },
  MAIL_FROM: { rule: 'must be a sender of 3 characters or more', example: '"Hiring <jobs@example.com>"' },
  PUBLIC_BASE_URL: {
    rule: 'must be the http:// or https:// address people open the app at',
    example: 'https://fair.example.com',
  },
  JWT_SECRET: {
    rule: 'must be at least 16 characters',
    example: '$(openssl rand -hex 32)',
  },
  JWT_ACCESS_TTL_SECONDS: { rule: 'must be a whole number of seconds from 10 to 86400', example: '900' },
  JWT_REFRESH_TTL_DAYS: { rule: 'must be a whole number of days from 1 to 365', example: '30' },
  PLATFORM_ADMIN_EMAIL: { rule: 'must be an email address', example: 'admin@example.com' },
  PLATFORM_ADMIN_PASSWORD: { rule: 'must be at least 8 characters', example: '"a long passphrase"' },
  QUEUE_PREFIX: { rule: 'may hold only letters, digits and _ . : -', example: 'hirefair' },
  PUBLIC_RATE_LIMIT: { rule: 'must be a whole number of requests a minute, 1 or more', example: '300' },
  TRUST_PROXY: { rule: 'must be true or false (or 1/0, on/off, yes/no)', example: 'true' },
  WORKERS: { rule: 'must be on or off (or true/false, 1/0, yes/no)', example: 'off' },
  WORKER_THREAD_NICE: { rule: 'must be a whole number from 0 to 19', example: '5' },
  DEMO_DATA: { rule: 'must be true or false (or 1/0, on/off, yes/no)', example: 'false' },
  LOG_LEVEL: { rule: 'must be fatal, error, warn, info, debug, trace or silent', example: 'info' },
  LOG_FORMAT: { rule: 'must be pretty or json', example: 'json' },
  BODY_LIMIT_BYTES: { rule: 'must be a whole number of bytes, 1024 or more', example: '1048576' },
  WEBHOOK_RETRY_BASE_MS: {
    rule: 'must be a whole number of milliseconds from 1 to 3600000',
    example: '60000',
  },
};

const SECRET_NAME = /SECRET|PASSWORD|PASSPHRASE|TOKEN|(^|_)KEY($|_)/;

/** How a bad value is shown: as given, except secrets (only their length) and URL passwords. */
export function showValue(name: string, value: string | undefined): string {
  if (value === undefined) return `${name} (unset)`;
  if (SECRET_NAME.test(name)) return `${name} (hidden, ${value.length} characters)`;
  const shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/i, '$1:***@');
  return `${name}=${/^[\w@%+=:,./-]+$/.test(shown) ? shown : JSON.stringify(shown)}`;
}
