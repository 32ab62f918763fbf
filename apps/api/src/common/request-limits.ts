import { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { ErrorResponseDto } from './error-response';

/** Longer request targets answer 414 (Node itself stops at 16 KiB of request head). */
export const MAX_URL_LENGTH = 8192;
/** Fastify's router (find-my-way) matches no parameter longer than this (its default). */
export const MAX_PARAM_LENGTH = 100;
/** JSON bodies nest no deeper than this: no DTO here needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** NUL (PostgreSQL refuses it in text) or a UTF-16 surrogate without its pair (not encodable as UTF-8). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for.
const INVALID_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const refusal = (statusCode: number, code: string, message: string): ErrorResponseDto => ({
  statusCode,
  code,
  message,
});

function send(reply: FastifyReply, body: ErrorResponseDto): FastifyReply {
  return reply.code(body.statusCode).type('application/json; charset=utf-8').send(body);
}

export type InputProblem = { problem: 'too-deep' } | { problem: 'invalid-text'; field: string };

/** What is wrong with a parsed input (params, query or body), walked without recursion. */
export function inspectInput(value: unknown): InputProblem | null {
  const stack: [unknown, number, string][] = [[value, 0, '']];
  while (stack.length > 0) {
    const [item, depth, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (INVALID_TEXT.test(item)) return { problem: 'invalid-text', field: path };
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      if (depth >= MAX_JSON_DEPTH) return { problem: 'too-deep' };
      for (const [key, child] of Object.entries(item)) {
        if (INVALID_TEXT.test(key)) return { problem: 'invalid-text', field: path };
        stack.push([child, depth + 1, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

/**
 * Refusals that Fastify makes before any route runs (a bad or over-long URL, a request head too
 * large) and the checks every route needs before validation, all in the contract's error shape
 * and without echoing the request.
 */
export const frameworkErrors = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
  void send(
    reply,
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? refusal(414, 'URI_TOO_LONG', 'A path parameter is too long.')
      : refusal(400, 'BAD_URL', 'The URL is not valid (bad percent-encoding or characters).'),
  );
};

/** Node's parser errors, answered before Fastify sees a request. */
export function clientErrorHandler(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let body: ErrorResponseDto;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const raw = error.rawPacket as unknown;
    const endOfRequestLine = Buffer.isBuffer(raw) ? raw.indexOf('\r\n') : -1;
    body =
      endOfRequestLine === -1 || endOfRequestLine > MAX_URL_LENGTH
        ? refusal(414, 'URI_TOO_LONG', `The URL is longer than ${MAX_URL_LENGTH} characters.`)
        : refusal(431, 'HEADERS_TOO_LARGE', 'The request headers are too large.');
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    body = refusal(408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.');
  } else {
    body = refusal(400, 'BAD_REQUEST', 'The request could not be parsed.');
  }
  if (socket.writable) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

export function refuseBadInput(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH)
      return send(
        reply,
        refusal(414, 'URI_TOO_LONG', `The URL is longer than ${MAX_URL_LENGTH} characters.`),
      );
    // Checked here, not left to the router: past its limit a parameter route does not match, and the
    // pages' catch-all route would answer instead (a 404 that echoes the URL).
    const path = request.url.split('?', 1)[0];
    if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH))
      return send(reply, refusal(414, 'URI_TOO_LONG', 'A path parameter is too long.'));
  });
  fastify.addHook('preValidation', async (request, reply) => {
    const params = inspectInput(request.params) ?? inspectInput(request.query);
    if (params) return send(reply, refusal(400, 'INVALID_TEXT', 'The URL holds a NUL byte or invalid text.'));
    const body = inspectInput(request.body);
    if (body?.problem === 'too-deep')
      return send(
        reply,
        refusal(400, 'BODY_TOO_DEEP', `JSON may nest at most ${MAX_JSON_DEPTH} levels deep.`),
      );
    // A field's text: a validation failure like any other, named on the field.
    if (body) {
      const field = body.field || 'body';
      const message = `${field} must not contain NUL bytes or unpaired UTF-16 surrogates`;
      return send(reply, {
        ...refusal(400, 'VALIDATION_FAILED', message),
        details: [{ field, messages: [message] }],
      });
    }
  });
}
