/**
 * The GraphQL scalars of the Hasura conventions and how IR types map onto
 * them: int64 → `bigint` (a JSON number up to 2^53, a string beyond),
 * float64 → `float8`, utf8 → `String`, bool → `Boolean`, timestamp →
 * `timestamp` (ISO text), date → `date`, binary → `bytea` (`\x…` hex). Input
 * values are turned into IR scalars here (`inputScalar`), with a GraphQL
 * error when a value does not fit the column type.
 */
import { GraphQLBoolean, GraphQLScalarType, GraphQLString, Kind, type ValueNode } from 'graphql';
import type { DataType, Scalar } from '../../types/data-type.js';
import { isoTimestampNs, isoDateDays } from '../../types/timestamp-format.js';

const INT_RE = /^-?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.STRING:
      return ast.value;
    case Kind.BOOLEAN:
      return ast.value;
    default:
      return undefined;
  }
}

function parseBigint(v: unknown): string {
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined || !INT_RE.test(text)) throw new TypeError(`bigint cannot represent ${JSON.stringify(v)}`);
  const n = BigInt(text);
  if (n < INT64_MIN || n > INT64_MAX) throw new TypeError(`bigint cannot represent ${text}: beyond 64 bits`);
  return text;
}

function parseFloat8(v: unknown): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === 'NaN' || t === 'Infinity' || t === '-Infinity' || (t !== '' && Number.isFinite(Number(t)))) return t;
  }
  throw new TypeError(`float8 cannot represent ${JSON.stringify(v)}`);
}

function parseText(name: string, check: (s: string) => boolean): (v: unknown) => string {
  return (v) => {
    if (typeof v !== 'string' || !check(v)) throw new TypeError(`${name} cannot represent ${JSON.stringify(v)}`);
    return v;
  };
}

const identity = (v: unknown): unknown => v;

export const GraphQLBigint = new GraphQLScalarType({
  name: 'bigint',
  description: '64-bit integer: a JSON number up to 2^53 in magnitude, a string beyond; input as a number or a string of digits',
  serialize: identity,
  parseValue: parseBigint,
  parseLiteral: (ast) => parseBigint(ast.kind === Kind.INT || ast.kind === Kind.STRING ? ast.value : undefined),
});

export const GraphQLFloat8 = new GraphQLScalarType({
  name: 'float8',
  description: '64-bit float (NaN and ±Infinity as strings)',
  serialize: identity,
  parseValue: parseFloat8,
  parseLiteral: (ast) => parseFloat8(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : literalValue(ast)),
});

const isTimestamp = (s: string): boolean => isoTimestampNs(s) !== undefined;
const isDate = (s: string): boolean => isoDateDays(s) !== undefined;
const isHex = (s: string): boolean => /^\\x(?:[0-9a-fA-F]{2})*$/.test(s);

export const GraphQLTimestamp = new GraphQLScalarType({
  name: 'timestamp',
  description: 'a timestamp without zone as ISO-8601 text (UTC)',
  serialize: identity,
  parseValue: parseText('timestamp', isTimestamp),
  parseLiteral: (ast) => parseText('timestamp', isTimestamp)(literalValue(ast)),
});

export const GraphQLDate = new GraphQLScalarType({
  name: 'date',
  description: 'a calendar date as YYYY-MM-DD',
  serialize: identity,
  parseValue: parseText('date', isDate),
  parseLiteral: (ast) => parseText('date', isDate)(literalValue(ast)),
});

export const GraphQLBytea = new GraphQLScalarType({
  name: 'bytea',
  description: 'bytes as \\x followed by hex digits',
  serialize: identity,
  parseValue: parseText('bytea', isHex),
  parseLiteral: (ast) => parseText('bytea', isHex)(literalValue(ast)),
});

/** The GraphQL scalar of an IR type (undefined for types GraphQL does not carry). */
export function scalarOf(type: DataType): GraphQLScalarType | undefined {
  switch (type) {
    case 'int64':
      return GraphQLBigint;
    case 'float64':
      return GraphQLFloat8;
    case 'utf8':
      return GraphQLString;
    case 'bool':
      return GraphQLBoolean;
    case 'timestamp':
      return GraphQLTimestamp;
    case 'date':
      return GraphQLDate;
    case 'binary':
      return GraphQLBytea;
    default:
      return undefined;
  }
}

/** A coerced GraphQL input value (as the scalar's parseValue/parseLiteral left it) as an IR scalar of `type`. */
export function inputScalar(v: unknown, type: DataType): Scalar {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'int64':
      return BigInt(v as string);
    case 'float64':
      return typeof v === 'number' ? v : Number(v as string);
    case 'utf8':
    case 'bool':
      return v as string | boolean;
    case 'timestamp':
      return isoTimestampNs(v as string) ?? null;
    case 'date':
      return isoDateDays(v as string) ?? null;
    case 'binary': {
      const hex = (v as string).slice(2);
      const out = new Uint8Array(hex.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    default:
      return null;
  }
}
