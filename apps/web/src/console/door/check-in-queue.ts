/**
 * Check-ins the door could not send (the venue's network dropped): kept in localStorage so a
 * reload or a closed tab loses none, and sent again, in arrival order, once the network is back.
 * The server's check-in is idempotent and each entry keeps its Idempotency-Key, so a retry of a
 * check-in that did reach the server records nothing twice.
 */
export interface PendingCheckIn {
  eventId: string;
  code: string;
  key: string;
  /** When the candidate stood at the door, shown while the entry waits. */
  queuedAt: string;
}

const STORAGE_KEY = 'hirefair.door.pending';

export function pending(): PendingCheckIn[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingCheckIn[]) : [];
  } catch {
    return [];
  }
}

function save(items: PendingCheckIn[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
}

export function enqueue(item: PendingCheckIn): void {
  // A code scanned twice while offline waits once.
  save([...pending().filter((p) => !(p.eventId === item.eventId && p.code === item.code)), item]);
}

export function remove(key: string): void {
  save(pending().filter((p) => p.key !== key));
}
