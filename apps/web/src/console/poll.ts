import { useEffect, useState } from 'preact/hooks';

interface PollOptions<T> {
  /** Whether to ask again: the job is still queued or running. */
  pending(value: T): boolean;
  /** How long between two asks. */
  everyMs?: number;
  /** After a failed ask, ask again this much later (undefined: stop, showing the error). */
  retryAfterErrorMs?: number;
}

/**
 * The state of a server-side job (an import, a scheduling run) by its id: fetched at once, then
 * again every `everyMs` while `pending`; stops when the id changes or the page goes away.
 */
export function usePoll<T>(
  id: string | null,
  load: (id: string) => Promise<T>,
  { pending, everyMs = 1000, retryAfterErrorMs }: PollOptions<T>,
): { value: T | null; error: unknown } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await load(id);
        if (!live) return;
        setValue(next);
        setError(null);
        if (pending(next)) timer = setTimeout(() => void poll(), everyMs);
      } catch (e) {
        if (!live) return;
        setError(e);
        if (retryAfterErrorMs !== undefined) timer = setTimeout(() => void poll(), retryAfterErrorMs);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  return { value, error };
}

/** A job still to finish. */
export const unfinished = (job: { status: string }): boolean =>
  job.status === 'queued' || job.status === 'running';
