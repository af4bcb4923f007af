/**
 * Pyralog's public embedded API — the one entry file. Open a database, query
 * it in any registered language, write to tables and key-value namespaces.
 * Storage and planner internals stay behind this file; Arrow `Table` and
 * `RecordBatch` are exposed on purpose as result formats.
 */
export { open, Database } from './engine/database.js';
export type { DatabaseOptions, TableHandle, KvHandle } from './engine/database.js';
export type { Params } from './engine/params.js';
export type { PreparedQuery } from './engine/prepared-query.js';
export type { Explain, TraceEntry } from './engine/explain-query.js';
export type { CompilerStats } from './engine/query-compiler.js';
export type { QueryResult, ResultRow } from './engine/query-result.js';
export type { Statement, ColumnDef, ExecOutcome } from './engine/statement.js';
export type { ResultJson } from './engine/format/result-formats.js';
export { batchSchema, batchRows, rowsToJson } from './engine/result-rows.js';
export { openBatutaSession, type BatutaSession, type BatutaOutcome, type BatutaSessionOptions } from './engine/batuta-session.js';
export { PyralogError, renderCaret, isPyralogError, type SourceSpan, type Phase } from './errors/pyralog-error.js';
export { ERROR_CODES, isErrorCode, type ErrorCode } from './errors/error-codes.js';
export type { DataType, Scalar, Interval } from './types/data-type.js';
export type { Field, Schema } from './types/schema.js';
export type { ForeignKeyInfo, ForeignKeySpec, TableForeignKey } from './types/foreign-key.js';
export type { Row, TableInfo, TableDef, TableStats, Snapshot, WriteTxn, KvReader, KvWriter, TableWriter } from './storage/api.js';
export type { AlterChange } from './storage/index.js';
export { registerLanguage, getLanguage, languageNames, type Language, type CatalogView } from './lang/registry.js';
export { decodeScarab, encodeScarab, type ScarabParts, type ScarabOptions } from './storage/sequencer/scarab.js';
export type { Obelisk } from './storage/sequencer/obelisk.js';
export { configureColumnHeap, columnHeapStats, columnHeapMemory, type HeapStats } from './memory/wasm-heap.js';
export { configureParallelism, parallelSettings, closeWorkerPool } from './engine/parallel/worker-pool.js';
export type { Scarab } from './storage/sequencer/scarab.js';
export { prepareGraphql, graphqlSchema, runGraphql, type GraphqlRequest, type GraphqlLimits, type PreparedGraphql } from './engine/graphql-request.js';
export { introspectionDocument } from './lang/graphql/introspection-document.js';
