/**
 * Composition of arrows. A `Morphism` is a reusable pipeline step with a
 * declared domain schema; its codomain is derived by applying it to a
 * placeholder input of that schema, so `compose(f, g)` can check that cod(f)
 * fits dom(g) before any real input exists. `pipe(input, ...steps)` applies
 * plain steps (Rel -> Rel) left to right; each step's constructors check it.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import type { Schema } from '../../types/schema.js';
import { RecursiveRef } from './nodes/recursive-ref.js';
import { planError } from './plan-error.js';
import type { Rel } from './rel.js';
import { describeSchema, fitsSchema } from './schema-utils.js';

/** A pipeline step: one or more arrows applied to an input. */
export type Step = (input: Rel) => Rel;

export interface Morphism {
  readonly dom: Schema;
  readonly cod: Schema;
  /** The arrow applied to `input`, whose schema must fit `dom` (SCHEMA_MISMATCH otherwise). */
  apply(input: Rel, span?: SourceSpan): Rel;
}

const PLACEHOLDER = '$input';

/** A morphism from `dom`: `build` is run once on a placeholder input to derive the codomain. */
export function morphism(dom: Schema, build: Step): Morphism {
  const cod = build(RecursiveRef.create(PLACEHOLDER, dom)).schema;
  return {
    dom,
    cod,
    apply(input: Rel, span?: SourceSpan): Rel {
      expectFits(input.schema, dom, 'the input', span);
      return build(input);
    },
  };
}

/** g ∘ f (f first): SCHEMA_MISMATCH unless cod(f) fits dom(g). */
export function compose(f: Morphism, g: Morphism, span?: SourceSpan): Morphism {
  expectFits(f.cod, g.dom, 'the first arrow\'s output', span);
  return morphism(f.dom, (input) => g.apply(f.apply(input)));
}

/** Apply steps left to right: `pipe(scan, filterBig, projectNames)`. */
export function pipe(input: Rel, ...steps: readonly Step[]): Rel {
  return steps.reduce((rel, step) => step(rel), input);
}

function expectFits(actual: Schema, expected: Schema, what: string, span?: SourceSpan): void {
  if (!fitsSchema(actual, expected)) {
    throw planError('SCHEMA_MISMATCH', `${what} ${describeSchema(actual)} does not fit ${describeSchema(expected)}`, span);
  }
}
