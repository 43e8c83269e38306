// Drives the search page of a built site in headless Chromium: types each
// query, waits for the expected result, follows it with the keyboard, and
// counts the bytes the page fetched. Also compares the page's tokenizer with
// the Rust one on the texts given.
//
//   node tests/browser/search.cjs SPEC.json
//
// SPEC: { "site": DIR,
//         "cases": [ { "query": "...", "expect": "root-relative/url/" | null } ],
//         "tokens": [ { "text": "...", "pieces": ["...", "~gram"] } ] }
//
// Prints one JSON line per case ({query, initial_bytes, query_bytes,
// requests, results, first}) and exits 0 when every check passed, 1 when
// one failed, 77 when Chromium or playwright-core is missing (skip).
// Requests that leave 127.0.0.1 are blocked and fail the run: no network.
// Every wait is bounded: a run that outlives WATCHDOG_MS says which step it
// was on and exits 1, so a hung browser fails CI instead of stalling it.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const SKIP = 77;
const cache = process.env.SITE_CHECK_CACHE || path.join(os.homedir(), '.cache/site-check');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const WATCHDOG_MS = 240000;
const QUIET_LIMIT_MS = 15000;

let step = 'starting';
setTimeout(() => {
  console.error(`FAIL: still running after ${WATCHDOG_MS / 1000} s, at: ${step}`);
  process.exit(1);
}, WATCHDOG_MS).unref();

function load_playwright() {
  try {
    return require(path.join(cache, 'node/node_modules/playwright-core'));
  } catch {
    return null;
  }
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml' };

// A static file server that counts the bytes it sends.
function serve(root) {
  const counter = { bytes: 0, requests: [], inFlight: 0 };
  const server = http.createServer((req, res) => {
    counter.inFlight++;
    // 'close' fires whether the response was sent or the browser dropped the
    // connection first ('finish' does not fire then, and the count would
    // never return to zero).
    res.on('close', () => counter.inFlight--);
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404);
        res.end();
        counter.requests.push(`404 ${rel}`);
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
      counter.bytes += body.length;
      counter.requests.push(`${body.length} ${rel}`);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, counter, port: server.address().port })));
}

// Settled: nothing in flight for 300 ms. Throws after QUIET_LIMIT_MS.
async function quiet(counter) {
  let calm = 0;
  const give_up = Date.now() + QUIET_LIMIT_MS;
  while (calm < 6) {
    if (Date.now() > give_up) throw new Error(`${step}: ${counter.inFlight} requests still open after ${QUIET_LIMIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
    calm = counter.inFlight === 0 ? calm + 1 : 0;
  }
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const playwright = load_playwright();
  if (!playwright || !fs.existsSync(chromiumPath)) {
    console.log(`SKIP: needs ${chromiumPath} and playwright-core under ${cache}/node (run ../shared/tools/install_checkers.sh)`);
    process.exit(SKIP);
  }
  step = 'starting the file server and Chromium';
  const { server, counter, port } = await serve(spec.site);
  const origin = `http://127.0.0.1:${port}`;
  const browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const failures = [];
  try {
    for (const c of spec.cases) {
      step = `query ${JSON.stringify(c.query)}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      const blocked = [];
      await page.route('**/*', (route) =>
        route.request().url().startsWith(origin) ? route.continue() : (blocked.push(route.request().url()), route.abort()),
      );
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      counter.bytes = 0;
      counter.requests = [];
      await page.goto(`${origin}/search/`);
      await quiet(counter);
      const initial = { bytes: counter.bytes, requests: counter.requests.slice() };
      counter.bytes = 0;
      counter.requests = [];
      await page.locator('#search-q').pressSequentially(c.query, { delay: 40 });
      await page.waitForFunction(() => document.getElementById('search-status').textContent.length > 0, null, { timeout: 15000 });
      await quiet(counter);
      const results = await page.$$eval('#search-results .result-title a', (as) => as.map((a) => a.getAttribute('href')));
      const marks = await page.$$eval('#search-results mark', (ms) => ms.length);
      const line = {
        query: c.query,
        initial_bytes: initial.bytes,
        initial_requests: initial.requests.length,
        query_bytes: counter.bytes,
        query_requests: counter.requests.length,
        results: await page.textContent('#search-status'),
        first: results[0] || null,
        marks,
      };
      if (process.env.SEARCH_TEST_VERBOSE) line.requests = { initial: initial.requests, query: counter.requests };
      console.log(JSON.stringify(line));
      if (c.expect !== null && c.expect !== undefined) {
        const want = `../${c.expect}`;
        if (!results.includes(want)) failures.push(`${c.query}: expected a result linking ${want}, got ${JSON.stringify(results)}`);
        else if (marks === 0) failures.push(`${c.query}: results have no highlighted hits`);
        else {
          // Keyboard: ↓ from the box reaches the first result; Enter follows it.
          await page.focus('#search-q');
          await page.keyboard.press('ArrowDown');
          const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
          if (focused !== results[0]) failures.push(`${c.query}: ArrowDown focused ${focused}, not the first result`);
          await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/search/')), page.keyboard.press('Enter')]);
          const landed = new URL(page.url()).pathname;
          if (landed !== `/${results[0].replace(/^\.\.\//, '')}`) failures.push(`${c.query}: Enter opened ${landed}`);
        }
      }
      if (blocked.length) failures.push(`${c.query}: requests left the site: ${blocked.join(', ')}`);
      if (errors.length) failures.push(`${c.query}: page errors: ${errors.join('; ')}`);
      await context.close();
    }
    if (spec.tokens && spec.tokens.length) {
      step = 'comparing tokenizers';
      const page = await browser.newPage();
      await page.goto(`${origin}/search/`);
      for (const t of spec.tokens) {
        const got = await page.evaluate((text) => window.briefingSearch.pieces(text), t.text);
        if (JSON.stringify(got) !== JSON.stringify(t.pieces)) {
          failures.push(`tokenizer differs on ${JSON.stringify(t.text)}: browser ${JSON.stringify(got)}, Rust ${JSON.stringify(t.pieces)}`);
        }
      }
      await page.close();
    }
  } finally {
    step = 'closing Chromium';
    await browser.close();
    server.close();
  }
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
