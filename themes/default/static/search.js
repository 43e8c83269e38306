// briefing search: full-text search in the browser, no server.
//
// The index is written by `briefing build` under search/ (see
// src/site/search/mod.rs): index.json lists the shards; s/<n>.bin holds a
// sorted range of keys with their postings; i/<id>.json describes one
// result. A query loads the manifest (once), the shard of each of its words
// and the item files of the results shown; nothing else.
//
// The tokenizer below mirrors src/site/search/tokenize.rs step for step,
// and the ranking mirrors src/site/search/reader.rs; change them together.
'use strict';

(function () {
  // ------------------------------------------------------------------ words
  const WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  // By block, the same ranges as is_unspaced() in tokenize.rs.
  const UNSPACED =
    /[\u0E00-\u0EFF\u1000-\u109F\u1100-\u11FF\u1780-\u17FF\u19E0-\u19FF\u2E80-\u2FDF\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3040-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uA9E0-\uA9FF\uAA60-\uAA7F\uAC00-\uD7FF\uF900-\uFAFF\uFF66-\uFFDC\u{20000}-\u{3134F}]/u;
  const FOLD = /([\u0000-\u052F\u0590-\u06FF\u1E00-\u1FFF])\p{M}+/gu;
  const ASCII = /^[\u0000-\u007F]*$/;
  const MIN_WORD_CHARS = 2;
  const MAX_WORD_CHARS = 40;
  const MIN_PREFIX_CHARS = 3;
  const MAX_PREFIX_REST = 3;

  const lowercase = (raw) => raw.normalize('NFKC').toLowerCase();
  const fold = (lower) => (ASCII.test(lower) ? lower : lower.normalize('NFD').replace(FOLD, '$1').normalize('NFC'));

  // 0: neither, 1: a word of a spaced script, 2: an unspaced script.
  const classOf = (c) => (WORD.test(c) ? (UNSPACED.test(c) ? 2 : 1) : 0);

  // Calls f(key, isWord, start, end) for every piece of `text`; start and
  // end are offsets into `text`, for highlighting.
  function pieces(text, f) {
    let start = 0;
    let current = 0;
    let at = 0;
    for (const c of text) {
      const k = classOf(c);
      if (k !== current) {
        if (current) emit(text.slice(start, at), current, start, f);
        start = at;
        current = k;
      }
      at += c.length;
    }
    if (current) emit(text.slice(start), current, start, f);
  }

  function emit(raw, k, at, f) {
    if (k === 1) word(raw, at, f);
    else grams(raw, at, f);
  }

  function word(raw, at, f) {
    const lower = lowercase(raw);
    const n = [...lower].length;
    if (n < MIN_WORD_CHARS || n > MAX_WORD_CHARS) return;
    f(fold(lower), true, at, at + raw.length);
  }

  function grams(raw, at, f) {
    const chars = [...fold(lowercase(raw))];
    const rawChars = [...raw];
    const offsets = [0];
    for (const c of rawChars) offsets.push(offsets[offsets.length - 1] + c.length);
    const aligned = rawChars.length === chars.length;
    if (chars.length <= 2) {
      f(chars.join(''), false, at, at + raw.length);
      return;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const [start, end] = aligned ? [offsets[i], offsets[i + 2]] : [0, raw.length];
      f(chars[i] + chars[i + 1], false, at + start, at + end);
    }
  }

  // ------------------------------------------------------------ the index
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }

  // Reads a shard (format in src/site/search/format.rs) into a Map from key
  // to entry; postings stay encoded until asked for.
  function decodeShard(buffer) {
    const bytes = new Uint8Array(buffer);
    let at = 0;
    const varint = () => {
      let value = 0;
      let scale = 1;
      for (;;) {
        if (at >= bytes.length) throw new Error('truncated shard');
        const b = bytes[at++];
        value += (b & 0x7f) * scale;
        if (b < 0x80) return value;
        scale *= 128;
      }
    };
    if (decoder.decode(bytes.subarray(0, 4)) !== 'bsi1') throw new Error('not a search shard');
    at = 4;
    const count = varint();
    const entries = new Map();
    const keys = [];
    let key = new Uint8Array(0);
    for (let n = 0; n < count; n++) {
      const shared = varint();
      const suffix = varint();
      const next = new Uint8Array(shared + suffix);
      next.set(key.subarray(0, shared));
      next.set(bytes.subarray(at, at + suffix), shared);
      at += suffix;
      key = next;
      const flags = bytes[at++];
      const entry = { stems: null, df: 0, offset: 0 };
      if (flags & 2) {
        entry.stems = [];
        for (let s = varint(); s > 0; s--) {
          const len = varint();
          entry.stems.push(decoder.decode(bytes.subarray(at, at + len)));
          at += len;
        }
      }
      if (flags & 1) {
        entry.df = varint();
        const size = varint();
        entry.offset = at;
        at += size;
      }
      const text = decoder.decode(key);
      entries.set(text, entry);
      keys.push(text);
    }
    return { bytes, entries, keys };
  }

  function postings(shard, entry) {
    const { bytes } = shard;
    let at = entry.offset;
    const ids = new Array(entry.df);
    let id = 0;
    for (let n = 0; n < entry.df; n++) {
      let gap = 0;
      let scale = 1;
      for (;;) {
        const b = bytes[at++];
        gap += (b & 0x7f) * scale;
        if (b < 0x80) break;
        scale *= 128;
      }
      id = n === 0 ? gap : id + gap;
      ids[n] = id;
    }
    return { ids, impacts: bytes.subarray(at, at + entry.df) };
  }

  class SearchIndex {
    constructor(manifestUrl) {
      this.base = manifestUrl.replace(/[^/]*$/, '');
      this.manifestUrl = manifestUrl;
      this.pending = new Map();
      this.ready = new Map();
    }

    async open() {
      const response = await fetch(this.manifestUrl, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`${this.manifestUrl}: ${response.status}`);
      this.manifest = await response.json();
      if (this.manifest.format !== 1) throw new Error('unknown index format');
      this.firstKeys = this.manifest.shards.map((k) => encoder.encode(k));
      return this;
    }

    shardOf(key) {
      const bytes = encoder.encode(key);
      let lo = 0;
      let hi = this.firstKeys.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (compareBytes(this.firstKeys[mid], bytes) <= 0) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    }

    shard(n) {
      if (!this.pending.has(n)) {
        const url = `${this.base}s/${n}.bin?v=${this.manifest.version}`;
        const loading = fetch(url)
          .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${url}: ${r.status}`))))
          .then(decodeShard)
          .then((shard) => {
            this.ready.set(n, shard);
            return shard;
          });
        loading.catch(() => this.pending.delete(n));
        this.pending.set(n, loading);
      }
      return this.pending.get(n);
    }

    async lookup(key) {
      const shard = await this.shard(this.shardOf(key));
      const entry = shard.entries.get(key);
      return entry ? { shard, entry } : null;
    }

    // The shard `key` falls in, if it is loaded already (for highlighting).
    loadedShard(key) {
      return this.ready.get(this.shardOf(key));
    }

    async item(id) {
      const response = await fetch(`${this.base}i/${id}.json?v=${this.manifest.version}`);
      if (!response.ok) throw new Error(`search item ${id}: ${response.status}`);
      return response.json();
    }

    // The index terms a query key stands for: its own entry's, else a
    // completion of the word still being typed, else (for a word) the
    // longest indexed term it starts with.
    async terms(key, isWord, typing) {
      const found = await this.lookup(key);
      if (found) return found.entry.stems || [key];
      if (typing && (!isWord || [...key].length >= MIN_PREFIX_CHARS)) {
        const completed = await this.complete(key);
        if (completed.length) return completed;
      }
      if (!isWord) return [];
      const chars = [...key];
      const shortest = Math.max(MIN_PREFIX_CHARS, chars.length - MAX_PREFIX_REST);
      for (let len = chars.length - 1; len >= shortest; len--) {
        const prefix = chars.slice(0, len).join('');
        const hit = await this.lookup(prefix);
        if (hit && hit.entry.df > 0) return [prefix];
      }
      return [];
    }

    // Up to 8 terms of the keys that start with `prefix`, most frequent
    // first; only from the shard `prefix` falls in, so completing costs no
    // more than looking the word up.
    async complete(prefix) {
      const shard = await this.shard(this.shardOf(prefix));
      const df = new Map();
      for (const key of shard.keys) {
        if (!key.startsWith(prefix)) continue;
        for (const term of shard.entries.get(key).stems || [key]) {
          const entry = shard.entries.get(term);
          if (entry && entry.df) df.set(term, entry.df);
        }
      }
      return [...df].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([term]) => term);
    }

    // Ranks every item that has any query word: most query words first (not
    // counting words found in most items), then the sum of idf × impact,
    // then the lower id (newer document).
    async search(query, typing) {
      const words = [];
      pieces(query, (key, isWord) => {
        if (!words.some((w) => w.key === key)) words.push({ key, isWord });
      });
      if (typing && words.length && /[\p{L}\p{M}\p{N}]$/u.test(query)) words[words.length - 1].last = true;
      const n = this.manifest.items;
      const hits = new Map();
      const resolved = await Promise.all(words.map((w) => this.terms(w.key, w.isWord, !!w.last)));
      const used = [];
      const ignored = [];
      for (let q = 0; q < words.length; q++) {
        const terms = resolved[q];
        if (!terms.length) {
          ignored.push(words[q].key);
          continue;
        }
        used.push({ key: words[q].key, terms });
        const best = new Map();
        for (const term of terms) {
          const hit = await this.lookup(term);
          if (!hit || !hit.entry.df) continue;
          const df = hit.entry.df;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          const { ids, impacts } = postings(hit.shard, hit.entry);
          for (let i = 0; i < ids.length; i++) {
            const score = idf * impacts[i];
            if (!(best.get(ids[i]) >= score)) best.set(ids[i], score);
          }
        }
        // A word in more than half the items does not count toward coverage
        // (is_common in reader.rs).
        const counts = best.size * 2 <= n ? 1 : 0;
        for (const [id, score] of best) {
          const h = hits.get(id) || { id, matched: 0, score: 0 };
          h.matched += counts;
          h.score += score;
          hits.set(id, h);
        }
      }
      const ranked = [...hits.values()].sort((a, b) => b.matched - a.matched || b.score - a.score || a.id - b.id);
      return { ranked, used, ignored };
    }
  }

  // ------------------------------------------------------------- snippets
  const SNIPPET_CHARS = 220;

  // Whether a piece of result text is one of the query's words.
  function matcher(index, used) {
    const keys = new Set();
    const terms = new Set();
    for (const u of used) {
      keys.add(u.key);
      for (const t of u.terms) terms.add(t);
    }
    return (key, isWord) => {
      if (keys.has(key) || terms.has(key)) return true;
      if (!isWord) return false;
      const shard = index.loadedShard(key);
      if (shard) {
        const entry = shard.entries.get(key);
        return !!(entry && entry.stems && entry.stems.some((s) => terms.has(s)));
      }
      // Not loaded: a word that starts with a matched stem is most likely a form of it.
      for (const t of terms) if ([...t].length >= MIN_PREFIX_CHARS && key.startsWith(t)) return true;
      return false;
    };
  }

  function hitRanges(text, isHit) {
    const ranges = [];
    pieces(text, (key, isWord, start, end) => {
      if (!isHit(key, isWord)) return;
      const last = ranges[ranges.length - 1];
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else ranges.push({ start, end, key });
    });
    return ranges;
  }

  // Appends `text[from, to)` to `parent` with hits in <mark>.
  function appendMarked(parent, text, ranges, from, to) {
    let at = from;
    for (const r of ranges) {
      if (r.end <= from || r.start >= to) continue;
      const start = Math.max(r.start, from);
      const end = Math.min(r.end, to);
      if (start > at) parent.append(text.slice(at, start));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(start, end);
      parent.append(mark);
      at = end;
    }
    if (at < to) parent.append(text.slice(at, to));
  }

  // The window of the text with the most different hits, cut at spaces.
  function snippetWindow(text, ranges) {
    if (text.length <= SNIPPET_CHARS) return [0, text.length];
    let best = [0, 0];
    for (let i = 0; i < ranges.length; i++) {
      const start = Math.max(0, ranges[i].start - 60);
      const seen = new Set();
      for (let j = i; j < ranges.length && ranges[j].end <= start + SNIPPET_CHARS; j++) seen.add(ranges[j].key);
      if (seen.size > best[1]) best = [start, seen.size];
    }
    let start = best[0];
    let end = Math.min(text.length, start + SNIPPET_CHARS);
    if (start > 0) {
      const space = text.slice(start, start + 30).search(/\s/);
      if (space >= 0) start += space + 1;
    }
    if (end < text.length) {
      const space = text.slice(end - 30, end).search(/\s[^\s]*$/);
      if (space >= 0) end = end - 30 + space;
    }
    return [start, end];
  }

  // ------------------------------------------------------------------- page
  const PAGE_SIZE = 10;

  function start(form) {
    const root = form.dataset.searchRoot || '';
    const input = form.querySelector('input[type="search"]');
    const status = document.getElementById('search-status');
    const list = document.getElementById('search-results');
    const more = document.getElementById('search-more');
    const index = new SearchIndex(form.dataset.searchIndex);
    const opening = index.open();
    let generation = 0;
    let current = null;

    opening.catch((error) => {
      status.textContent =
        location.protocol === 'file:'
          ? 'Search needs the site to be served over HTTP (for example with briefing serve); browsers do not let a page opened from a file load the search index.'
          : `Search is unavailable: the index could not be loaded (${error.message}).`;
    });

    async function run(text, typing) {
      const mine = ++generation;
      const query = text.trim();
      if (!query) {
        list.replaceChildren();
        more.hidden = true;
        status.textContent = '';
        return;
      }
      try {
        await opening;
      } catch {
        return; // already explained
      }
      let result;
      try {
        result = await index.search(text, typing);
        if (mine !== generation) return;
        current = { ...result, query, shown: 0, isHit: matcher(index, result.used) };
        list.replaceChildren();
        await showMore(false);
      } catch (error) {
        if (mine === generation) status.textContent = `Search failed: ${error.message}. Reload the page to try again.`;
        return;
      }
      if (mine !== generation) return;
      const count = result.ranked.length;
      let message = count
        ? `${count} result${count === 1 ? '' : 's'} for “${query}”.`
        : `No results for “${query}”.`;
      if (result.ignored.length && result.used.length) message += ` Not found anywhere: ${result.ignored.join(', ')}.`;
      status.textContent = message;
    }

    async function showMore(focusFirst) {
      const mine = generation;
      const batch = current.ranked.slice(current.shown, current.shown + PAGE_SIZE);
      const cards = await Promise.all(batch.map((h) => index.item(h.id)));
      if (mine !== generation) return;
      const items = cards.map((card) => resultItem(card, current.isHit));
      list.append(...items);
      current.shown += batch.length;
      more.hidden = current.shown >= current.ranked.length;
      if (focusFirst && items.length) items[0].querySelector('a').focus();
    }

    function resultItem(card, isHit) {
      const li = document.createElement('li');
      li.className = `search-result kind-${card.kind}`;
      const heading = document.createElement('h2');
      heading.className = 'result-title';
      const link = document.createElement('a');
      link.href = root + card.url;
      appendMarked(link, card.title, hitRanges(card.title, isHit), 0, card.title.length);
      heading.append(link);
      const meta = document.createElement('p');
      meta.className = 'meta';
      const parts = [card.label, card.publisher, card.about].filter(Boolean);
      meta.append(parts.join(' · '));
      if (card.date) {
        const time = document.createElement('time');
        time.dateTime = card.date;
        time.textContent = card.date_display || card.date;
        meta.append(' · ', time);
      }
      li.append(heading, meta);
      if (card.text) {
        const ranges = hitRanges(card.text, isHit);
        const [from, to] = snippetWindow(card.text, ranges);
        const p = document.createElement('p');
        p.className = 'snippet';
        if (card.lang) p.lang = card.lang;
        if (from > 0) p.append('… ');
        appendMarked(p, card.text, ranges, from, to);
        if (to < card.text.length) p.append(' …');
        li.append(p);
      }
      return li;
    }

    // Arrow keys move between the search box and the results.
    function links() {
      return [...list.querySelectorAll('.result-title a')];
    }
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' && links().length) {
        event.preventDefault();
        links()[0].focus();
      }
    });
    list.addEventListener('keydown', (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === 'ArrowDown' && at + 1 < all.length) all[at + 1].focus();
      else if (event.key === 'ArrowUp') (at > 0 ? all[at - 1] : input).focus();
      else if (event.key === 'Escape') input.focus();
      else return;
      event.preventDefault();
    });

    let timer = 0;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(input.value, true), 150);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      const url = new URL(location.href);
      url.searchParams.set('q', input.value);
      history.replaceState(null, '', url);
      run(input.value, false);
    });
    more.addEventListener('click', () =>
      showMore(true).catch((error) => (status.textContent = `Search failed: ${error.message}.`)),
    );

    const initial = new URLSearchParams(location.search).get('q');
    if (initial) {
      input.value = initial;
      run(initial, false);
    }
  }

  // Exposed for tests that compare this tokenizer with the Rust one.
  window.briefingSearch = {
    pieces(text) {
      const out = [];
      pieces(text, (key, isWord) => out.push(isWord ? key : `~${key}`));
      return out;
    },
  };

  const form = document.querySelector('form[data-search-index]');
  if (form) start(form);
})();
