/**
 * A scenario's port clashes as findings: each state's clashes found once per placement (they
 * depend on where services run, not on the tier or the hosts' sizes), each clash reported
 * once however many phases it spans, and past a limit counted rather than listed. The ports
 * host snapshots say are taken count too, but for those of what the scenario places: a
 * service matched to a running unit or container is that unit or container, so its ports are
 * its own wherever the scenario runs it, as its memory is.
 */
import { formatCount } from '../units/format.js';
import type { EvaluationCache } from './evaluation-cache.js';
import { finding } from './finding.js';
import { OneHostPlacement } from './one-host.js';
import { slotsOfRow, type PlacedRows } from './placed.js';
import type { PhaseState } from './phases.js';
import {
  portConflicts,
  type HeldPort,
  type PortConflicts,
  type PortUser,
} from './port-conflicts.js';
import type { Finding } from '../shared/terms.js';
import { isSteady, type ScenarioSpec } from './types.js';

/**
 * More port clashes than this in one scenario are counted, not each spelled out: two
 * services publishing `1-65535` are one clash, but ten thousand services on one port are
 * fifty million pairs.
 */
export const MAX_PORT_CONFLICTS = 100;

const NO_CONFLICTS: PortConflicts = { listed: [], total: 0 };

/** One list per host index, so a row's hosts allocate nothing. */
const ONLY_HOST: Array<readonly number[]> = [];

function onlyHost(host: number): readonly number[] {
  return (ONLY_HOST[host] ??= Object.freeze([host]));
}

/** The port clashes of one state, found once and kept. */
export function conflictsOf(
  state: PhaseState,
  rows: PlacedRows,
  cache: EvaluationCache,
  placement: ScenarioSpec['placement'],
): PortConflicts {
  const known = cache.conflicts.get(state);
  if (known) return known;
  const held = heldPorts(rows, cache, placement);
  // Services that clash on no host clash on none, their ports alone deciding; not so on a
  // host where something already listens.
  const list =
    state.all && placement instanceof OneHostPlacement && held.length === 0
      ? placement.names
      : null;
  if (list && cache.clean.has(list)) return NO_CONFLICTS;
  const users: PortUser[] = [];
  for (let i = 0; i < rows.names.length; i++) {
    const name = rows.names[i]!;
    const s = cache.serviceList[rows.service[i]!]!;
    // A one-shot container has exited, and freed its ports, before the steady state.
    if (s.ports.length === 0 || !isSteady(s) || (!state.all && !state.active.has(name))) continue;
    const k = rows.slot[i]!;
    const hosts =
      k >= 0
        ? onlyHost(rows.usedHosts[k]!)
        : slotsOfRow(rows, i).map((slot) => rows.usedHosts[slot]!);
    users.push({ name, hosts, replicas: s.replicas, ports: s.ports });
  }
  const found = portConflicts(users, cache.hostNames, MAX_PORT_CONFLICTS, held);
  cache.conflicts.set(state, found);
  if (list && found.total === 0) cache.clean.add(list);
  return found;
}

/**
 * The ports taken on the hosts a placement uses, by what their snapshots list and the
 * placement does not run.
 */
function heldPorts(
  rows: PlacedRows,
  cache: EvaluationCache,
  placement: ScenarioSpec['placement'],
): HeldPort[] {
  const held: HeldPort[] = [];
  for (const h of rows.usedHosts) {
    const snapshot = cache.hostList[h]!.snapshot;
    for (const port of snapshot?.listening ?? []) {
      if (port.service !== undefined && placement.has(port.service)) continue;
      held.push({ host: h, port, file: snapshot!.file });
    }
  }
  return held;
}

/** How a finding names a state, in a scenario with phases. */
function stateWords(state: PhaseState): string {
  return state.name === 'initial' ? 'the start' : state.name;
}

/** The clashes of every state, each pair once, and a count of those past the limit. */
export function portConflictFindings(
  perState: ReadonlyArray<{ state: PhaseState; conflicts: PortConflicts }>,
  scenario: ScenarioSpec,
): Finding[] {
  const findings: Finding[] = [];
  const multi = perState.length > 1;
  const seen = new Set<string>();
  let omitted: { total: number; state: PhaseState } | null = null;
  for (const ps of perState) {
    const phase = multi ? ` (from ${stateWords(ps.state)})` : '';
    let listedHere = 0;
    for (const c of ps.conflicts.listed) {
      if (seen.has(c.key)) {
        listedHere++;
        continue;
      }
      if (seen.size >= MAX_PORT_CONFLICTS) continue;
      seen.add(c.key);
      listedHere++;
      findings.push(finding('fail', c.code, c.message + phase, c.at));
    }
    if (ps.conflicts.total > listedHere && (!omitted || ps.conflicts.total > omitted.total)) {
      omitted = { total: ps.conflicts.total, state: ps.state };
    }
  }
  if (omitted) {
    const at = multi ? ` at ${stateWords(omitted.state)}` : '';
    findings.push(
      finding(
        'fail',
        'port-conflict',
        `there are ${formatCount(omitted.total)} port clashes in all in scenario "${scenario.name}"${at}; only the first ${seen.size} are listed`,
        scenario.source,
      ),
    );
  }
  return findings;
}
