import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { ACTIVE_INTERVIEW_STATUSES, Interview } from './interview.entity';

/** A flagging of an interview: the version flagged and when (the flagging statement's time). */
export interface Flagging {
  id: string;
  version: number;
  flaggedAt: Date;
}

/** The SQL of the mails that ask a candidate to choose a new time for a flagged interview. */
@Injectable()
export class InterviewConflictRepository extends DataSourceRepository {
  /** The flaggings just made (in the flagging transaction: `updated_at` is the flagging's time). */
  async flaggings(manager: EntityManager, interviewIds: string[]): Promise<Flagging[]> {
    if (interviewIds.length === 0) return [];
    const rows: { id: string; version: number; updated_at: Date }[] = await manager.query(
      `SELECT id, version, updated_at FROM interviews WHERE id = ANY($1::uuid[]) AND conflict ORDER BY id`,
      [interviewIds],
    );
    return rows.map((r) => ({ id: r.id, version: r.version, flaggedAt: new Date(r.updated_at) }));
  }

  /**
   * Claims the mail of one flagging: the interview, still active in that version and still flagged,
   * not mailed since it was flagged, is marked mailed and returned (locked); otherwise null. The
   * caller queues the mail in the same transaction, so each flagging is mailed once.
   */
  async claimMail(manager: EntityManager, flagging: Flagging): Promise<Interview | null> {
    const claimed = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE interviews SET conflict_mailed_at = now()
        WHERE id = $1 AND version = $2 AND conflict AND status = ANY($4)
          AND (conflict_mailed_at IS NULL OR conflict_mailed_at < $3)
       RETURNING id`,
        [flagging.id, flagging.version, flagging.flaggedAt.toISOString(), ACTIVE_INTERVIEW_STATUSES],
      ),
    );
    if (claimed.length === 0) return null;
    return manager.getRepository(Interview).findOneByOrFail({ id: flagging.id });
  }
}
