// Renders a benchmark result ({ name, title, unit, rows: [{ subject, mix, value, ratio }] })
// as a Markdown table: one line per mix, one column per subject, each cell the value and its
// ratio to the anchor. Used both for console output and for bench/results/<date>.md.

function formatValue(value, unit) {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'bytes' || unit === 'MiB' || Math.abs(value) < 100) return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return Math.round(value).toLocaleString('en-US');
}

function formatRatio(ratio) {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '';
}

/** Distinct values of `key` over `rows`, in first-seen order. */
export function distinct(rows, key) {
  const seen = [];
  for (const row of rows) if (!seen.includes(row[key])) seen.push(row[key]);
  return seen;
}

/** Markdown table, mixes down and subjects across. */
export function markdownTable(result) {
  const subjects = distinct(result.rows, 'subject');
  const mixes = distinct(result.rows, 'mix');
  const lines = [];
  lines.push(`| ${result.mixLabel ?? 'mix'} | ${subjects.join(' | ')} |`);
  lines.push(`|---|${subjects.map(() => '---:').join('|')}|`);
  for (const mix of mixes) {
    const cells = subjects.map((subject) => {
      const row = result.rows.find((r) => r.mix === mix && r.subject === subject);
      if (!row) return '';
      const ratio = formatRatio(row.ratio);
      return ratio ? `${formatValue(row.value, result.unit)} (${ratio})` : formatValue(row.value, result.unit);
    });
    lines.push(`| ${mix} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The table with a heading line and the notes, ready to print. */
export function describeResult(result) {
  const parts = [`${result.title} (${result.unit}${result.anchor ? `; ratio vs ${result.anchor}` : ''})`, '', markdownTable(result)];
  if (result.notes?.length) parts.push('', ...result.notes.map((note) => `- ${note}`));
  return parts.join('\n');
}
