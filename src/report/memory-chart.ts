/**
 * How a host's memory divides among services, what is set aside, and the headroom left:
 * one bar per row, scaled to the host's capacity, in plain text so it reads the same in a
 * terminal and in a code block of a pull-request comment.
 */
import { formatPct } from '../units/format.js';
import type { UnitFamily } from '../units/parse.js';
import { visible } from './escape.js';
import { amount } from './figures.js';
import { firstBy } from './rank.js';
import type { HostReport, ScenarioReport, ServiceReport } from '../model/results.js';
import { greatest } from '../shared/lists.js';

const WIDTH = 30;
const MAX_ROWS = 12;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function bar(value: number, capacity: number): string {
  const cells = Math.max(0, Math.min(WIDTH, (value / capacity) * WIDTH));
  const whole = Math.floor(cells);
  return '█'.repeat(whole) + EIGHTHS[Math.round((cells - whole) * 7)]!;
}

interface Row {
  label: string;
  value: number;
  note: string;
}

/** The largest services of a list as chart rows, and the rest as one row. */
function rank(services: readonly ServiceReport[], active: ReadonlySet<string> | null): Row[] {
  const counted = services.filter(
    (s) => !s.oneshot && s.memory && s.memory.worst > 0 && (!active || active.has(s.name)),
  );
  // Code-point order for ties: the same in every locale, and no locale data to load.
  const largest = firstBy(
    counted,
    MAX_ROWS,
    (a, b) => b.memory!.worst - a.memory!.worst || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const rows: Row[] = largest.map((s) => ({
    label: visible(s.name),
    value: s.memory!.worst,
    note: s.sources.memory?.kind === 'defaults' ? 'default' : '',
  }));
  if (counted.length > largest.length) {
    const shown = new Set(largest);
    let value = 0;
    let defaults = false;
    for (const s of counted) {
      if (shown.has(s)) continue;
      value += s.memory!.worst;
      defaults ||= s.sources.memory?.kind === 'defaults';
    }
    rows.push({
      label: `${counted.length - largest.length} more`,
      value,
      note: defaults ? 'some defaults' : '',
    });
  }
  return rows;
}

/** Rankings of the service lists seen so far (lists are shared, never changed). */
const RANKED = new WeakMap<readonly ServiceReport[], readonly Row[]>();

/**
 * Rows for the worst case at the memory's peak (the phase where it is tightest, whose
 * services `scenario` lists); empty when the host does not declare its memory.
 */
export function memoryChart(
  host: HostReport,
  units: UnitFamily,
  scenario: ScenarioReport,
): string[] {
  const r = host.resources.memory;
  if (r.capacity === null || r.capacity === 0 || !r.headroom) return [];
  const peak = scenario.phases.find((p) => p.name === r.peakPhase);
  const active = peak ? new Set(peak.services) : null;
  // Scenarios of the same services share their lists: each list is ranked once.
  let ranked = active ? undefined : RANKED.get(host.services);
  if (!ranked) {
    ranked = rank(host.services, active);
    if (!active) RANKED.set(host.services, ranked);
  }
  const rows = ranked.slice();
  if (r.used > 0) rows.unshift({ label: '(used)', value: r.used, note: '' });
  if (r.reserve > 0) rows.unshift({ label: '(reserve)', value: r.reserve, note: '' });
  const labelWidth = Math.min(24, greatest([10, ...rows.map((x) => [...x.label].length)], 10));
  const cut = (s: string) =>
    [...s].length > labelWidth ? `${[...s].slice(0, labelWidth - 1).join('')}…` : s;
  // The headroom row takes its share from the report, so it reads the same as the table.
  const line = (label: string, value: number, barText: string, pct = (value / r.capacity!) * 100) =>
    `${cut(label).padEnd(labelWidth)}  ${barText.padEnd(WIDTH + 1)}  ${amount('memory', value, units).padStart(9)}  ${formatPct(pct).padStart(6)}`;
  const when = peak ? ` at ${visible(peak.name)}` : '';
  const out = [
    `memory on ${visible(host.host)}, worst case${when}, of ${amount('memory', r.capacity, units)}`,
  ];
  // A default is a stand-in, not an estimate: the row says so.
  for (const row of rows)
    out.push(
      line(row.label, row.value, bar(row.value, r.capacity)) + (row.note ? `  ${row.note}` : ''),
    );
  const left = r.headroom.worst;
  out.push(
    left >= 0
      ? line(
          '(headroom)',
          left,
          '░'.repeat(Math.round((left / r.capacity) * WIDTH)),
          r.headroomPct?.worst,
        )
      : `${'(over by)'.padEnd(labelWidth)}  ${'!'.repeat(Math.min(WIDTH, Math.max(1, Math.round((-left / r.capacity) * WIDTH)))).padEnd(WIDTH + 1)}  ${amount('memory', -left, units).padStart(9)}  ${formatPct((-left / r.capacity) * 100).padStart(6)}`,
  );
  return out;
}
