import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives every variable a default for a local install', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/hirefair',
      redisUrl: 'redis://127.0.0.1:6379',
      smtpUrl: undefined,
      publicBaseUrl: 'http://localhost:3000',
      queuePrefix: 'hirefair',
      publicRateLimit: 300,
      trustProxy: false,
      workers: true,
      demoData: true,
    });
  });

  it('reads the booleans the way people write them', () => {
    expect(loadConfig({ WORKERS: 'off', TRUST_PROXY: 'true', DEMO_DATA: 'false' })).toMatchObject({
      workers: false,
      trustProxy: true,
      demoData: false,
    });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'not a url' }],
    ['QUEUE_PREFIX', { QUEUE_PREFIX: 'has space' }],
    ['PUBLIC_RATE_LIMIT', { PUBLIC_RATE_LIMIT: '0' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }],
    ['JWT_SECRET', { NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' }],
    ['PLATFORM_ADMIN_EMAIL', { PLATFORM_ADMIN_EMAIL: 'nobody' }],
  ])('names %s when it is bad or missing', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', REDIS_URL: 'x' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).issues.map((p) => p.variable).sort()).toEqual(['PORT', 'REDIS_URL']);
    }
  });

  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  it('shows each bad value and an example of a good one', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([
      'PORT=abc: must be a whole number from 0 to 65535, e.g. PORT=3000',
    ]);
    expect(problemsOf({ QUEUE_PREFIX: 'has space' })).toEqual([
      'QUEUE_PREFIX="has space": may hold only letters, digits and _ . : -, e.g. QUEUE_PREFIX=hirefair',
    ]);
  });

  it('never shows a secret: only its length, and a URL without its password', () => {
    const problems = problemsOf({
      JWT_SECRET: 'hunter2',
      PLATFORM_ADMIN_PASSWORD: 'abc',
      DATABASE_URL: 'mysql://app:hunter2@db/x',
    }).join('\n');
    expect(problems).not.toContain('hunter2');
    expect(problems).not.toContain('abc');
    expect(problems).toContain('JWT_SECRET (hidden, 7 characters): must be at least 16 characters');
    expect(problems).toContain('DATABASE_URL="mysql://app:***@db/x"');
  });

  it('reports the production requirements together with the other problems', () => {
    expect(problemsOf({ NODE_ENV: 'production', PORT: 'abc' }).map((p) => p.split(/[ =:]/)[0])).toEqual([
      'PORT',
      'JWT_SECRET',
      'SMTP_URL',
    ]);
  });

  it('points PUBLIC_BASE_URL at PORT when it is unset', () => {
    expect(loadConfig({ PORT: '3111' }).publicBaseUrl).toBe('http://localhost:3111');
    expect(loadConfig({ PORT: '3111', PUBLIC_BASE_URL: 'https://fair.example.com/' }).publicBaseUrl).toBe(
      'https://fair.example.com',
    );
  });

  it('logs pretty lines in development and JSON elsewhere, unless LOG_FORMAT says', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });
});
