/**
 * The plan-equality tests' normaliser: a printed plan with every internal
 * name (an identifier starting with `_`, such as `_g0`, `_a1`, `_w2_0`: a
 * front end's own temporaries) renamed `_t1`, `_t2`, … in order of first
 * appearance, so two front ends' plans compare equal up to their temporaries.
 * Used by test/batuta/plan-equality.test.ts and test/graphql/plan-equality.test.ts.
 */
export function canonicalPlan(plan: string): string {
  const names = new Map<string, string>();
  return plan.replace(/(?<![\w.])_[A-Za-z]*\d+(?:_\d+)*(?!\w)/g, (n) => {
    let c = names.get(n);
    if (c === undefined) {
      c = `_t${names.size + 1}`;
      names.set(n, c);
    }
    return c;
  });
}
