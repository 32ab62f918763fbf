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
      expect((error as ConfigError).problems.map((p) => p.split(' ')[0]).sort()).toEqual([
        'PORT',
        'REDIS_URL',
      ]);
    }
  });
});
