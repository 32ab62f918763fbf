import 'reflect-metadata';
import { limitHeapGrowth } from '@hirefair/config';
import { boot } from '@hirefair/database/boot';
import { assertPortFree } from './port';

async function main(): Promise<void> {
  limitHeapGrowth();
  const config = await boot('api', assertPortFree);
  // Loaded once the environment, the port, the database and Redis are known to be fine: a bad
  // start says so without first loading the whole application.
  const { serve } = await import('./serve');
  await serve(config);
}

void main();
