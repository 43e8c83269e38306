// Screenshots of a built site in headless Chromium, light and dark, at a
// desktop and a phone width: for looking at the theme, not for tests.
//
//   node scripts/screenshot.cjs SITE_DIR OUT_DIR /path/ [/other/path/ ...]
//
// Needs playwright-core from ../shared/tools/install_checkers.sh (found under
// $SITE_CHECK_CACHE, default ~/.cache/site-check) and /usr/bin/chromium.
const path = require('path');
const { spawn } = require('child_process');
const cache = process.env.SITE_CHECK_CACHE || path.join(require('os').homedir(), '.cache/site-check');
const { chromium } = require(path.join(cache, 'node/node_modules/playwright-core'));

const [site, out, ...paths] = process.argv.slice(2);
if (!site || !out || paths.length === 0) {
  console.error('usage: node scripts/screenshot.cjs SITE_DIR OUT_DIR /path/ ...');
  process.exit(2);
}

(async () => {
  const port = 8700 + Math.floor(Math.random() * 200);
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site], { stdio: 'ignore' });
  await new Promise(r => setTimeout(r, 700));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const scheme of ['light', 'dark']) {
      for (const [label, width] of [['desktop', 1280], ['mobile', 390]]) {
        const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
        for (const p of paths) {
          await page.goto(`http://127.0.0.1:${port}${p}`);
          const name = (p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'index') + `-${label}-${scheme}.png`;
          await page.screenshot({ path: path.join(out, name), fullPage: true });
          console.log(path.join(out, name));
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
})().catch(e => { console.error(e); process.exit(1); });
