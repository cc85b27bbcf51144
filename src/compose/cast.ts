/**
 * After interpolation compose-go turns text at certain paths into the type the schema
 * expects (`scale: ${N}` becomes a number, `privileged: ${P}` a boolean). The table is
 * compose-go's `interpolateTypeCastMapping`; it applies to any text at those paths,
 * whether or not it held a variable.
 */
import { matches, type Path, type Scalar } from './node.js';

export type Cast = (text: string) => { ok: true; value: Scalar } | { ok: false; reason: string };

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/**
 * What Go's ParseFloat reads as infinity or not-a-number (any case). compose-go would cast
 * them, then could not pass them on; they are refused here, quoted as the user wrote them
 * (`inf`, not YAML's `.inf`, which they did not write).
 */
const SPECIAL_FLOAT_RE = /^(?:[+-]?inf(?:inity)?|nan)$/i;

const toInt: Cast = (text) => {
  if (!INT_RE.test(text)) return { ok: false, reason: `"${text}" is not a whole number` };
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    return { ok: false, reason: `"${text}" is too large to count exactly` };
  return { ok: true, value: n };
};

const toFloat: Cast = (text) => {
  if (FLOAT_RE.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n)) return { ok: true, value: n };
    return { ok: false, reason: `"${text}" is too large for a number` };
  }
  if (SPECIAL_FLOAT_RE.test(text)) {
    return {
      ok: false,
      reason: /nan/i.test(text)
        ? `"${text}" is not a number; write a number`
        : `"${text}" is an infinite number; write a finite number`,
    };
  }
  return { ok: false, reason: `"${text}" is not a number` };
};

const toBoolean: Cast = (text) => {
  const t = text.toLowerCase();
  // compose-go still reads YAML 1.1's spellings here, with a warning of its own.
  if (t === 'true' || t === 'y' || t === 'yes' || t === 'on') return { ok: true, value: true };
  if (t === 'false' || t === 'n' || t === 'no' || t === 'off') return { ok: true, value: false };
  return { ok: false, reason: `"${text}" is not true or false` };
};

const service = (...rest: string[]): string[] => ['services', '*', ...rest];

const CASTS: ReadonlyArray<[readonly string[], Cast]> = [
  [service('configs', '[]', 'mode'), toInt],
  [service('cpu_count'), toInt],
  [service('cpu_percent'), toFloat],
  [service('cpu_period'), toInt],
  [service('cpu_quota'), toInt],
  [service('cpu_rt_period'), toInt],
  [service('cpu_rt_runtime'), toInt],
  // compose-go parses this as a float32; the figure itself is read exactly later on.
  [service('cpus'), toFloat],
  [service('cpu_shares'), toInt],
  [service('init'), toBoolean],
  [service('deploy', 'replicas'), toInt],
  [service('deploy', 'update_config', 'parallelism'), toInt],
  [service('deploy', 'update_config', 'max_failure_ratio'), toFloat],
  [service('deploy', 'rollback_config', 'parallelism'), toInt],
  [service('deploy', 'rollback_config', 'max_failure_ratio'), toFloat],
  [service('deploy', 'restart_policy', 'max_attempts'), toInt],
  [service('deploy', 'placement', 'max_replicas_per_node'), toInt],
  [service('healthcheck', 'retries'), toInt],
  [service('healthcheck', 'disable'), toBoolean],
  [service('oom_kill_disable'), toBoolean],
  [service('oom_score_adj'), toInt],
  [service('pids_limit'), toInt],
  [service('ports', '[]', 'target'), toInt],
  [service('privileged'), toBoolean],
  [service('read_only'), toBoolean],
  [service('scale'), toInt],
  [service('secrets', '[]', 'mode'), toInt],
  [service('stdin_open'), toBoolean],
  [service('tty'), toBoolean],
  [service('ulimits', '*'), toInt],
  [service('ulimits', '*', 'hard'), toInt],
  [service('ulimits', '*', 'soft'), toInt],
  [service('volumes', '[]', 'read_only'), toBoolean],
  [service('volumes', '[]', 'volume', 'nocopy'), toBoolean],
  [['networks', '*', 'external'], toBoolean],
  [['networks', '*', 'internal'], toBoolean],
  [['networks', '*', 'attachable'], toBoolean],
  [['networks', '*', 'enable_ipv6'], toBoolean],
  [['volumes', '*', 'external'], toBoolean],
  [['secrets', '*', 'external'], toBoolean],
  [['configs', '*', 'external'], toBoolean],
];

export function castFor(path: Path): Cast | undefined {
  return CASTS.find(([pattern]) => matches(path, pattern))?.[1];
}
