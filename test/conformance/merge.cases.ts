/** compose-go's override package: how a file laid over another merges into it. */
import { toPlain } from '../../src/compose/node.js';
import { mergeMaps } from '../../src/compose/merge.js';
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { applyResets } from '../../src/compose/reset.js';
import { enforceUnicity } from '../../src/compose/unicity.js';
import { InputError } from '../../src/shared/errors.js';
import { UPSTREAM, fromFile, same, type Case } from './harness.js';
import { MERGE_VECTORS } from './merge.vectors.js';

const files = new Map<string, ReturnType<typeof fromFile>>();
for (const [i, v] of MERGE_VECTORS.entries()) {
  const file = files.get(v.file) ?? fromFile(`${UPSTREAM.composeGo} ${v.file}`);
  files.set(v.file, file);
  const nth = MERGE_VECTORS.slice(0, i).filter((w) => w.test === v.test).length + 1;
  file.add(v.test, `vector ${nth}`, () => {
    try {
      const [base] = parseComposeFile(v.base, 'base.yml');
      const [over] = parseComposeFile(v.over, 'over.yml');
      const [want] = parseComposeFile(v.want, 'want.yml');
      const merged = mergeMaps(applyResets(base!.root, over!.resetPaths), over!.root, []);
      return same(toPlain(enforceUnicity(merged)), toPlain(want!.root));
    } catch (e) {
      if (e instanceof InputError) return `refused: ${e.problems[0]!.message}`;
      throw e;
    }
  });
}

export const mergeCases: Case[] = [...files.values()].flatMap((f) => f.cases);
