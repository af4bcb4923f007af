/** The `limit` arrow: skip `offset` rows, then keep at most `limit` (null = all the rest). */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import { planError } from '../plan-error.js';
import type { LimitRel, Rel } from '../rel.js';

const validCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

export const Limit = {
  create(input: Rel, offset: number, limit: number | null, span?: SourceSpan): LimitRel {
    if (!validCount(offset)) throw planError('INVALID_PLAN', `offset must be a non-negative integer, got ${offset}`, span);
    if (limit !== null && !validCount(limit)) throw planError('INVALID_PLAN', `limit must be a non-negative integer, got ${limit}`, span);
    return { kind: 'limit', schema: input.schema, input, offset, limit, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is LimitRel {
    return r.kind === 'limit';
  },
};
