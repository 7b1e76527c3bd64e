// The one table of explained disagreements between Windhover's parser and llhttp as node:http
// runs it. Each entry names a class key from compare.mjs, the RFC rule that makes our side
// correct, and, where one key could hide several causes, a `match` check that the example
// really is the explained cause. run.mjs prints the table (--classes-md, for the README) and
// the fixed-seed test fails on any disagreement not listed here.

/** @type {{ key: string, rfc: string, why: string, match?: (bytes: Buffer, ours: object, theirs: object) => boolean }[]} */
export const KNOWN_CLASSES = [];

/** The entry explaining `key` for this input, or null. */
export function knownClass(key, bytes, ours, theirs) {
  for (const entry of KNOWN_CLASSES) {
    if (entry.key !== key) continue;
    if (!entry.match || entry.match(bytes, ours, theirs)) return entry;
  }
  return null;
}

/** The table as Markdown, for README "## Differential fuzzing". */
export function knownClassesMarkdown() {
  const rows = KNOWN_CLASSES.map((entry) => `| \`${entry.key}\` | ${entry.rfc} | ${entry.why} |`);
  return ['| class | rule | why the difference is correct |', '|---|---|---|', ...rows].join('\n');
}
