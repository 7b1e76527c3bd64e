// Renders one benchmark result as a standalone SVG bar chart: a group of horizontal bars per
// mix, one colour per subject, with a legend. When the rows carry ratios the bars show the
// ratio to the anchor on one shared axis (with a line at 1.0, and at the result's `target`
// if it names one); otherwise each group is scaled to its own largest value. Every bar is
// labelled with its value, so the picture never needs the table to be read.
import { distinct } from './table.mjs';

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const WIDTH = 960;
const LEFT = 190;
const RIGHT = 40;
const BAR = 16;
const BAR_GAP = 3;
const GROUP_GAP = 16;
const TOP = 70;

function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
}

function compact(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Legend entries flowed left to right, wrapping at the chart width (text width estimated). */
function legendLayout(subjects) {
  const items = [];
  let x = LEFT;
  let row = 0;
  for (const subject of subjects) {
    const width = 18 + subject.length * 6.8 + 18;
    if (x + width > WIDTH - RIGHT && x > LEFT) {
      x = LEFT;
      row++;
    }
    items.push({ x, row });
    x += width;
  }
  return { items, rows: row + 1 };
}

/** Returns the SVG document as a string. */
export function barChartSvg(result) {
  const subjects = distinct(result.rows, 'subject');
  const mixes = distinct(result.rows, 'mix');
  const useRatio = result.rows.every((row) => Number.isFinite(row.ratio));
  const plotWidth = WIDTH - LEFT - RIGHT - 150;
  const groupHeight = subjects.length * (BAR + BAR_GAP) - BAR_GAP;
  const legend = legendLayout(subjects);
  const plotTop = TOP + legend.rows * 20;
  const height = plotTop + mixes.length * (groupHeight + GROUP_GAP) + 56;
  const maxRatio = useRatio ? Math.max(1, result.target ?? 0, ...result.rows.map((row) => row.ratio)) : 0;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${escapeXml(result.title)}</text>`);
  const subtitle = useRatio
    ? `bar = ratio to ${result.anchor ?? 'the anchor'} (higher is better); label = ratio and ${result.unit}`
    : `bar = ${result.unit}, scaled per group; label = ${result.unit}`;
  out.push(`<text x="${LEFT}" y="42" fill="#555">${escapeXml(subtitle)}${result.date ? ` · ${escapeXml(result.date)}` : ''}</text>`);
  subjects.forEach((subject, i) => {
    const { x, row } = legend.items[i];
    const y = TOP - 8 + row * 20;
    out.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(`<text x="${x + 18}" y="${y}">${escapeXml(subject)}</text>`);
  });
  if (useRatio) {
    // Reference lines go first so bars and labels paint over them.
    const bottom = plotTop + mixes.length * (groupHeight + GROUP_GAP) - GROUP_GAP + 6;
    const line = (ratio, colour, text, labelY) => {
      const x = LEFT + (ratio / maxRatio) * plotWidth;
      out.push(`<line x1="${x.toFixed(1)}" y1="${plotTop - 6}" x2="${x.toFixed(1)}" y2="${bottom}" stroke="${colour}" stroke-dasharray="4 3"/>`);
      out.push(`<text x="${x.toFixed(1)}" y="${labelY}" text-anchor="middle" fill="${colour}">${escapeXml(text)}</text>`);
    };
    line(1, '#333', `1.0x = ${result.anchor ?? 'anchor'}`, bottom + 16);
    if (result.target) line(result.target, '#c0392b', `target ${result.target}x`, bottom + 32);
  }
  const scaleX = (value, groupMax) => (useRatio ? (value / maxRatio) : (value / groupMax)) * plotWidth;
  mixes.forEach((mix, g) => {
    const y0 = plotTop + g * (groupHeight + GROUP_GAP);
    const groupRows = result.rows.filter((row) => row.mix === mix);
    const groupMax = Math.max(...groupRows.map((row) => row.value));
    out.push(`<text x="${LEFT - 10}" y="${y0 + groupHeight / 2 + 4}" text-anchor="end" font-weight="bold">${escapeXml(mix)}</text>`);
    subjects.forEach((subject, i) => {
      const row = groupRows.find((r) => r.subject === subject);
      if (!row) return;
      const y = y0 + i * (BAR + BAR_GAP);
      const w = Math.max(1, scaleX(useRatio ? row.ratio : row.value, groupMax));
      out.push(`<rect x="${LEFT}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${PALETTE[i % PALETTE.length]}"/>`);
      const label = useRatio ? `${row.ratio.toFixed(2)}x · ${compact(row.value)}` : compact(row.value);
      out.push(`<text x="${(LEFT + w + 6).toFixed(1)}" y="${y + BAR - 4}" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(label)}</text>`);
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
