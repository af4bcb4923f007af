/**
 * Kernels of the date/time functions: year month day hour minute second
 * day_of_week date_trunc strftime add_interval sub_interval date_diff, over
 * dates (days) and timestamps (int64 ns), UTC.
 */
import type { DataType, Interval, Scalar } from '../../../types/data-type.js';
import type { Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { mapScalars, type CompiledExpr } from './kernel-util.js';
import { addInterval, dateDiff, fieldsOf, splitTimestamp, strftime, toNanos, truncNanos, type Fields } from './datetime-util.js';

type Kernel = (c: Chunk) => Column;

function field(pick: (f: Fields) => number) {
  return (args: readonly CompiledExpr[]): Kernel => {
    const [ea] = args as [CompiledExpr];
    return (c) => mapScalars(c, [ea.eval(c)], 'int64', ([v]) => BigInt(pick(fieldsOf(v as Scalar))));
  };
}

export const DATETIME_FUNCTIONS: Readonly<Record<string, (args: readonly CompiledExpr[], out: DataType) => Kernel>> = {
  year: field((f) => f.year),
  month: field((f) => f.month),
  day: field((f) => f.day),
  hour: field((f) => f.hour),
  minute: field((f) => f.minute),
  second: field((f) => f.second),
  day_of_week: field((f) => f.dayOfWeek),
  date_trunc: (args, out) => {
    const [eu, ev] = args as [CompiledExpr, CompiledExpr];
    return (c) =>
      mapScalars(c, [eu.eval(c), ev.eval(c)], out, ([u, v]) => {
        const t = truncNanos(toNanos(v as Scalar), u as string);
        return out === 'date' ? splitTimestamp(t).days : t;
      });
  },
  strftime: (args) => {
    const [ef, ev] = args as [CompiledExpr, CompiledExpr];
    return (c) => mapScalars(c, [ef.eval(c), ev.eval(c)], 'utf8', ([f, v]) => strftime(f as string, v as Scalar));
  },
  add_interval: (args, out) => {
    const [ev, ei] = args as [CompiledExpr, CompiledExpr];
    return (c) => mapScalars(c, [ev.eval(c), ei.eval(c)], out, ([v, i]) => addInterval(v as Scalar, i as Interval, 1, out));
  },
  sub_interval: (args, out) => {
    const [ev, ei] = args as [CompiledExpr, CompiledExpr];
    return (c) => mapScalars(c, [ev.eval(c), ei.eval(c)], out, ([v, i]) => addInterval(v as Scalar, i as Interval, -1, out));
  },
  date_diff: (args) => {
    const [eu, ea, eb] = args as [CompiledExpr, CompiledExpr, CompiledExpr];
    return (c) => mapScalars(c, [eu.eval(c), ea.eval(c), eb.eval(c)], 'int64', ([u, a, b]) => dateDiff(u as string, a as Scalar, b as Scalar));
  },
};
