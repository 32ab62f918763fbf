import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { Role, StaffActor, hasRole } from '../common/actor';
import { ErrorKind, ValidationError } from '../common/domain-error';
import { BookingPoolService } from '../interviews/booking-pool.service';
import type { TimeWindow } from '../interviews/scheduling/scheduling.types';
import { checkTarget, parseTargetUrl } from '../webhooks/webhook-target';
import { fetchFeed } from './calendar-fetch';
import { CalendarError, CalendarErrorCode } from './calendars.errors';
import { CalendarRow, CalendarsRepository } from './calendars.repository';
import { busyFromIcs } from './ical-busy';

export interface CalendarView {
  feedUrl: string | null;
  fetchedAt: Date | null;
  error: string | null;
  busy: TimeWindow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Busy times are kept from a day ago to this far ahead (recurring events expanded inside). */
const HORIZON_MS = 400 * 24 * 3600_000;

const view = (row: CalendarRow | null): CalendarView => ({
  feedUrl: row?.feedUrl ?? null,
  fetchedAt: row?.fetchedAt ?? null,
  error: row?.error ?? null,
  busy: row?.busy ?? [],
});

const sameBusy = (a: TimeWindow[], b: TimeWindow[]) =>
  a.length === b.length &&
  a.every(
    (w, i) =>
      w.startsAt.getTime() === b[i].startsAt.getTime() && w.endsAt.getTime() === b[i].endsAt.getTime(),
  );

/**
 * Interviewers' iCalendar feeds (a URL fetched through the webhook SSRF guard, or an uploaded file):
 * their busy times are subtracted from the interviewer's windows wherever bookings read them.
 */
@Injectable()
export class CalendarsService {
  private readonly logger = new Logger(CalendarsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: CalendarsRepository,
    private readonly pool: BookingPoolService,
  ) {}

  async get(actor: StaffActor, userId: string): Promise<CalendarView> {
    await this.authorize(actor, userId);
    return view(await this.repository.find(userId));
  }

  /** A feed URL (checked against the guard now, fetched at once and then periodically) or an .ics text. */
  async put(
    actor: StaffActor,
    userId: string,
    input: { feedUrl: string } | { ics: string },
  ): Promise<CalendarView> {
    const organizationId = await this.authorize(actor, userId);
    if ('ics' in input) {
      const busy = this.parse(input.ics, 'body');
      await this.store({ userId, organizationId, feedUrl: null, busy, fetchedAt: new Date(), error: null });
      return view(await this.repository.find(userId));
    }
    const url = parseTargetUrl(input.feedUrl);
    if (!(url instanceof URL)) throw ValidationError.single('feedUrl', url.message);
    const allowPrivate = await this.repository.allowsPrivateTargets(organizationId);
    const problem = await checkTarget(url, allowPrivate);
    if (problem) {
      const code =
        problem.kind === 'forbidden' ? CalendarErrorCode.FeedForbidden : CalendarErrorCode.FeedUnresolvable;
      throw new CalendarError(code, problem.message, ErrorKind.Invalid, 'feedUrl');
    }
    const previous = await this.repository.find(userId);
    const kept = previous?.feedUrl === url.href ? previous : null;
    await this.store({
      userId,
      organizationId,
      feedUrl: url.href,
      busy: kept?.busy ?? [],
      fetchedAt: kept?.fetchedAt ?? null,
      error: null,
    });
    await this.refresh(userId, url.href, allowPrivate);
    return view(await this.repository.find(userId));
  }

  /** The repeatable job: every feed fetched again; one failing does not stop the others. */
  async refreshAll(): Promise<{ refreshed: number; failed: number }> {
    let failed = 0;
    const feeds = await this.repository.feeds();
    for (const feed of feeds) {
      if (!(await this.refresh(feed.userId, feed.feedUrl, feed.allowPrivate))) failed++;
    }
    return { refreshed: feeds.length - failed, failed };
  }

  /** Fetches one feed; on failure the last good busy times stay and the error is recorded. */
  private async refresh(userId: string, feedUrl: string, allowPrivate: boolean): Promise<boolean> {
    let busy: TimeWindow[];
    try {
      const url = new URL(feedUrl);
      const problem = await checkTarget(url, allowPrivate);
      if (problem) throw new Error(problem.message);
      busy = this.parse(await fetchFeed(url, allowPrivate, this.config.calendars), 'feed');
    } catch (error) {
      const message = error instanceof CalendarError ? error.message : (error as Error).message;
      this.logger.warn(`Calendar feed of ${userId} failed: ${message}`);
      await this.repository.recordError(userId, feedUrl, message);
      return false;
    }
    const row = await this.repository.find(userId);
    if (!row || row.feedUrl !== feedUrl) return true; // replaced meanwhile
    await this.store({ ...row, busy, fetchedAt: new Date(), error: null });
    return true;
  }

  /** Saves the calendar; busy times that changed owe a booking pass to each event the user serves. */
  private async store(row: CalendarRow): Promise<void> {
    await this.repository.transaction(async (manager) => {
      const previous = await this.repository.lock(manager, row.userId);
      await this.repository.save(manager, row);
      if (previous && sameBusy(previous.busy, row.busy)) return;
      for (const eventId of await this.repository.eventsOf(manager, row.userId)) {
        await this.pool.changed(manager, eventId);
      }
    });
  }

  private parse(text: string, source: 'body' | 'feed'): TimeWindow[] {
    const now = Date.now();
    try {
      return busyFromIcs(text, new Date(now - 24 * 3600_000), new Date(now + HORIZON_MS));
    } catch (error) {
      throw new CalendarError(
        CalendarErrorCode.InvalidCalendar,
        `The ${source === 'body' ? 'uploaded file' : 'feed'} is not a readable iCalendar: ${(error as Error).message}`,
        ErrorKind.Invalid,
        source === 'body' ? 'body' : 'feedUrl',
      );
    }
  }

  /** The user themself (as an interviewer), an org_admin or a recruiter; another organization's user is not found. */
  private async authorize(actor: StaffActor, userId: string): Promise<string> {
    const organizationId = actor.organizationId;
    const user =
      organizationId && UUID.test(userId) ? await this.repository.user(organizationId, userId) : null;
    if (!organizationId || !user) {
      throw new CalendarError(CalendarErrorCode.UserNotFound, 'User not found', ErrorKind.NotFound);
    }
    const self = actor.userId === userId && hasRole(actor, Role.Interviewer);
    if (!self && !hasRole(actor, Role.OrgAdmin, Role.Recruiter)) {
      throw new CalendarError(
        CalendarErrorCode.NotYourCalendar,
        "Only the interviewer themself, an org_admin or a recruiter may see or change a user's calendar",
        ErrorKind.Forbidden,
      );
    }
    return organizationId;
  }
}
