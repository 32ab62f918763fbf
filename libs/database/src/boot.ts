import { AppConfig, ConfigError, loadConfig } from '@hirefair/config';
import { assertRedisReachable } from '@hirefair/queue';
import { prepareDatabase } from './prepare-database';

/**
 * What every process does before Nest starts: validate the environment, check that PostgreSQL and
 * Redis answer (naming the address and how to start them when not), create the database if missing
 * and apply pending migrations. Exits the process with a clear message on failure.
 */
export async function boot(
  processName: string,
  /** Checks that need no database (the API's port), run before anything touches it. */
  beforeDatabase?: (config: AppConfig) => Promise<void>,
): Promise<AppConfig> {
  try {
    const config = loadConfig();
    await beforeDatabase?.(config);
    const applied = await prepareDatabase(config.databaseUrl);
    if (applied.length > 0) console.log(`[${processName}] applied migrations: ${applied.join(', ')}`);
    await assertRedisReachable(config.redisUrl);
    return config;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : (error as Error).message;
    console.error(`[${processName}] cannot start: ${message}`);
    process.exit(1);
  }
}
