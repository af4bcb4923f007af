/**
 * GraphQL over HTTP at `/graphql`: `graphql-http`'s spec-following handler
 * (media types, GET and POST, parameter checks, status codes) with our own
 * hooks, so each request is compiled once into one plan (`prepareGraphql`)
 * and run by the engine, never by graphql-js field resolvers. Before a
 * request runs: its body is read up to `limits.maxBodyBytes` (413 beyond),
 * its JSON nesting checked against `limits.maxJsonDepth` (400),
 * its `Authorization: Bearer` token verified (401), its rate taken (429) and
 * its tables checked against the token (403); the refusal is a GraphQL error
 * whose `extensions.code` is the PyralogError code.
 */
import { readBodyLimited } from '../read-body.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandler, type Response as HandlerResponse } from 'graphql-http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { graphqlSchema } from '../../engine/graphql-request.js';
import { answerIntrospection } from './graphql-visible-schema.js';
import { isPyralogError } from '../../errors/pyralog-error.js';
import { jsonDepth } from '../json-rpc.js';
import { refusalStatus, toGraphqlError } from './graphql-errors.js';
import {
  admit,
  contextOf,
  executeOperation,
  operationArgs,
  prepareOperation,
  recordOperation,
  type GraphqlCaller,
  type GraphqlServices,
  type OperationContext,
} from './graphql-operation.js';

/** What one HTTP request carries through the handler's hooks. */
interface RequestState {
  readonly bearer: string | undefined;
  readonly address: string;
  readonly signal: AbortSignal;
  /** The media type the response will have (for refusals built here). */
  readonly mediaType: string;
  operation: string;
  errors: readonly GraphQLError[] | undefined;
}

type HttpOperationContext = OperationContext & { readonly state: RequestState };

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  return /^Bearer\s+(\S+)$/i.exec(h)?.[1] ?? '';
}

function responseMediaType(accept: string | undefined): string {
  return /application\/graphql-response\+json/i.test(accept ?? '') ? 'application/graphql-response+json; charset=utf-8' : 'application/json; charset=utf-8';
}

