/**
 * Kernels of the numeric functions: neg abs pow sqrt exp ln log10 log round
 * floor ceil sign pi. int64 stays exact (neg/abs overflow -> NUMERIC_OVERFLOW,
 * round with negative digits in BigInt); logarithms and roots outside their
 * domain give NULL (like division by zero).
 */
import type { DataType, Scalar } from '../../../types/data-type.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { genLoop, mapScalars, selCount, type CompiledExpr } from './kernel-util.js';
import { asF64, checkInt64 } from './fn-arithmetic.js';
import { allocF64 } from '../buffers.js';

type Kernel = (c: Chunk) => Column;

function floatUnary(args: readonly CompiledExpr[], f: (x: number) => number | null): Kernel {
  const [ea] = args as [CompiledExpr];
  return (c) => {
    const col = ea.eval(c);
    const x = makeColumn('float64', asF64(col, c), col.valid, c.length);
    return mapScalars(c, [x], 'float64', ([v]) => {
      const r = f(v as number);
      return r === null || Number.isNaN(r) ? null : r;
    });
  };
}

/** round half away from zero to `digits` decimals. */
export function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const m = 10 ** digits;
  // toPrecision(15) removes representation error (1.005 * 100 = 100.49999999999999)
  const y = Number((Math.abs(x) * m).toPrecision(15));
  const r = Math.floor(y + 0.5) / m;
  return x < 0 && r !== 0 ? -r : r;
}

function roundInt(v: bigint, digits: number): bigint {
  if (digits >= 0) return v;
  const m = 10n ** BigInt(-digits);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const q = (a + m / 2n) / m;
  return checkInt64(neg ? -q * m : q * m);
}

export const MATH_FUNCTIONS: Readonly<Record<string, (args: readonly CompiledExpr[], out: DataType) => Kernel>> = {
  neg: (args, out) => {
    const [ea] = args as [CompiledExpr];
    if (out === 'float64') {
      return (c) => {
        const x = ea.eval(c);
        const o = allocF64(c.length);
        genLoop('-a[i]')(x.values, null, o, c.sel, selCount(c));
        return makeColumn('float64', o, x.valid, c.length);
      };
    }
    return (c) => mapScalars(c, [ea.eval(c)], out, ([v]) => (typeof v === 'bigint' ? checkInt64(-v) : v === null ? null : -(v as number)));
  },
  abs: (args, out) => {
    const [ea] = args as [CompiledExpr];
    return (c) =>
      mapScalars(c, [ea.eval(c)], out, ([v]) => (typeof v === 'bigint' ? checkInt64(v < 0n ? -v : v) : Math.abs(v as number)));
  },
  pow: (args) => {
    const [ea, eb] = args as [CompiledExpr, CompiledExpr];
    return (c) => {
      const a = ea.eval(c);
      const b = eb.eval(c);
      return mapScalars(c, [a, b], 'float64', ([x, y]) => {
        const r = Number(x) ** Number(y);
        return Number.isNaN(r) ? null : r;
      });
    };
  },
  sqrt: (args) => floatUnary(args, (x) => (x < 0 ? null : Math.sqrt(x))),
  exp: (args) => floatUnary(args, Math.exp),
  ln: (args) => floatUnary(args, (x) => (x <= 0 ? null : Math.log(x))),
  log10: (args) => floatUnary(args, (x) => (x <= 0 ? null : Math.log10(x))),
  log: (args) => {
    const [eb, ex] = args as [CompiledExpr, CompiledExpr];
    return (c) =>
      mapScalars(c, [eb.eval(c), ex.eval(c)], 'float64', ([b, x]) => {
        const base = Number(b);
        const v = Number(x);
        if (v <= 0 || base <= 0 || base === 1) return null;
        return Math.log(v) / Math.log(base);
      });
  },
  round: (args, out) => {
    const [ea, ed] = args as [CompiledExpr, CompiledExpr | undefined];
    return (c) => {
      const cols = [ea.eval(c)];
      if (ed !== undefined) cols.push(ed.eval(c));
      return mapScalars(c, cols, out, ([v, d]) => {
        const digits = d === undefined || d === null ? 0 : Number(d);
        if (typeof v === 'bigint') return roundInt(v, digits);
        return roundHalfAway(v as number, digits);
      });
    };
  },
  floor: (args, out) => {
    const [ea] = args as [CompiledExpr];
    return (c) => mapScalars(c, [ea.eval(c)], out, ([v]) => (typeof v === 'bigint' ? v : Math.floor(v as number)));
  },
  ceil: (args, out) => {
    const [ea] = args as [CompiledExpr];
    return (c) => mapScalars(c, [ea.eval(c)], out, ([v]) => (typeof v === 'bigint' ? v : Math.ceil(v as number) + 0));
  },
  sign: (args, out) => {
    const [ea] = args as [CompiledExpr];
    return (c) =>
      mapScalars(c, [ea.eval(c)], out, ([v]: Scalar[]) =>
        typeof v === 'bigint' ? (v > 0n ? 1n : v < 0n ? -1n : 0n) : Math.sign(v as number) + 0,
      );
  },
  pi: () => (c) => mapScalars(c, [], 'float64', () => Math.PI),
};
