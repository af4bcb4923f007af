/**
 * The entry of the WebAssembly kernel module (AssemblyScript): everything it
 * exports. Built by scripts/build-kernels.mjs into kernels/wasm/kernels.wasm,
 * a module that imports the column heap's shared memory as `env.memory` and
 * has no data of its own (no static data, no runtime, no allocation).
 */
export { select_f64, select_i64, select_i32 } from './compare';
export { compare_f64, compare_i64 } from './compare-columns';
export { sel_and, sel_or, gather_64, gather_32 } from './selection';
export { sum_f64, count_valid, sum_i64, minmax_f64, minmax_i64 } from './aggregate';
export { hash_i64 } from './hash';
export { utf8_select } from './utf8';
export { topk_skip_f64 } from './top-k';
export { group_agg } from './group-agg';
