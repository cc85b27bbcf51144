/**
 * Memory sizes: docker/go-units' RAMInBytes and compose-go's UnitBytes, which tries a whole
 * number first and RAMInBytes after.
 */
import { parseDockerBytes } from '../../src/compose/bytes.js';
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const units = fromFile(`${UPSTREAM.goUnits} size_test.go`);
const bytes = fromFile(`${UPSTREAM.composeGo} types/bytes_test.go`);

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;

const BEYOND_EXACT =
  'Sizes beyond 2^53 - 1 bytes (8 PiB) are refused: headroom adds figures with exact integers, and no host holds 32 PiB.';

for (const [input, expected] of [
  ['32', 32],
  ['32b', 32],
  ['32B', 32],
  ['32k', 32 * KiB],
  ['32K', 32 * KiB],
  ['32kb', 32 * KiB],
  ['32Kb', 32 * KiB],
  ['32Kib', 32 * KiB],
  ['32KIB', 32 * KiB],
  ['32Mb', 32 * MiB],
  ['32Gb', 32 * GiB],
  ['32Tb', 32 * TiB],
  ['32Pb', 32 * PiB],
  ['32PB', 32 * PiB],
  ['32P', 32 * PiB],
  ['32.3', 32],
  ['32.3 mb', Math.trunc(32.3 * MiB)],
  ['0.3MB', Math.trunc(0.3 * MiB)],
] as const) {
  units.add(
    'TestRAMInBytes',
    input,
    () => {
      const r = parseDockerBytes(input);
      return r.ok ? same(r.value, expected) : `refused: ${r.reason}`;
    },
    expected > Number.MAX_SAFE_INTEGER ? BEYOND_EXACT : undefined,
  );
}
for (const input of ['', 'hello', '-32', ' 32 ', '32m b', '32bm']) {
  units.add('TestRAMInBytes', `${JSON.stringify(input)} is refused`, () =>
    parseDockerBytes(input).ok ? 'accepted' : undefined,
  );
}

/** A value as a YAML document holds it: a number, or text. */
function fromYaml(text: string): unknown {
  const [doc] = parseComposeFile(`v: ${text}\n`, 'compose.yml');
  const v = doc!.root.entries.get('v')!;
  return v.kind === 'scalar' ? v.value : undefined;
}

for (const [name, text, expected] of [
  ['plain integer', '655360', 655360],
  ['quoted string integer', '"655360"', 655360],
  ['negative integer', '-1', -1],
  ['human readable 1g', '"1g"', 1073741824],
  ['human readable 512m', '"512m"', 536870912],
] as const) {
  bytes.add(
    'TestUnitBytesUnmarshalYAML',
    name,
    () => {
      const r = parseDockerBytes(fromYaml(text));
      return r.ok ? same(r.value, expected) : `refused: ${r.reason}`;
    },
    expected < 0
      ? 'A negative size is refused: compose-go reads -1, but Docker refuses any memory figure under 6 MiB, so the container would not start.'
      : undefined,
  );
}
bytes.add('TestUnitBytesUnmarshalYAML_Invalid', '"invalid"', () =>
  parseDockerBytes(fromYaml('"invalid"')).ok ? 'accepted' : undefined,
);

export const sizeCases = [...units.cases, ...bytes.cases];
