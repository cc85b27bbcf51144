/** `policy:`: the warning threshold, the judged case, units and how old a snapshot may be. */
import { DEFAULT_POLICY, type Policy } from '../model/types.js';
import { clip, parsePercent, type Parsed, type UnitFamily } from '../units/parse.js';
import type { Raw, Reader } from './reader.js';

export function readPolicy(r: Reader, p: Raw): { policy: Policy; unitsExplicit: boolean } {
  const policy: Policy = { ...DEFAULT_POLICY };
  if (typeof p.warn_below === 'string') {
    const ppm = r.take(['policy', 'warn_below'], parsePercent(p.warn_below));
    if (ppm !== undefined) policy.warnBelowPpm = ppm;
  }
  if (p.judge === 'best' || p.judge === 'worst') policy.judge = p.judge;
  if (p.unestimated === 'info' || p.unestimated === 'warn' || p.unestimated === 'fail')
    policy.unestimated = p.unestimated;
  if (typeof p.snapshot_max_age === 'string') {
    const seconds = r.take(['policy', 'snapshot_max_age'], parseAge(p.snapshot_max_age));
    if (seconds !== undefined) policy.snapshotMaxAgeSeconds = seconds;
  }
  const unitsExplicit = p.units === 'decimal' || p.units === 'binary';
  if (unitsExplicit) policy.units = p.units as UnitFamily;
  return { policy, unitsExplicit };
}

const AGE_UNITS: Record<string, number> = { h: 3600, d: 86_400, w: 7 * 86_400 };

/** `30d`, `12h`, `2w` to seconds. */
function parseAge(text: string): Parsed<number> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$/.exec(text);
  if (!m) return { ok: false, reason: `"${clip(text)}" is not an age such as 30d, 12h or 2w` };
  const seconds = Math.round(Number(m[1]) * AGE_UNITS[m[2]!]!);
  if (seconds <= 0) return { ok: false, reason: 'an age must be more than zero' };
  return { ok: true, value: seconds };
}
