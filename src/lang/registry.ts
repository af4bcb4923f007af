/**
 * The language plug-in interface: every query language (PRQL, Batuta, SQL,
 * GraphQL) is a `Language` that compiles query text against a read-only view
 * of the catalog into one logical IR plan (a `Rel`). This file holds the
 * interface and the registry the engine looks languages up in by name.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import type { Rel } from '../planner/ir/rel.js';
import type { Scalar } from '../types/data-type.js';
import type { ForeignKeyInfo } from '../types/foreign-key.js';
import type { Schema } from '../types/schema.js';

/** What a front end may know of the catalog: table schemas, keys and foreign keys, and a version that changes with any DDL. */
export interface CatalogView {
  table(name: string): { name: string; schema: Schema; primaryKey: readonly string[]; foreignKeys?: readonly ForeignKeyInfo[] } | undefined;
  tables(): readonly string[];
  /** Changes whenever a table is created, altered or dropped, or a foreign key added or dropped (plans compiled under another version are stale). */
  version: number;
}

export interface CompileOptions {
  /** Values of the query's parameters (`$1`, `$name` → keys '1', 'name'); their types shape the plan. */
  params?: Record<string, Scalar>;
}

export interface Language {
  name: string;
  /** The logical plan of `text`; throws PyralogError with spans and `sourceText` on bad input. */
  compile(text: string, catalog: CatalogView, options?: CompileOptions): Rel;
}

const languages = new Map<string, Language>();

/** Adds (or replaces) a language under its name. */
export function registerLanguage(lang: Language): void {
  languages.set(lang.name.toLowerCase(), lang);
}

/** The language called `name` (case-insensitive); UNKNOWN_LANGUAGE when none is registered. */
export function getLanguage(name: string): Language {
  const lang = languages.get(name.toLowerCase());
  if (lang === undefined) {
    const known = [...languages.keys()].sort();
    throw new PyralogError('UNKNOWN_LANGUAGE', `no query language named ${JSON.stringify(name)} is registered`, {
      phase: 'parse',
      hints: known.length > 0 ? [`registered languages: ${known.join(', ')}`] : [],
    });
  }
  return lang;
}

/** Names of the registered languages, sorted. */
export function languageNames(): readonly string[] {
  return [...languages.keys()].sort();
}
