import { describe, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { expectGolden } from '../support/golden.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../support/model.js';

describe('the seed example, rendered', () => {
  const report = evaluateYaml(seedText(), SEED_MANIFEST);

  it('as Markdown', () => expectGolden('seed.md', renderMarkdown(report)));
  it('as text', () => expectGolden('seed.txt', renderText(report)));
  it('as JSON', () => expectGolden('seed.json', renderJson(report)));
});
