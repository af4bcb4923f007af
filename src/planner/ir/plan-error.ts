/**
 * The planner's way of raising a user-facing error: a PyralogError in the
 * 'plan' phase carrying the span of the offending expression or node.
 */
import { PyralogError, type ErrorCode, type SourceSpan } from '../../errors/pyralog-error.js';

export function planError(
  code: ErrorCode,
  message: string,
  span?: SourceSpan,
  hints?: readonly string[],
): PyralogError {
  return new PyralogError(code, message, {
    phase: 'plan',
    ...(span !== undefined ? { spans: [span] } : {}),
    ...(hints !== undefined ? { hints } : {}),
  });
}
