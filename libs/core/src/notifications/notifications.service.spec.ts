import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { NotificationJob, QueueName, sendMailJobId, sendMailsJobId } from '@hirefair/queue';
import { ServiceModule, registrationBody, serviceEvent, serviceSpec } from '@hirefair/testing';
import { StaffActor } from '../common/actor';
import { EventSeats } from '../events/event-seats.port';
import { RegistrationBatchService, RegistrationInput } from '../registrations/registration-batch.service';
import { RegistrationTarget } from '../registrations/registration.types';
import { RegistrationsRepository } from '../registrations/registrations.repository';
import { MailMessage } from './mail-message.entity';
import { MailTransport } from './mail-transport';
import { MailBatchRetry, NotificationsService } from './notifications.service';

/**
 * The mails of a registering statement: one outbox row (`send-mails`) for all of them, delivered
 * by one job (NotificationsService.deliverMany) with each mail's own outcome. On the real database
 * and Redis, without workers: the spec runs the jobs' work itself.
 */
describe('NotificationsService: one mail job per registering statement', () => {
  let s: ServiceModule;
  let admin: StaffActor;
  let notifications: NotificationsService;
  let transport: MailTransport;
  /** Every mail the transport was asked to send (failed attempts included). */
  let attempts: MailMessage[];
  /** Mails that reached the transport successfully, by id: the count must never pass 1. */
  let delivered: Map<string, number>;
  /** Set per test: throws for the mail given, else the send goes through. */
  let failWith: (mail: MailMessage) => Error | undefined;

  const spec = serviceSpec();
  beforeAll(() => {
    ({ s, admin } = spec);
    notifications = s.get(NotificationsService);
    transport = s.get(MailTransport);
  });
  beforeEach(() => {
    attempts = [];
    delivered = new Map();
    failWith = () => undefined;
    jest.spyOn(transport, 'send').mockImplementation(async (mail: MailMessage) => {
      attempts.push(mail);
      const error = failWith(mail);
      if (error) throw error;
      delivered.set(mail.id, (delivered.get(mail.id) ?? 0) + 1);
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const online = (slug: string): RegistrationTarget => ({ slug });

  /** Registers `count` candidates in one statement; the confirmation mails' ids in the statement's order. */
  const registerInOneStatement = async (count: number, imported = false) => {
    const event = await serviceEvent(s, admin, { capacity: 100 });
    const target: RegistrationTarget = imported
      ? { eventId: event.id, importedBy: admin.userId, reason: 'spec import' }
      : online(event.slug);
    const inputs = Array.from({ length: count }, () => registrationBody() as unknown as RegistrationInput);
    const results = await s.db.transaction((manager) =>
      s.get(RegistrationBatchService).registerMany(manager, target, inputs),
    );
    const ids = results.map((r) => {
      if (!r.receipt) throw new Error(`not registered: ${r.outcome}`);
      return r.receipt.registrationId;
    });
    return { event, ids, mailIds: await mailsAbout(ids) };
  };
  const mailsAbout = async (registrationIds: string[]): Promise<string[]> => {
    const rows: { id: string; subject_id: string }[] = await s.db.query(
      `SELECT id, subject_id FROM mail_messages WHERE subject_id = ANY($1::uuid[])`,
      [registrationIds],
    );
    return registrationIds.map((id) => rows.find((r) => r.subject_id === id)?.id as string);
  };
  /** The outbox rows that owe any of these mails. */
  const jobsOwing = (mailIds: string[]): Promise<{ job_name: string; job_id: string; payload: object }[]> =>
    s.db.query(
      `SELECT job_name, job_id, payload FROM outbox
        WHERE payload->>'mailId' = ANY($1::text[]) OR payload->'mailIds' ?| $1::text[] ORDER BY id`,
      [mailIds],
    );
  const mailRows = async (mailIds: string[]) => {
    const rows: {
      id: string;
      status: string;
      attempts: number;
      sending_at: Date | null;
      subject: string;
      render_context: object | null;
      last_error: string | null;
      batch_job_id: string | null;
    }[] = await s.db.query(
      `SELECT id, status, attempts, sending_at, subject, render_context, last_error, batch_job_id
         FROM mail_messages WHERE id = ANY($1::uuid[])`,
      [mailIds],
    );
    return mailIds.map((id) => rows.find((r) => r.id === id) as (typeof rows)[number]);
  };
  const statuses = async (mailIds: string[]) => (await mailRows(mailIds)).map((r) => r.status);
  const sentTwice = () => [...delivered.values()].filter((n) => n > 1).length;

  it.each([
    ['an online batch', false],
    ['an import chunk', true],
  ])('%s of 12 registrations owes ONE mail job, and that job delivers all 12 once', async (_, imported) => {
    const { mailIds } = await registerInOneStatement(12, imported);
    expect(await jobsOwing(mailIds)).toEqual([
      {
        job_name: NotificationJob.SendMails,
        job_id: sendMailsJobId(mailIds[0]),
        payload: { mailIds },
      },
    ]);
    expect((await mailRows(mailIds)).map((r) => r.batch_job_id)).toEqual(
      Array(12).fill(sendMailsJobId(mailIds[0])),
    );

    const facts = jest.spyOn(s.get(RegistrationsRepository), 'mailFactsOf');
    expect(await notifications.deliverMany(mailIds)).toEqual({ sent: 12, failed: 0, skipped: 0 });
    // The renderer read the registrations of all 12 in one statement.
    expect(facts).toHaveBeenCalledTimes(1);
    expect([...delivered.keys()].sort()).toEqual([...mailIds].sort());
    expect(sentTwice()).toBe(0);
    const rows = await mailRows(mailIds);
    // Each sent once, with the body the job rendered stored as `markSent` stores it.
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sending_at === null)).toBe(true);
    expect(rows.every((r) => r.subject !== '' && r.render_context === null)).toBe(true);
  });

  it('a statement of one registration still owes that mail its own send-mail job', async () => {
    const { mailIds } = await registerInOneStatement(1);
    expect(await jobsOwing(mailIds)).toEqual([
      {
        job_name: NotificationJob.SendMail,
        job_id: sendMailJobId(mailIds[0]),
        payload: { mailId: mailIds[0] },
      },
    ]);
    expect((await mailRows(mailIds))[0].batch_job_id).toBeNull();
  });

  it('promotions of a capacity raise owe one mail job for all the promoted', async () => {
    const event = await serviceEvent(s, admin, { capacity: 1 });
    const inputs = Array.from({ length: 4 }, () => registrationBody() as unknown as RegistrationInput);
    const results = await s.db.transaction((m) =>
      s.get(RegistrationBatchService).registerMany(m, online(event.slug), inputs),
    );
    const waitlisted = results.slice(1).map((r) => r.receipt?.registrationId as string);
    await s.db.transaction((m) => s.get(EventSeats).resize(m, event.id, 4));
    const promotedMails: { id: string }[] = await s.db.query(
      `SELECT id FROM mail_messages WHERE subject_id = ANY($1::uuid[]) AND template = 'registration.promoted'`,
      [waitlisted],
    );
    const ids = promotedMails.map((m) => m.id);
    expect(ids).toHaveLength(3);
    const jobs = await jobsOwing(ids);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].job_name).toBe(NotificationJob.SendMails);
    expect(await notifications.deliverMany((jobs[0].payload as { mailIds: string[] }).mailIds)).toEqual({
      sent: 3,
      failed: 0,
      skipped: 0,
    });
  });

  it('a doubled batch job (side by side, then again) sends nothing twice', async () => {
    const { mailIds } = await registerInOneStatement(10);
    const [a, b] = await Promise.all([
      notifications.deliverMany(mailIds),
      notifications.deliverMany(mailIds),
    ]);
    expect(a.sent + b.sent).toBe(10);
    expect(a.skipped + b.skipped).toBe(10);
    expect(await notifications.deliverMany(mailIds)).toEqual({ sent: 0, failed: 0, skipped: 10 });
    // The single job of one of them (the reconciler's) finds it sent.
    expect(await notifications.deliver(mailIds[3])).toBe('sent');
    expect(delivered.size).toBe(10);
    expect(sentTwice()).toBe(0);
    expect(await statuses(mailIds)).toEqual(Array(10).fill('sent'));
  });

  it('one transient failure: the others are sent, the failing one is released and sent by the retry, none twice', async () => {
    const { mailIds } = await registerInOneStatement(6);
    const flaky = mailIds[2];
    failWith = (mail) => (mail.id === flaky ? new Error('connection reset') : undefined);
    const error = await notifications.deliverMany(mailIds).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailBatchRetry);
    expect((error as MailBatchRetry).mailIds).toEqual([flaky]);
    const rows = await mailRows(mailIds);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'queued', 'sent', 'sent', 'sent']);
    // Released: the retry may claim it at once.
    expect(rows[2]).toMatchObject({ sending_at: null, last_error: 'connection reset', attempts: 1 });

    failWith = () => undefined;
    // The job's retry carries the same ids: only the unsent one is claimed.
    expect(await notifications.deliverMany(mailIds)).toEqual({ sent: 1, failed: 0, skipped: 5 });
    expect(await statuses(mailIds)).toEqual(Array(6).fill('sent'));
    expect(attempts.filter((m) => m.id === flaky)).toHaveLength(2);
    expect(delivered.size).toBe(6);
    expect(sentTwice()).toBe(0);
  });

  it('a permanent refusal fails only its mail (and suppresses its address); a suppressed address is not sent to', async () => {
    const { mailIds } = await registerInOneStatement(5);
    const [refusedAddress] = await s.db.query(`SELECT to_address FROM mail_messages WHERE id = $1`, [
      mailIds[1],
    ]);
    const [knownBad] = await s.db.query(`SELECT to_address FROM mail_messages WHERE id = $1`, [mailIds[3]]);
    await s.db.query(`INSERT INTO mail_suppressions (email, reason) VALUES ($1, 'bounced before')`, [
      knownBad.to_address,
    ]);
    failWith = (mail) =>
      mail.id === mailIds[1]
        ? Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 })
        : undefined;

    const queries: string[] = [];
    jest.spyOn(s.db.logger, 'logQuery').mockImplementation((query) => {
      queries.push(query);
    });
    expect(await notifications.deliverMany(mailIds)).toEqual({ sent: 3, failed: 2, skipped: 0 });
    // Delivery holds no transaction: the failures and the suppression are one statement.
    expect(queries.filter((q) => /^\s*(BEGIN|START TRANSACTION)/i.test(q))).toEqual([]);
    const rows = await mailRows(mailIds);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'failed', 'sent', 'failed', 'sent']);
    expect(rows[1].last_error).toBe('550 mailbox unavailable');
    expect(rows[3].last_error).toBe('suppressed: bounced before');
    expect(attempts.map((m) => m.id)).not.toContain(mailIds[3]);
    const suppressed: { email: string; reason: string }[] = await s.db.query(
      `SELECT email, reason FROM mail_suppressions WHERE email = ANY($1::text[]) ORDER BY email`,
      [[refusedAddress.to_address, knownBad.to_address]],
    );
    expect(suppressed).toHaveLength(2);
    expect(suppressed.find((r) => r.email === refusedAddress.to_address)?.reason).toBe(
      '550 mailbox unavailable',
    );
    // Nothing of it is retried: a second run sends nothing.
    expect(await notifications.deliverMany(mailIds)).toEqual({ sent: 0, failed: 0, skipped: 5 });
  });

  it('a mail delivered alone: a permanent refusal fails it and suppresses its address, a suppressed address fails, all without a transaction', async () => {
    const { mailIds } = await registerInOneStatement(2);
    failWith = (mail) =>
      mail.id === mailIds[0]
        ? Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 })
        : undefined;
    const [refused] = await mailRows([mailIds[0]]);
    const [address] = await s.db.query(`SELECT to_address FROM mail_messages WHERE id = $1`, [mailIds[0]]);
    await s.db.query(
      `INSERT INTO mail_suppressions (email, reason)
       SELECT to_address, 'bounced before' FROM mail_messages WHERE id = $1`,
      [mailIds[1]],
    );
    const queries: string[] = [];
    jest.spyOn(s.db.logger, 'logQuery').mockImplementation((query) => {
      queries.push(query);
    });
    expect(await notifications.deliver(mailIds[0])).toBe('failed');
    expect(await notifications.deliver(mailIds[1])).toBe('failed');
    expect(queries.filter((q) => /^\s*(BEGIN|START TRANSACTION)/i.test(q))).toEqual([]);
    const rows = await mailRows(mailIds);
    expect(rows.map((r) => [r.status, r.last_error])).toEqual([
      ['failed', '550 mailbox unavailable'],
      ['failed', 'suppressed: bounced before'],
    ]);
    expect(refused.status).toBe('queued');
    const suppressed: { reason: string }[] = await s.db.query(
      `SELECT reason FROM mail_suppressions WHERE email = $1`,
      [address.to_address],
    );
    expect(suppressed).toEqual([{ reason: '550 mailbox unavailable' }]);
  });

  it('after its retries a batch job gives up its unsent mails only, not one another worker is sending', async () => {
    const { mailIds } = await registerInOneStatement(4);
    failWith = (mail) => (mail.id === mailIds[0] ? new Error('timeout') : undefined);
    await expect(notifications.deliverMany(mailIds)).rejects.toBeInstanceOf(MailBatchRetry);
    // Another worker (the reconciler's single job) is sending mailIds[1] as the batch gives up:
    // made so here by putting it back under a live lease.
    await s.db.query(
      `UPDATE mail_messages SET status = 'queued', sending_at = now(), sent_at = NULL WHERE id = $1`,
      [mailIds[1]],
    );
    await notifications.giveUpMany(mailIds, 'retries spent');
    expect(await statuses(mailIds)).toEqual(['failed', 'queued', 'sent', 'sent']);
  });

  describe('the reconciler', () => {
    const queue = (): Queue => s.module.get(getQueueToken(QueueName.Notifications));

    it('leaves a batch’s mails to its job while it waits, and re-owes a leftover one by one once the job is gone', async () => {
      const { mailIds } = await registerInOneStatement(3);
      const batchJobId = sendMailsJobId(mailIds[0]);
      // Relayed: the job waits in Redis (no workers here).
      await s.db.query(`UPDATE outbox SET relayed_at = now() WHERE job_id = $1`, [batchJobId]);
      await queue().add(NotificationJob.SendMails, { mailIds }, { jobId: batchJobId });
      await s.db.query(`UPDATE mail_messages SET created_at = now() - interval '1 hour' WHERE id = ANY($1)`, [
        mailIds,
      ]);

      await notifications.reconcile(60_000, ['registration.registered']);
      for (const id of mailIds) expect(await queue().getJob(sendMailJobId(id))).toBeUndefined();

      // The job runs while another worker holds mailIds[1] (a live lease): that one is skipped...
      await s.db.query(`UPDATE mail_messages SET sending_at = now() WHERE id = $1`, [mailIds[1]]);
      expect(await notifications.deliverMany(mailIds)).toEqual({ sent: 2, failed: 0, skipped: 1 });
      // ...that worker dies (its lease runs out), and the batch job is gone (Redis lost it).
      await s.db.query(`UPDATE mail_messages SET sending_at = now() - interval '1 hour' WHERE id = $1`, [
        mailIds[1],
      ]);
      await (await queue().getJob(batchJobId))?.remove();

      expect(await notifications.reconcile(60_000, ['registration.registered'])).toBeGreaterThanOrEqual(1);
      const single = await queue().getJob(sendMailJobId(mailIds[1]));
      expect(single?.name).toBe(NotificationJob.SendMail);
      expect(single?.data).toEqual({ mailId: mailIds[1] });
      for (const id of [mailIds[0], mailIds[2]])
        expect(await queue().getJob(sendMailJobId(id))).toBeUndefined();

      expect(await notifications.deliver(mailIds[1])).toBe('sent');
      expect(await statuses(mailIds)).toEqual(['sent', 'sent', 'sent']);
      expect(sentTwice()).toBe(0);
      await single?.remove();
    });

    it('leaves a batch’s mails alone while the batch job is still in the outbox', async () => {
      const { mailIds } = await registerInOneStatement(2);
      await s.db.query(`UPDATE mail_messages SET created_at = now() - interval '1 hour' WHERE id = ANY($1)`, [
        mailIds,
      ]);
      await notifications.reconcile(60_000, ['registration.registered']);
      for (const id of mailIds) expect(await queue().getJob(sendMailJobId(id))).toBeUndefined();
      await s.db.query(`DELETE FROM outbox WHERE job_id = $1`, [sendMailsJobId(mailIds[0])]);
      await s.db.query(`UPDATE mail_messages SET status = 'failed' WHERE id = ANY($1)`, [mailIds]);
    });
  });
});
