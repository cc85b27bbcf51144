/**
 * CPU counts (`cpus: 0.5`, `deploy.resources.limits.cpus: "1.5"`) in nanocores. Docker
 * multiplies a float by 10^9 and truncates; compose-go even passes `cpus` through a
 * float32, so `0.3` reaches the engine as 300,000,011 nanocores. We read the decimal as
 * written and truncate exactly: 0.3 is 300,000,000.
 */
import type { Parsed } from '../units/parse.js';
import { decimalOfNumber, parseDecimal, scaleTruncated } from './decimal.js';

const NANO = 1_000_000_000n;

export function parseDockerCpus(input: unknown): Parsed<number> {
  let d;
  if (typeof input === 'number') d = decimalOfNumber(input);
  else if (typeof input === 'string') d = parseDecimal(input);
  else return { ok: false, reason: 'a CPU count must be a number, such as 0.5' };
  if (!d) {
    return {
      ok: false,
      reason: `${typeof input === 'string' ? `"${input.slice(0, 40)}"` : String(input)} is not a number of CPUs; write it as 0.5 or "1.5"`,
    };
  }
  if (d.negative && d.digits !== 0n) return { ok: false, reason: 'a CPU count cannot be negative' };
  const nano = scaleTruncated(d, NANO);
  if (nano > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, reason: 'this CPU count is too large to count exactly' };
  }
  return { ok: true, value: Number(nano) };
}
