/**
 * JSON-RPC 2.0 framing, exactly as the specification says: parsing a payload
 * into one request or a batch, validating each request object, and building
 * result and error responses (the `id` echoed with its JSON type; `null` when
 * it could not be read). Nesting depth is checked on the raw text before
 * JSON.parse runs, so a deeply nested payload costs one linear scan and no
 * recursion. Knows nothing of methods, transports or the database.
 */

export type RpcId = string | number | null;

/** The standard error codes (-32768..-32000 are reserved by the specification). */
export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
/** Application errors of this server (outside the reserved range). */
export const RPC_QUERY_ERROR = 1;
export const RPC_UNAUTHORIZED = 2;
export const RPC_FORBIDDEN = 3;
export const RPC_LIMIT_EXCEEDED = 4;
export const RPC_UNAVAILABLE = 5;

export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** `idText`: the request's numeric id exactly as it was written, when JSON.stringify of the parsed number would differ (see idLiterals). */
export type RpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: RpcId; readonly result: unknown; readonly idText?: string }
  | { readonly jsonrpc: '2.0'; readonly id: RpcId; readonly error: RpcErrorObject; readonly idText?: string };

/** A well-formed request; `notification` when it had no `id` member (no response is sent). */
export interface RpcRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly params: unknown;
  readonly id: RpcId;
  readonly notification: boolean;
  /** The id's literal text when it is a number JSON.parse may have rounded (past 2^53, or a long fraction). */
  readonly idText?: string;
}

/** An element that is not a valid request: answered with -32600 (id null unless one could be read). */
export interface RpcInvalid {
  readonly kind: 'invalid';
  readonly id: RpcId;
  readonly message: string;
  readonly idText?: string;
}

export type RpcEntry = RpcRequest | RpcInvalid;

export type RpcPayload =
  | { readonly kind: 'single'; readonly entry: RpcEntry }
  | { readonly kind: 'batch'; readonly entries: readonly RpcEntry[] }
  | { readonly kind: 'error'; readonly response: RpcResponse };

/** An error a method raises; the dispatcher turns it into the response's `error`. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  toObject(): RpcErrorObject {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

export function resultResponse(id: RpcId, result: unknown, idText?: string): RpcResponse {
  return idText === undefined ? { jsonrpc: '2.0', id, result } : { jsonrpc: '2.0', id, result, idText };
}

export function errorResponse(id: RpcId, error: RpcErrorObject, idText?: string): RpcResponse {
  return idText === undefined ? { jsonrpc: '2.0', id, error } : { jsonrpc: '2.0', id, error, idText };
}

const NUMBER_LITERAL = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The literal text of each request's numeric `id` in valid JSON `text`: one
 * slot for a single request, one per element of a batch (undefined where the
 * id is absent or not a number). JSON.parse rounds an integer past 2^53
 * (`12345678901234567890` → `12345678901234567000`), and the specification
 * wants the id echoed as it was sent, so the response reuses this text.
 */
export function idLiterals(text: string): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let depth = 0;
  let batch = false;
  let element = 0;
  let key: string | undefined;
  let afterColon = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (depth === (batch ? 2 : 1) && !afterColon) key = JSON.parse(text.slice(i, j + 1)) as string;
      afterColon = false;
      i = j;
    } else if (c === 0x3a) afterColon = true;
    else if (c === 0x2c) {
      afterColon = false;
      if (batch && depth === 1) element++;
    } else if (c === 0x5b || c === 0x7b) {
      if (depth === 0 && c === 0x5b) batch = true;
      depth++;
      afterColon = false;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      afterColon = false;
    } else if (afterColon && key === 'id' && depth === (batch ? 2 : 1) && (c === 0x2d || (c >= 0x30 && c <= 0x39))) {
      NUMBER_LITERAL.lastIndex = i;
      const m = NUMBER_LITERAL.exec(text);
      if (m !== null) {
        out[element] = m[0];
        i += m[0].length - 1;
      }
      afterColon = false;
    }
  }
  return out;
}

/** Gives entries whose numeric id JSON.parse may have changed their literal `idText` (rarely needed: scans only then). */
function withIdTexts(entries: readonly RpcEntry[], text: string): readonly RpcEntry[] {
  if (!entries.some((e) => typeof e.id === 'number' && !Number.isSafeInteger(e.id))) return entries;
  const literals = idLiterals(text);
  return entries.map((e, i) => {
    const literal = literals[i];
    return typeof e.id === 'number' && literal !== undefined && literal !== JSON.stringify(e.id) ? { ...e, idText: literal } : e;
  });
}

/** Deepest nesting of arrays/objects in JSON `text` (strings skipped), stopping once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function isId(v: unknown): v is RpcId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates one request object of a payload. */
export function toEntry(v: unknown): RpcEntry {
  if (!isPlainObject(v)) return { kind: 'invalid', id: null, message: 'a request must be a JSON object' };
  const hasId = Object.hasOwn(v, 'id');
  const id = hasId && isId(v['id']) ? v['id'] : null;
  if (hasId && !isId(v['id'])) return { kind: 'invalid', id: null, message: 'id must be a string, a number or null' };
  if (v['jsonrpc'] !== '2.0') return { kind: 'invalid', id, message: 'jsonrpc must be exactly "2.0"' };
  const method = v['method'];
  if (typeof method !== 'string') return { kind: 'invalid', id, message: 'method must be a string' };
  const params = v['params'];
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return { kind: 'invalid', id, message: 'params must be an object or an array when present' };
  }
  return { kind: 'request', method, params, id, notification: !hasId };
}

export interface PayloadLimits {
  readonly maxDepth: number;
  readonly maxBatch: number;
}

/** Parses a request payload (one request or a batch) under the limits. */
export function parsePayload(raw: string, limits: PayloadLimits): RpcPayload {
  // A byte order mark is not JSON, but RFC 8259 lets a parser skip it (some Windows tools write one).
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const depth = jsonDepth(text, limits.maxDepth);
  if (depth > limits.maxDepth) {
    return {
      kind: 'error',
      response: errorResponse(null, { code: RPC_INVALID_REQUEST, message: `JSON nesting is deeper than the limit of ${limits.maxDepth}`, data: { limit: 'maxJsonDepth' } }),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'error', response: errorResponse(null, { code: RPC_PARSE_ERROR, message: `parse error: ${(e as Error).message}` }) };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'error', response: errorResponse(null, { code: RPC_INVALID_REQUEST, message: 'an empty batch is not a valid request' }) };
    if (value.length > limits.maxBatch) {
      return {
        kind: 'error',
        response: errorResponse(null, { code: RPC_INVALID_REQUEST, message: `a batch of ${value.length} requests is longer than the limit of ${limits.maxBatch}`, data: { limit: 'maxBatch' } }),
      };
    }
    return { kind: 'batch', entries: withIdTexts(value.map(toEntry), text) };
  }
  const entry = withIdTexts([toEntry(value)], text)[0] ?? toEntry(value);
  return { kind: 'single', entry };
}
