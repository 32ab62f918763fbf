import * as http from 'node:http';
import * as https from 'node:https';
import { guardedLookup } from '../webhooks/webhook-target';

export interface FeedLimits {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GETs a calendar feed with node:http(s), the connection resolving its host through the webhook
 * guard (the address connected to is the one checked). Redirects are not followed; a body larger
 * than `maxBytes` or an answer slower than `timeoutMs` is an error.
 */
export function fetchFeed(url: URL, allowPrivate: boolean, limits: FeedLimits): Promise<string> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        headers: { Accept: 'text/calendar' },
        lookup: guardedLookup(allowPrivate),
        signal: AbortSignal.timeout(limits.timeoutMs),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          response.destroy();
          reject(new Error(`the feed answered HTTP ${status}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            response.destroy();
            reject(new Error(`the feed is larger than ${limits.maxBytes} bytes`));
          } else chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('error', (error: Error) =>
      reject(
        error.name === 'TimeoutError' || error.name === 'AbortError'
          ? new Error(`no answer within ${limits.timeoutMs / 1000} s`)
          : error,
      ),
    );
  });
}
