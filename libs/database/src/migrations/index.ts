import { Foundation1764100000000 } from './1764100000000-foundation';

/** Every migration, in order; the data source runs exactly these. */
export const MIGRATIONS = [Foundation1764100000000];
