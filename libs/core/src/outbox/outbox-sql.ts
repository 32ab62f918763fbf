/*
 * The outbox's fragment for other features' set-based statements (a registration batch owes its mail
 * jobs in its own statement): the text stays with the outbox, and the library's index does not export it.
 */

/**
 * The outbox's insert for a statement that owes jobs for rows it creates itself: `select` yields
 * (queue, job_name, job_id, payload). The statement should also `pg_notify(OUTBOX_CHANNEL, '')` once.
 */
export const outboxInsertSql = (select: string): string =>
  `INSERT INTO outbox (queue, job_name, job_id, payload) ${select}`;
