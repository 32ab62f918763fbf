/*
 * Fragments of `mail_messages` SQL for other features' set-based statements (a registration batch
 * stores its confirmation mails in its own statement): the text stays with notifications, and the
 * library's index does not export it.
 */

/**
 * The mail insert for a statement that creates mails from its own rows, to be rendered by the mail
 * job: `select` yields (id, organization_id, to_address, template, locale, subject_id, links,
 * render_context, batch_job_id). `batch_job_id` names the statement's one `send-mails` job when it
 * stored more than one mail (null: the mail has a `send-mail` job of its own). Returns the mail ids.
 */
export const unrenderedMailInsertSql = (select: string): string =>
  `INSERT INTO mail_messages (id, organization_id, to_address, template, locale, subject_id, links, render_context,
                              batch_job_id)
   ${select} RETURNING id`;

/**
 * The same for mails that carry attachments: `select` yields (id, organization_id, to_address,
 * template, locale, subject_id, links, attachments, render_context, batch_job_id). Returns the mail ids.
 * With `oncePerStep`, `select` also yields the step the mail tells of (`step_at`), and a mail whose
 * (subject, template, step) is already stored is left out: a unique index decides, on the newest
 * rows (a concurrent transaction's insert of the same mail is waited for, and counts once it
 * commits), not on the statement's snapshot. RETURNING then names only the mails inserted.
 */
export const mailFactsInsertSql = (select: string, { oncePerStep = false } = {}): string =>
  `INSERT INTO mail_messages (id, organization_id, to_address, template, locale, subject_id, links,
                               attachments, render_context, batch_job_id${oncePerStep ? ', step_at' : ''})
    ${select}${oncePerStep ? '\n    ON CONFLICT (subject_id, template, step_at) WHERE step_at IS NOT NULL DO NOTHING' : ''}
    RETURNING id`;

/**
 * For a statement that stores a mail only if none like it was written since: true when a mail of
 * `template` about `subjectId` was written at or after `since` (each an SQL expression).
 */
export const toldSinceSql = (subjectId: string, template: string, since: string): string =>
  `EXISTS (SELECT 1 FROM mail_messages m
            WHERE m.subject_id = ${subjectId} AND m.template = ${template} AND m.created_at >= ${since})`;
