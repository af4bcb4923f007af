/** The Batuta grammar's public entry: the reader and the form data types. */
export { readBatuta, readBatutaAll, type ReadResult, type ReadProblem } from './read-batuta.js';
export * from './forms.js';
