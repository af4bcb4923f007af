/** Types of crash-plan.mjs (what batch b of the crash test writes). */
export declare const APPEND_BASE: bigint;
export interface PlannedRow {
  readonly k: bigint;
  readonly v: bigint;
  readonly s: string;
}
export declare function batchPlan(b: number): {
  readonly append: boolean;
  readonly rows: readonly PlannedRow[];
  readonly deletes: readonly bigint[];
  readonly flush: boolean;
  readonly compact: boolean;
};
