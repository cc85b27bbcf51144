// Renders the README's picture of the pull request comment, docs/comment.png, from the
// comment headroom writes for the bundled example (test/golden/action-comment.md, which
// the tests keep equal to the real output): Markdown to HTML with micromark and its GFM
// extension, GitHub's Markdown style (github-markdown-css), and a screenshot by headless
// Chromium. Not run in CI (it needs Chromium and an emoji font: Debian's `chromium` and
// `fonts-noto-color-emoji`); run it after a change to the comment and commit the picture.
//   node scripts/render-comment-picture.mjs [chromium binary]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const chromium = process.argv[2] ?? 'chromium';
const WIDTH = 1000;
const SCALE = 1.5;

const markdown = readFileSync(join(root, 'test/golden/action-comment.md'), 'utf8');
// GitHub renders the comment's own HTML (<details>, <sub>) and drops the marker comment.
const body = micromark(markdown, {
  allowDangerousHtml: true,
  extensions: [gfm()],
  htmlExtensions: [gfmHtml()],
});
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');

const page = (script) => `<!doctype html>
<html><head><meta charset="utf-8"><title>comment</title>
<style>
${css}
body { margin: 0; background: #ffffff; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
.comment { margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
.comment-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0; color: #59636e; font-size: 14px; }
.comment-header strong { color: #1f2328; }
.comment-header .bot { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 6px; font-size: 12px; margin-left: 4px; }
.markdown-body { padding: 16px; font-size: 14px; }
.markdown-body table { font-size: 13px; }
</style></head>
<body><div class="comment" id="comment">
<div class="comment-header"><strong>github-actions</strong><span class="bot">bot</span> commented</div>
<div class="markdown-body">${body}</div>
</div>${script}</body></html>`;

const work = mkdtempSync(join(tmpdir(), 'headroom-picture-'));
try {
  const chrome = (args) =>
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--user-data-dir=${join(work, 'profile')}`,
        ...args,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 },
    );
  // First pass: how tall the comment is at this width, read back through the title.
  const measure = join(work, 'measure.html');
  writeFileSync(
    measure,
    page(
      '<script>document.title = String(Math.ceil(document.getElementById("comment").getBoundingClientRect().bottom + 16));</script>',
    ),
  );
  const dom = chrome([`--window-size=${WIDTH},2000`, '--dump-dom', pathToFileURL(measure).href]);
  const height = Number(/<title>(\d+)<\/title>/.exec(dom)?.[1]);
  if (!Number.isInteger(height) || height <= 0) throw new Error('could not measure the comment');

  const file = join(work, 'comment.html');
  writeFileSync(file, page(''));
  const out = join(root, 'docs', 'comment.png');
  chrome([
    `--window-size=${WIDTH},${height}`,
    `--force-device-scale-factor=${SCALE}`,
    `--screenshot=${out}`,
    pathToFileURL(file).href,
  ]);
  console.log(`${out}: ${WIDTH}x${height} at ${SCALE}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
