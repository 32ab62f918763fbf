/**
 * The statements of one registration, shared by RegistrationsService and the benchmark (which
 * runs them over plain `pg` to measure the physical limit of the endpoint).
 *
 * Seats: one counter row per event (event_seats), taken with a conditional UPDATE in the same
 * statement that inserts the registration. The row lock serializes only seat-takers of one event,
 * from that statement to COMMIT, and the arrival number (seq) is drawn while it is held, so seats
 * go strictly by seq. Once the event is full the UPDATE matches nothing and takes no lock:
 * waitlisted registrations run in parallel.
 */
export const REGISTRATION_SQL = {
  event: `SELECT e.id, e.organization_id, e.status, e.title, e.city, e.timezone, e.locale, e.starts_at,
            e.registration_opens_at, e.registration_closes_at, s.registered < s.capacity AS seats_left
       FROM events e JOIN event_seats s ON s.event_id = e.id
      WHERE e.slug = $1 AND e.status IN ('published', 'closed', 'completed')`,

  // The no-op update returns the id of an existing candidate (DO NOTHING would return no row) and
  // waits for a concurrent insert of the same email to commit.
  upsertCandidate: `INSERT INTO candidates (organization_id, email, name, phone) VALUES ($1, $2, $3, $4)
      ON CONFLICT (organization_id, email) DO UPDATE SET updated_at = candidates.updated_at
      RETURNING id`,

  // $1 id, $2 organization, $3 event, $4 candidate, $5 check-in code, $6 token hash, $7 locale,
  // $8 degree, $9 years, $10 city, $11 specialties, $12 profile, $13 consent
  insertRegistration: `WITH seat AS (
        UPDATE event_seats SET registered = registered + 1
         WHERE event_id = $3 AND registered < capacity RETURNING 1
      ), decision AS (
        SELECT EXISTS (SELECT 1 FROM seat) AS seated
      ), registration AS (
        INSERT INTO registrations (id, organization_id, event_id, candidate_id, seq, status, check_in_code,
                                   token_hashes, locale, degree, years_of_experience, city, specialties,
                                   profile, consent)
        SELECT $1, $2, $3, $4, nextval('registrations_seq'),
               CASE WHEN d.seated THEN 'registered' ELSE 'waitlisted' END, $5, ARRAY[$6::text], $7, $8, $9,
               $10, $11::text[], $12::jsonb, $13::jsonb
          FROM decision d
        RETURNING id, organization_id, status, seq, created_at
      ), timeline AS (
        INSERT INTO registration_timeline (registration_id, organization_id, actor_type, actor_id, field,
                                           from_value, to_value)
        SELECT id, organization_id, 'candidate', $4, 'status', NULL, status FROM registration
      )
      SELECT status, seq, created_at FROM registration`,
} as const;

export const REGISTRATION_UNIQUE = 'registrations_event_candidate_unique';

/** TypeORM answers an UPDATE or DELETE query with [rows, rowCount], anything else with rows. */
export function rowsOf<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
