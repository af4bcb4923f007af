/** The inputs of a Rel, left to right: the one place that knows where each kind keeps them. */
import { assertNever } from '../../errors/pyralog-error.js';
import type { Rel } from './rel.js';

/** The inputs of a node, left to right. */
export function childrenOf(rel: Rel): readonly Rel[] {
  switch (rel.kind) {
    case 'scan':
    case 'values':
    case 'recursive_ref':
      return [];
    case 'filter':
    case 'project':
    case 'aggregate':
    case 'sort':
    case 'limit':
    case 'window':
    case 'distinct':
      return [rel.input];
    case 'join':
    case 'set_op':
      return [rel.left, rel.right];
    case 'recursive':
      return [rel.base, rel.step];
    default:
      return assertNever(rel, 'rel kind');
  }
}
