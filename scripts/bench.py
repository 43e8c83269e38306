#!/usr/bin/env python3
"""Benchmark: briefing against Hugo on the same generated corpus, side by side.

For each corpus size N this script
  1. generates the corpus with ../shared/tools/gen_corpus.py (raw seeds for
     briefing in DIR/corpus-N/seeds, the same documents as a Hugo site with
     entities/topics taxonomies in DIR/corpus-N/hugo), or reuses it;
  2. times `briefing build` from the raw seeds cold (no content/, no cache, no
     public/) and warm (nothing changed), and `hugo` on the equivalent site
     cold (empty destination) and warm (again), several runs each, medians,
     with peak memory from /usr/bin/time -v;
  3. times the incremental cases: `briefing build` after one seed changed (the
     first such rebuild after the cold builds apart, as `first_changed`, since
     it has no earlier site to start from; then the median of the next ones), and
     `briefing serve` with one seed edited (time from the write to the first
     reload event, to the edited page rewritten on disk, and to the end of
     the whole-site rebuild that follows), median of several edits;
  4. prints a table with the ratios.

Usage (from the project root; build first with `cargo build --release`):
    python3 scripts/bench.py                         # N = 1000 and 10000, output on tmpfs
    python3 scripts/bench.py --sizes 1000,10000,100000 --runs 3 --edits 10
    python3 scripts/bench.py --dir /var/tmp/bench     # output on disk instead
    python3 scripts/bench.py --skip-hugo             # briefing only

Hugo comes from Debian (`apt-get install hugo`); without it the Hugo columns are
empty. Nothing here asserts a time: the figures are for reading.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / 'shared' / 'tools' / 'gen_corpus.py'
BRIEFING = ROOT / 'target' / 'release' / 'briefing'


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v: (seconds, peak MB, stdout)."""
    t0 = time.perf_counter()
    r = subprocess.run(['/usr/bin/time', '-v'] + cmd, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        sys.exit(f'failed: {" ".join(map(str, cmd))}\n{r.stderr[-2000:]}')
    m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', r.stderr)
    return secs, (int(m.group(1)) / 1024 if m else float('nan')), r.stdout


def corpus(base, n):
    out = base / f'corpus-{n}'
    if not (out / 'seeds').is_dir() or len(os.listdir(out / 'seeds')) != n:
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, str(GEN), '--n', str(n), '--out', str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    return out


def project(base, n, seeds):
    proj = base / f'project-{n}'
    proj.mkdir(parents=True, exist_ok=True)
    (proj / 'briefing.toml').write_text(f'title = "Bench {n}"\nseeds = "{seeds}"\n')
    return proj


def clean_project(proj):
    for d in ('content', 'public', '.briefing'):
        shutil.rmtree(proj / d, ignore_errors=True)


def edited(original, marker):
    """The seed with a sentence naming `marker` added to its first long
    paragraph, so that any cleaner keeps the change in the article body."""
    lines = original.decode('utf-8', errors='replace').split('\n')
    for i, line in enumerate(lines):
        if len(line.split()) >= 20:
            lines[i] = f'{line} Officials added a statement with the code word {marker} today.'
            break
    return '\n'.join(lines).encode()


def wait(predicate, timeout=30.0):
    """Polls until predicate() holds; False after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return True
        time.sleep(0.001)
    return False


def median(xs):
    return statistics.median(xs) if xs else float('nan')


def bench_briefing(proj, seeds, runs):
    res = {}
    cold = []
    for _ in range(runs):
        clean_project(proj)
        cold.append(timed([str(BRIEFING), '-q', '-C', str(proj), 'build']))
    res['cold'] = (median([c[0] for c in cold]), max(c[1] for c in cold))
    warm = [timed([str(BRIEFING), '-q', '-C', str(proj), 'build']) for _ in range(runs)]
    res['warm'] = (median([w[0] for w in warm]), max(w[1] for w in warm))
    seed = sorted(seeds.iterdir())[len(list(seeds.iterdir())) // 2]
    original = seed.read_bytes()
    one = []
    try:
        # The first rebuild after a cold build has no earlier site to start
        # its new one from (see README, "Rebuilds and preview"): timed apart.
        for i in range(runs + 1):
            seed.write_bytes(edited(original, f'build{i}marker'))
            one.append(timed([str(BRIEFING), '-q', '-C', str(proj), 'build']))
    finally:
        seed.write_bytes(original)
        timed([str(BRIEFING), '-q', '-C', str(proj), 'build'])
    res['first_changed'] = (one[0][0], one[0][1])
    res['one_changed'] = (median([o[0] for o in one[1:]]), max(o[1] for o in one[1:]))
    return res


def bench_serve(proj, seeds, edits):
    """Median ms from writing a seed to the reload event, and to its page on disk."""
    proc = subprocess.Popen([str(BRIEFING), '-C', str(proj), 'serve', '--port', '0'],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        for line in proc.stdout:
            m = re.search(r'http://127\.0\.0\.1:(\d+)/', line)
            if m:
                port = int(m.group(1))
                break
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        sock = socket.create_connection(('127.0.0.1', port))
        sock.settimeout(30)
        sock.sendall(b'GET /__briefing/events HTTP/1.1\r\nHost: x\r\n\r\n')
        stream = sock.makefile('rb')
        while stream.readline() not in (b'\r\n', b''):
            pass
        seed = sorted(seeds.iterdir())[len(list(seeds.iterdir())) // 3]
        original = seed.read_bytes()
        slug = None
        for page in (proj / 'content').glob('*.md'):
            if f'/{seed.name}"' in page.read_text(errors='replace')[:2000]:
                slug = page.stem
        to_event, to_page, to_all = [], [], []

        def next_reload():
            """The data of the next reload event (b'' when the stream ends)."""
            reload = False
            while True:
                line = stream.readline()
                if not line:
                    return b''
                if line.strip() == b'event: reload':
                    reload = True
                elif reload and line.startswith(b'data:'):
                    return line

        try:
            for i in range(edits):
                marker = f'zqx{i}marker'
                page = proj / 'public' / slug / 'index.html' if slug else None
                t0 = time.perf_counter()
                seed.write_bytes(edited(original, marker))
                data = next_reload()
                to_event.append((time.perf_counter() - t0) * 1000)
                if page and wait(lambda: marker in page.read_text(errors='replace')):
                    to_page.append((time.perf_counter() - t0) * 1000)
                # The edited page may come first (a preview); the edit is
                # done when the whole site is rebuilt.
                while b'"partial":true' in data:
                    data = next_reload()
                to_all.append((time.perf_counter() - t0) * 1000)
                time.sleep(0.2)
        finally:
            seed.write_bytes(original)
            time.sleep(0.5)
        return median(to_event), median(to_page), median(to_all)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def bench_hugo(site, dest, runs):
    hugo = shutil.which('hugo')
    if not hugo:
        return None
    res = {}
    cold = []
    for _ in range(runs):
        shutil.rmtree(dest, ignore_errors=True)
        shutil.rmtree(site / 'resources', ignore_errors=True)
        cold.append(timed([hugo, '--quiet', '--source', str(site), '--destination', str(dest)]))
    res['cold'] = (median([c[0] for c in cold]), max(c[1] for c in cold))
    warm = [timed([hugo, '--quiet', '--source', str(site), '--destination', str(dest)]) for _ in range(runs)]
    res['warm'] = (median([w[0] for w in warm]), max(w[1] for w in warm))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--sizes', default='1000,10000')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--edits', type=int, default=10)
    ap.add_argument('--dir', default='/dev/shm/briefing-bench', help='work folder (default on tmpfs)')
    ap.add_argument('--skip-hugo', action='store_true')
    ap.add_argument('--skip-serve', action='store_true')
    ap.add_argument('--json', help='also write the figures here')
    a = ap.parse_args()
    if not BRIEFING.exists():
        sys.exit('build first: cargo build --release')
    base = Path(a.dir)
    base.mkdir(parents=True, exist_ok=True)
    rows = {}
    for n in [int(x) for x in a.sizes.split(',')]:
        c = corpus(base, n)
        proj = project(base, n, c / 'seeds')
        print(f'N={n}: briefing ...', file=sys.stderr)
        b = bench_briefing(proj, c / 'seeds', a.runs)
        if not a.skip_serve:
            print(f'N={n}: serve ...', file=sys.stderr)
            b['serve_event_ms'], b['serve_page_ms'], b['serve_all_ms'] = bench_serve(proj, c / 'seeds', a.edits)
        h = None
        if not a.skip_hugo:
            print(f'N={n}: hugo ...', file=sys.stderr)
            h = bench_hugo(c / 'hugo', base / f'hugo-public-{n}', a.runs)
        rows[n] = {'briefing': b, 'hugo': h}

    print(f'\n{"N":>7} {"case":<13} {"briefing s":>11} {"MB":>7} {"hugo s":>8} {"MB":>7} {"time ratio":>10} {"mem ratio":>9}')
    for n, r in rows.items():
        b, h = r['briefing'], r['hugo'] or {}
        for case in ('cold', 'warm', 'first_changed', 'one_changed'):
            bt, bm = b[case]
            ht, hm = h.get(case, (float('nan'), float('nan')))
            print(f'{n:>7} {case:<13} {bt:>11.3f} {bm:>7.0f} {ht:>8.3f} {hm:>7.0f} {bt / ht:>10.2f} {bm / hm:>9.2f}')
        if 'serve_event_ms' in b:
            print(f'{n:>7} {"serve edit":<13} reload event {b["serve_event_ms"]:.0f} ms, page on disk {b["serve_page_ms"]:.0f} ms, '
                  f'whole site rebuilt {b["serve_all_ms"]:.0f} ms (median of {a.edits})')
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=1))


if __name__ == '__main__':
    main()
