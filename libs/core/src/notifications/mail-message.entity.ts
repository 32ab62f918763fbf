import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PipelineMailExtra } from './mail-template-names';

export enum MailStatus {
  Queued = 'queued',
  Sent = 'sent',
  /** Refused permanently (an SMTP 5xx, or a suppressed address): never retried. */
  Failed = 'failed',
}

export interface MailLink {
  label: string;
  url: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text, or base64 when `encoding` says so (images). */
  content: string;
  encoding?: 'base64';
  /** Set for an inline image the HTML shows with `<img src="cid:...">`. */
  cid?: string;
}

/** What the mail job needs besides the rows a mail names to render it (e.g. the link it carries). */
export interface MailRenderContext {
  accessUrl?: string;
  /** The facts of the step a pipeline or interview mail tells of (unit, score, interview time...). */
  extra?: PipelineMailExtra;
}

/** Every mail hirefair sends: the delivery record, and the built-in mailbox when no SMTP server is set. */
@Entity('mail_messages')
export class MailMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ name: 'to_address' })
  to: string;

  @Column()
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  text: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  links: MailLink[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: MailAttachment[];

  /** Which template produced it (e.g. registration.confirmed), for tests and the mailbox. */
  @Column()
  template: string;

  @Column({ default: 'en' })
  locale: string;

  /** What the mail is about, e.g. the registration id; erased with the candidate. */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'text', default: MailStatus.Queued })
  status: MailStatus;

  /** 'smtp' or 'mailbox' once delivered. */
  @Column({ type: 'text', nullable: true })
  transport: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** When a worker claimed the send: another may take it over only once the lease ran out. */
  @Column({ name: 'sending_at', type: 'timestamptz', nullable: true })
  sendingAt: Date | null;

  /**
   * The `send-mails` job that owes this mail with the others its statement stored; null when the
   * mail has a `send-mail` job of its own.
   */
  @Column({ name: 'batch_job_id', type: 'text', nullable: true })
  batchJobId: string | null;

  /**
   * The pipeline step a mail tells of (its tell's `since`), null for other mails: unique with the
   * subject and template, so a step's mail is stored once however often its job runs.
   */
  @Column({ name: 'step_at', type: 'timestamptz', precision: 3, nullable: true })
  stepAt: Date | null;

  /** Set while the body is still to be rendered by the mail job (from these facts and the rows they name). */
  @Column({ name: 'render_context', type: 'jsonb', nullable: true })
  renderContext: MailRenderContext | null;
}
