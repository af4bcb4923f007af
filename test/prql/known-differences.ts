/**
 * Corpus queries whose Pyralog result is known to differ from SQLite running
 * prqlc's SQL, each with the reason. The differential test checks that they
 * still differ (so a fix shows up and the entry is removed) and other tests
 * pin Pyralog's own answer. Keep this list short and honest.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  '058-int-division':
    "prql-js 0.12.1 emits `ROUND(ABS(l / r) - 0.5) * SIGN(l) * SIGN(r)` for `//` on SQLite, which gives -1 for 0 < l < r; Pyralog follows PRQL's documented truncating integer division (0)",
};