/** A request refused before it ran: a spec-shaped error body with a 4xx/5xx status. */
function refusal(state: RequestState, error: GraphQLError, status: number): HandlerResponse {
  const retry = error.extensions['details'] as { retryAfterMs?: number } | undefined;
  return [
    JSON.stringify({ errors: [error.toJSON()] }),
    {
      status,
      statusText: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 429 ? 'Too Many Requests' : status === 503 ? 'Service Unavailable' : 'Bad Request',
      headers: {
        'content-type': state.mediaType,
        ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
        ...(retry?.retryAfterMs !== undefined ? { 'retry-after': String(Math.ceil(retry.retryAfterMs / 1000)) } : {}),
      },
    },
  ];
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Reads the body up to `max` bytes; undefined when it was larger (and the 413 is sent). */
function readBody(req: IncomingMessage, res: ServerResponse, max: number, mediaType: string): Promise<string | undefined> {
  return readBodyLimited(req, res, max, (r) => {
    const error = { message: `the request body is larger than the limit of ${max} bytes`, extensions: { code: 'QUERY_TOO_LARGE', limit: 'maxBodyBytes' } };
    send(r, 413, JSON.stringify({ errors: [error] }), { 'content-type': mediaType });
  });
}

/** The handler for `GET`/`POST /graphql` (the GraphiQL page is routed before it). */
export function graphqlHttpHandler(services: GraphqlServices, stopSignal: AbortSignal): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const internal = (e: unknown): void => services.log.error({ err: e }, 'GraphQL request failed');
  const handler = createHandler<IncomingMessage, RequestState, HttpOperationContext>({
    onSubscribe: (req, params) => {
      const state = req.context;
      try {
        const caller: GraphqlCaller = { token: services.authenticator.authenticate(state.bearer, 'graphql'), address: state.address };
        admit(services, caller);
        const request = { query: params.query, variables: params.variables ?? null, operationName: params.operationName ?? null };
        const prepared = prepareOperation(services, caller, request);
        if (!('execute' in prepared)) {
          state.errors = prepared;
          return [...prepared];
        }
        state.operation = prepared.operation;
        if (prepared.operation === 'subscription') {
          // graphql-http would answer an uncoded "Subscriptions are not supported".
          const error = new GraphQLError('subscriptions run over WebSocket (the graphql-ws protocol at this URL with ws://); over HTTP send a query', {
            extensions: { code: 'GRAPHQL_BAD_REQUEST' },
          });
          state.errors = [error];
          return [error];
        }
        const context: HttpOperationContext = { prepared, request, caller, signal: state.signal, state };
        return operationArgs(graphqlSchema(services.db), context);
      } catch (e) {
        const error = toGraphqlError(e, internal);
        state.errors = [error];
        const status = isPyralogError(e) ? refusalStatus(e) : undefined;
        return status !== undefined ? refusal(state, error, status) : [error];
      }
    },
    getOperationAST: (document) => {
      const op = document.definitions[0];
      return op?.kind === 'OperationDefinition' ? op : null;
    },
    execute: async (args): Promise<ExecutionResult> => {
      const context = contextOf(args) as HttpOperationContext;
      const result = answerIntrospection(services.db, graphqlSchema(services.db), context.caller.token, context.request, await executeOperation(services, context.prepared, context.signal));
      context.state.errors = result.errors;
      return result;
    },
  });

  return async (req, res) => {
    const started = performance.now();
    const mediaType = responseMediaType(req.headers.accept);
    let body: string | undefined;
    if (req.method === 'POST') {
      body = await readBody(req, res, services.limits.maxBodyBytes, mediaType);
      if (body === undefined) return;
    }
    // Deep JSON (variables) is refused after one linear scan, before anything parses or coerces it.
    const max = services.limits.maxJsonDepth;
    const params = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if ([body ?? '', params.get('variables') ?? '', params.get('extensions') ?? ''].some((text) => jsonDepth(text, max) > max)) {
      const error = { message: `JSON nesting is deeper than the limit of ${max}`, extensions: { code: 'GRAPHQL_LIMIT_EXCEEDED', limit: 'maxJsonDepth' } };
      recordOperation(services, 'http', '(invalid)', (performance.now() - started) / 1000, [error]);
      return send(res, 400, JSON.stringify({ errors: [error] }), { 'content-type': mediaType });
    }
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    res.on('close', () => {
      if (!res.writableEnded) abort();
    });
    stopSignal.addEventListener('abort', abort, { once: true });
    const state: RequestState = { bearer: bearer(req), address: req.socket.remoteAddress ?? 'unknown', signal: controller.signal, mediaType, operation: '(invalid)', errors: undefined };
    services.metrics.connections.inc({ transport: 'graphql-http' });
    try {
      let [text, init] = await handler({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body ?? null, raw: req, context: state });
      let errors: readonly { readonly extensions?: Readonly<Record<string, unknown>> }[] | undefined = state.errors;
      if (errors === undefined && init.status >= 400) {
        // graphql-http refused the request itself (method, media type, JSON, parameters): a coded error body.
        const refused = badRequest(init.status, text, body);
        errors = refused.errors;
        text = JSON.stringify(refused);
        init = { ...init, headers: { ...(init.headers ?? {}), 'content-type': mediaType } };
      }
      send(res, init.status, text ?? '', { ...(init.headers ?? {}) });
      recordOperation(services, 'http', state.operation, (performance.now() - started) / 1000, errors);
    } catch (e) {
      internal(e);
      send(res, 500, JSON.stringify({ errors: [{ message: 'internal error', extensions: { code: 'INTERNAL' } }] }), { 'content-type': mediaType });
    } finally {
      stopSignal.removeEventListener('abort', abort);
      services.metrics.connections.dec({ transport: 'graphql-http' });
    }
  };
}

interface BadRequestError {
  readonly message: string;
  readonly extensions: { readonly code: 'GRAPHQL_BAD_REQUEST' };
}

/** What graphql-http's own refusals mean, for those it answers with an empty body. */
const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  405: 'method not allowed: send GraphQL requests with GET or POST',
  406: 'not acceptable: the response is application/graphql-response+json or application/json (set Accept to one of them)',
  415: 'unsupported media type: POST a JSON body with content-type application/json (charset utf-8)',
};

/**
 * The error body of a request graphql-http refused before it reached us:
 * its own messages (or, for an empty body, what the status means), each
 * with `extensions.code` GRAPHQL_BAD_REQUEST; a JSON array is named as a
 * batch, which the endpoint does not run.
 */
function badRequest(status: number, text: string | null, body: string | undefined): { readonly errors: readonly BadRequestError[] } {
  const error = (message: string): BadRequestError => ({ message, extensions: { code: 'GRAPHQL_BAD_REQUEST' } });
  if (body !== undefined && body.trimStart().startsWith('[')) {
    return { errors: [error('batched requests (a JSON array) are not supported: send one request object per HTTP request, or several root fields in one operation')] };
  }
  const messages = messagesOf(text);
  if (messages.length > 0) return { errors: messages.map(error) };
  return { errors: [error(STATUS_MESSAGES[status] ?? `the request was refused (HTTP ${status})`)] };
}

/** The messages of a response body's errors, if it has any. */
function messagesOf(text: string | null): string[] {
  if (text === null || !text.includes('"errors"')) return [];
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors.flatMap((e: unknown) => (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string' ? [(e as { message: string }).message] : []));
  } catch {
    return [];
  }
}
