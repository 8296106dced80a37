/* letopis search: the search box of every page, its suggestions as you type, and the
   results on search.html. Works from a disk (file: URLs): the index is a set of scripts under
   static/search/ that call letopisSearch.meta/terms/docs, loaded with <script>
   elements on the first keystroke and then only the shards a query needs.

   A word becomes a key exactly as letopis did it at build time (src/render/search/
   tokens.rs): Unicode words, lower case, ё read as е, ’ as ', the Snowball stem of the word's
   script in a Russian or English book (static/snowball.js), and in Russian a final -ов
   or -ев (Бажанова → бажан) and a fleeting vowel dropped (стахановец → стахановц). */
(function (global) {
  'use strict';

  var CONSONANTS = 'бвгджзйклмнпрстфхцчшщ';
  var FLEETING_ENDS = 'цкнлр';

  /* The words of a text with where each starts: Unicode word boundaries. */
  var segmenter = typeof Intl !== 'undefined' && Intl.Segmenter
    ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;

  function words(text) {
    var out = [];
    if (segmenter) {
      for (var s of segmenter.segment(text)) {
        if (s.isWordLike) out.push({ word: s.segment, at: s.index });
      }
      return out;
    }
    var re = /[\p{L}\p{N}\p{M}_]+(?:['’.][\p{L}\p{N}\p{M}_]+)*/gu;
    var m;
    while ((m = re.exec(text))) out.push({ word: m[0], at: m.index });
    return out;
  }

  /* As fold in src/render/search/tokens.rs: case, ё as е, and ’ ‘ ʼ as '. */
  function fold(word) {
    return word.toLowerCase().replace(/ё/g, 'е').replace(/[\u2019\u2018\u02bc]/g, "'");
  }

  /* As drop_surname_suffix in src/render/search/tokens.rs: a final -ов or -ев after a
     vowel, which Snowball takes from a surname's nominative (Бажанов → бажан) and keeps
     in its other cases (Бажанова → бажанов). */
  function dropSurnameSuffix(stem) {
    var m = /^(.*[аеиоуыэюя].*)[ое]в$/.exec(stem);
    return m ? m[1] : stem;
  }

  function dropFleetingVowel(stem) {
    var c = Array.from(stem);
    var n = c.length;
    if (n >= 5 && FLEETING_ENDS.indexOf(c[n - 1]) >= 0 && (c[n - 2] === 'е' || c[n - 2] === 'о') &&
        CONSONANTS.indexOf(c[n - 3]) >= 0) {
      return c.slice(0, n - 2).join('') + c[n - 1];
    }
    return stem;
  }

  /* The key function: with `stemmers` (the Snowball factory of snowball.js), a word
     with a Cyrillic letter gets the Russian stem, its -ов/-ев and its fleeting vowel dropped, any
     other the English stem; without, words are only folded. */
  function keyMaker(stemmers) {
    if (!stemmers) return fold;
    var russian = stemmers.newStemmer('russian');
    var english = stemmers.newStemmer('english');
    /* Each distinct word stemmed once: phrase checks and snippets key every word of
       the documents they read, and a text repeats its words. */
    var known = new Map();
    return function (word) {
      var key = known.get(word);
      if (key === undefined) {
        var folded = fold(word);
        key = /[а-я]/.test(folded) ? dropFleetingVowel(dropSurnameSuffix(russian.stem(folded))) : english.stem(folded);
        known.set(word, key);
      }
      return key;
    };
  }

  /* FNV-1a over code points, as shard_of in src/render/search/mod.rs. */
  function shardOf(key, count) {
    var h = 0x811c9dc5;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h % count;
  }

  /* What a query asks for: every key, and the phrases (in quotes) as runs of keys. */
  function parseQuery(query, key) {
    var keys = [];
    var phrases = [];
    query.split('"').forEach(function (part, i) {
      var run = words(part).map(function (w) { return key(w.word); });
      run.forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
      if (i % 2 === 1 && run.length > 1) phrases.push(run);
    });
    return { keys: keys, phrases: phrases };
  }

  /* The last index ≤ value in an ascending list. */
  function floorIndex(list, value) {
    var lo = 0;
    var hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid] <= value) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function hasRun(keys, run) {
    outer: for (var i = 0; i + run.length <= keys.length; i++) {
      for (var j = 0; j < run.length; j++) if (keys[i + j] !== run[j]) continue outer;
      return true;
    }
    return false;
  }

  /* A file's data: its string holds seven bits a character (see src/render/search/
     pack.rs), which make raw-deflated bytes; the padding of the last character is
     dropped. */
  function fromSevenBits(text) {
    var out = new Uint8Array(Math.floor(text.length * 7 / 8));
    var acc = 0;
    var bits = 0;
    var o = 0;
    for (var i = 0; i < text.length; i++) {
      acc = ((acc << 7) | text.charCodeAt(i)) & 0x7fff;
      bits += 7;
      if (bits >= 8 && o < out.length) {
        bits -= 8;
        out[o++] = (acc >> bits) & 0xff;
      }
    }
    return out;
  }

  function unpack(packed) {
    var stream = new Blob([fromSevenBits(packed)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function unpackJson(packed) {
    return unpack(packed).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
  }

  /* The characters of the index's code page (see Alphabet in src/render/search/
     pack.rs): ASCII, then the alphabet listed in meta.js as the bytes 128 to 255. */
  function codePage(alphabet) {
    var table = new Uint16Array(256);
    for (var i = 0; i < 256; i++) table[i] = i < 128 ? i : alphabet.charCodeAt(i - 128) || 0xfffd;
    return table;
  }

  /* Bytes in the code page as a string, a chunk at a time. */
  function fromCodePage(bytes, table) {
    var out = '';
    var units = new Uint16Array(8192);
    for (var at = 0; at < bytes.length; at += units.length) {
      var n = Math.min(units.length, bytes.length - at);
      for (var j = 0; j < n; j++) units[j] = table[bytes[at + j]];
      out += String.fromCharCode.apply(null, units.subarray(0, n));
    }
    return out;
  }

  /* Document shard n: JSON in the code page of `meta` (what it lacks escaped by JSON),
     each page's documents as [anchor, text] or [anchor, text, length of the names at
     the text's start]; a document written [anchor, 0] is its page's title, all names
     (see Shown in src/render/search/docs.rs). */
  function unpackDocs(packed, meta, n) {
    var table = codePage(meta.alphabet);
    return unpack(packed).then(function (bytes) {
      var pages = JSON.parse(fromCodePage(bytes, table));
      pages.forEach(function (docs, i) {
        var title = meta.pages[meta.docShards[n] + i][1];
        docs.forEach(function (d) { if (d[1] === 0) { d[1] = title; d[2] = title.length; } });
      });
      return pages;
    });
  }

  /* The number of a document: its page and its number there. */
  var PAGE = 4294967296;

  /* A term shard: each key's postings as [doc, level, doc, level, …] (see term_shard in
     src/render/search/pack.rs: each key as the bytes it shares with the one before and
     the rest, in the code page; gaps between pages and documents, in varints). */
  function unpackTerms(packed, meta) {
    var table = codePage(meta.alphabet);
    return unpack(packed).then(function (bytes) {
      var at = 0;
      function num() {
        var n = 0;
        var scale = 1;
        var b;
        do {
          b = bytes[at++];
          n += (b & 0x7f) * scale;
          scale *= 128;
        } while (b & 0x80);
        return n;
      }
      /* The key before, as bytes and as characters (a zero byte and a code point for
         one the code page lacks). */
      var prev = new Uint8Array(256);
      var keys = new Map();
      while (at < bytes.length) {
        var shared = num();
        var rest = num();
        if (prev.length < shared + rest) {
          var wider = new Uint8Array(2 * (shared + rest));
          wider.set(prev);
          prev = wider;
        }
        prev.set(bytes.subarray(at, at + rest), shared);
        at += rest;
        var key = '';
        for (var k = 0; k < shared + rest; k++) {
          if (prev[k]) { key += String.fromCharCode(table[prev[k]]); continue; }
          var code = 0;
          var scale = 1;
          do { code += (prev[++k] & 0x7f) * scale; scale *= 128; } while (prev[k] & 0x80);
          key += String.fromCodePoint(code);
        }
        var count = num();
        var list = new Array(2 * count);
        var page = 0;
        var doc = 0;
        for (var i = 0; i < count; i++) {
          var gap = num();
          page += gap;
          doc = gap ? num() : doc + num();
          list[2 * i] = page * PAGE + doc;
          list[2 * i + 1] = bytes[at++];
        }
        keys.set(key, list);
      }
      return keys;
    });
  }

  /* BM25's term part, as src/render/search/docs.rs weighs a posting. */
  var K1 = 1.2;
  var B = 0.75;
  var TYPICAL_LENGTH = 40;
  var LEVELS = 63;
  var NAMED = 64;

  /* The postings of an edition whose term shards hold none (see KEYED_IN_THE_BROWSER
     in src/render/search/mod.rs), made from its documents as the build makes them:
     `pages` holds every page's documents ([anchor, text, length of the names at its
     start]). The words are split once; a key's list is made when a query asks for it,
     from the distinct words that can give it: a stem keeps the first letter of its
     word (Snowball's English turns "dying" into "die"), so only the words that begin
     with the key's are keyed. */
  function keyedDocs(pages, key) {
    var vocabulary = new Map();
    var lengths = [];
    pages.forEach(function (docs, p) {
      docs.forEach(function (d, n) {
        var id = p * PAGE + n;
        var ws = words(d[1]);
        lengths.push(id, ws.length);
        ws.forEach(function (w) {
          var entry = vocabulary.get(w.word);
          if (!entry) vocabulary.set(w.word, entry = { start: fold(w.word), in: [] });
          /* A word of the names counts twice (text and names) and marks its key. */
          entry.in.push(id, w.at < (d[2] || 0) ? 1 : 0);
        });
      });
    });
    var length = new Map();
    for (var i = 0; i < lengths.length; i += 2) length.set(lengths[i], lengths[i + 1]);
    var lists = new Map();
    return {
      get: function (k) {
        if (lists.has(k)) return lists.get(k);
        var start = String.fromCodePoint(k.codePointAt(0));
        var tf = new Map();
        var named = new Set();
        vocabulary.forEach(function (entry, word) {
          if (!entry.start.startsWith(start) || key(word) !== k) return;
          for (var j = 0; j < entry.in.length; j += 2) {
            var id = entry.in[j];
            tf.set(id, (tf.get(id) || 0) + 1 + entry.in[j + 1]);
            if (entry.in[j + 1]) named.add(id);
          }
        });
        var ids = Array.from(tf.keys()).sort(function (a, b) { return a - b; });
        var list = ids.length ? [] : undefined;
        ids.forEach(function (id) {
          var n = tf.get(id);
          var weight = n * (K1 + 1) / (n + K1 * (1 - B + B * (length.get(id) / TYPICAL_LENGTH)));
          var level = Math.min(LEVELS, Math.max(1, Math.round(weight / (K1 + 1) * LEVELS)));
          list.push(id, level + (named.has(id) ? NAMED : 0));
        });
        lists.set(k, list);
        return list;
      }
    };
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { words: words, fold: fold, keyMaker: keyMaker, shardOf: shardOf, parseQuery: parseQuery, unpackJson: unpackJson, unpackDocs: unpackDocs, unpackTerms: unpackTerms, keyedDocs: keyedDocs, PAGE: PAGE, NAMED: NAMED };
    return;
  }

  var form = document.querySelector('form.search-box');
  if (!form) return;
  var indexBase = form.getAttribute('data-index');
  var root = indexBase.replace(/static\/search\/$/, '');
  var text = {
    found: form.getAttribute('data-found'),
    nothing: form.getAttribute('data-nothing'),
    loading: form.getAttribute('data-loading'),
    all: form.getAttribute('data-all'),
    more: form.getAttribute('data-more'),
    byChapter: form.getAttribute('data-by-chapter')
  };

  /* The index as its scripts hand it over: each file as the promise of its unpacked
     data, and then the data itself. Term and document shards are read in the code
     page meta.js gives, so they wait for it (a term shard loads beside it). */
  var store = { meta: null, terms: {}, docs: {} };
  var unpacking = { terms: {}, docs: {} };
  var metaRead;
  var unpackingMeta = new Promise(function (resolve) { metaRead = resolve; });
  function keep(kind, read) {
    return function (n, packed) {
      unpacking[kind][n] = unpackingMeta
        .then(function () { return packed === null ? keyed() : read(packed, store.meta, n); })
        .then(function (data) { store[kind][n] = data; });
    };
  }
  global.letopisSearch = {
    meta: function (packed) {
      metaRead(unpackJson(packed).then(function (m) { store.meta = m; }));
    },
    terms: keep('terms', unpackTerms),
    docs: keep('docs', unpackDocs)
  };

  /* A small edition's term shards hold no postings (their data is null): every
     document shard is loaded and keyed here, once, for all of them. */
  var keyedIndex;
  function keyed() {
    if (!keyedIndex) {
      keyedIndex = Promise.all([start().key].concat(store.meta.docShards.map(function (s, n) {
        return shard('docs', n);
      }))).then(function (loaded) {
        var pages = [];
        store.meta.docShards.forEach(function (s, n) { pages.push.apply(pages, store.docs[n]); });
        return keyedDocs(pages, loaded[0]);
      });
    }
    return keyedIndex;
  }

  /* Shard n of `kind` (terms or docs), loaded and unpacked. */
  function shard(kind, n) {
    return load(indexBase + kind[0] + '-' + n + '.js').then(function () { return unpacking[kind][n]; });
  }

  var loading = {};
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { reject(new Error('cannot load ' + src)); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }

  /* How many candidates of a phrase query are read at a time (the suggestions first read
     twice as many as they show: each may stand in another document shard). */
  var PHRASE_BATCH = 64;
  var stems = form.getAttribute('data-stems') === 'true';
  var termShards = Number(form.getAttribute('data-term-shards'));
  var ready = null;
  /* The key function (with the stemmers, when the index stems) and meta.js, both
     started on the first keystroke and loaded side by side. */
  function start() {
    if (!ready) {
      var meta = load(indexBase + 'meta.js').then(function () { return unpackingMeta; });
      var key = stems
        ? load(form.getAttribute('data-stemmer')).then(function () { return keyMaker(global.snowballFactory); })
        : Promise.resolve(fold);
      ready = { key: key, meta: meta };
    }
    return ready;
  }

  /* The documents holding every key, with the sum of its weights, best first (only
     the first `limit` when there is a limit); with a phrase, only those holding it,
     checked in that order until `limit` are found (all when no limit): the suggestions
     need not read every document of a large edition. `count` says how many were
     found, `complete` whether every candidate was checked. */
  function search(query, limit) {
    var loading = start();
    return loading.key.then(function (key) {
      var q = parseQuery(query, key);
      if (!q.keys.length) return { query: q, hits: [], count: 0, key: key };
      var shards = q.keys.map(function (k) { return shardOf(k, termShards); });
      return Promise.all(shards.map(function (n) { return shard('terms', n); }).concat([loading.meta]))
        .then(function () {
          var lists = q.keys.map(function (k, i) { return store.terms[shards[i]].get(k) || []; });
          lists.sort(function (a, b) { return a.length - b.length; });
          var scores = weigh(lists[0]);
          for (var i = 1; i < lists.length && scores.size; i++) {
            var next = weigh(lists[i]);
            var kept = new Map();
            scores.forEach(function (w, doc) { if (next.has(doc)) kept.set(doc, w + next.get(doc)); });
            scores = kept;
          }
          var hits = [];
          scores.forEach(function (w, doc) { hits.push({ doc: doc, score: w }); });
          if (!q.phrases.length) {
            var shown = limit ? best(hits, limit) : hits.sort(better);
            return { query: q, hits: shown, count: hits.length, key: key, complete: true };
          }
          hits.sort(better);
          var kept = [];
          var checked = 0;
          function more() {
            if (checked >= hits.length || (limit && kept.length >= limit)) {
              return { query: q, hits: kept, count: kept.length, key: key, complete: checked >= hits.length };
            }
            var size = limit && !checked ? 2 * limit : PHRASE_BATCH;
            var batch = hits.slice(checked, checked + size);
            checked += batch.length;
            return docs(batch).then(function () {
              batch.forEach(function (h) {
                var keys = words(doc(h.doc)[1]).map(function (w) { return key(w.word); });
                if (q.phrases.every(function (run) { return hasRun(keys, run); })) kept.push(h);
              });
              return more();
            });
          }
          return more();
        });
    });
  }

  /* The order of hits: by score, then by document. */
  function better(a, b) {
    return b.score - a.score || a.doc - b.doc;
  }

  /* The `limit` best of `hits`, in order, without sorting them all: the suggestions
     of a word found in every passage of a large edition need only the first few. */
  function best(hits, limit) {
    var top = [];
    hits.forEach(function (h) {
      if (top.length === limit && better(h, top[limit - 1]) >= 0) return;
      var at = Math.min(top.length, limit - 1);
      while (at > 0 && better(h, top[at - 1]) < 0) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = h;
    });
    return top;
  }

  /* Added for each query word among a page's names: more than any text can weigh. */
  var NAME_BOOST = 100000;
  /* Added for each place that refers to that page, up to MAX_PROMINENCE places. */
  var PROMINENCE = 10;
  var MAX_PROMINENCE = 5000;

  /* Each document of a key's postings with its weight: the term weight of its level
     times the key's rarity (idf) over the edition's documents, and for a key among
     the page's names the boost of names and the page's prominence. */
  function weigh(list) {
    var n = store.meta.docs;
    var df = list.length / 2;
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    var map = new Map();
    for (var i = 0; i < list.length; i += 2) {
      var level = list[i + 1];
      var w = 100 * idf * (K1 + 1) * (level & (NAMED - 1)) / LEVELS;
      if (level & NAMED) {
        var refs = store.meta.pages[Math.floor(list[i] / PAGE)][3];
        w += NAME_BOOST + PROMINENCE * Math.min(refs, MAX_PROMINENCE);
      }
      map.set(list[i], w);
    }
    return map;
  }

  /* Loads the document shards that hold `hits`. */
  function docs(hits) {
    var starts = store.meta.docShards;
    var wanted = {};
    hits.forEach(function (h) { wanted[floorIndex(starts, page(h.doc))] = true; });
    return Promise.all(Object.keys(wanted).map(function (n) { return shard('docs', n); }));
  }

  /* A document: [anchor, text]; each document shard holds its pages' documents. */
  function doc(id) {
    var starts = store.meta.docShards;
    var p = page(id);
    var n = floorIndex(starts, p);
    return store.docs[n][p - starts[n]][id % PAGE];
  }

  function page(id) {
    return Math.floor(id / PAGE);
  }

  /* The page a document belongs to: [url, title, kind, refs]. */
  function pageOf(id) {
    return store.meta.pages[page(id)];
  }

  function href(id) {
    var anchor = doc(id)[0];
    return root + pageOf(id)[0] + (anchor ? '#' + anchor : '');
  }

  /* The passage in short: a few words around the first place of each word of the
     query (windows that touch are joined, parted by "…"), matched words in <mark>. */
  function snippet(id, q, key) {
    var body = doc(id)[1];
    var ws = words(body);
    var matched = ws.map(function (w) { return q.keys.indexOf(key(w.word)) >= 0; });
    var windows = [];
    var found = {};
    ws.forEach(function (w, i) {
      var k = matched[i] && key(w.word);
      if (!k || found[k] || windows.length >= SNIPPET_PLACES) return;
      found[k] = true;
      var from = Math.max(0, i - SNIPPET_BEFORE);
      var to = Math.min(ws.length, i + SNIPPET_AFTER);
      var last = windows[windows.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to); else windows.push([from, to]);
    });
    if (!windows.length) windows.push([0, Math.min(ws.length, SNIPPET_BEFORE + SNIPPET_AFTER)]);
    var out = document.createElement('span');
    out.className = 'snippet';
    windows.forEach(function (win) {
      var at = win[0] ? ws[win[0]].at : 0;
      if (win[0]) out.append('… ');
      for (var j = win[0]; j < win[1]; j++) {
        if (!matched[j]) continue;
        out.append(body.slice(at, ws[j].at));
        var mark = document.createElement('mark');
        mark.textContent = ws[j].word;
        out.append(mark);
        at = ws[j].at + ws[j].word.length;
      }
      var end = win[1] < ws.length ? ws[win[1]].at : body.length;
      out.append(body.slice(at, end).trimEnd() + (win[1] < ws.length ? ' ' : ''));
    });
    if (windows[windows.length - 1][1] < ws.length) out.append('…');
    return out;
  }

  /* The title of a document's page: a link on search.html; plain text in a suggestion,
     an option of a listbox, which must hold nothing focusable. */
  function title(id, tag) {
    var el = document.createElement(tag);
    if (tag === 'a') el.href = href(id);
    el.className = 'search-title';
    el.textContent = pageOf(id)[1];
    return el;
  }

  /* ---- the box: a combobox with a list of suggestions ---- */
  var input = form.querySelector('input[type="search"]');
  var status = document.getElementById('search-status');
  var list = document.createElement('ul');
  list.id = 'search-suggestions';
  list.className = 'search-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', input.labels && input.labels[0] ? input.labels[0].textContent : '');
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  var SUGGESTIONS = 8;
  /* A snippet shows up to this many places, each with words before and after it. */
  var SNIPPET_PLACES = 3;
  var SNIPPET_BEFORE = 6;
  var SNIPPET_AFTER = 12;
  var asked = 0;
  var active = -1;

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function choose(i) {
    var opts = options();
    if (!opts.length) return;
    active = (i + opts.length) % opts.length;
    opts.forEach(function (o, k) { o.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
    input.setAttribute('aria-activedescendant', opts[active].id);
    opts[active].scrollIntoView({ block: 'nearest' });
  }

  function option(n, content, target) {
    var li = document.createElement('li');
    li.id = 'search-option-' + n;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.setAttribute('data-href', target);
    li.append.apply(li, content);
    li.addEventListener('mousedown', function (e) { e.preventDefault(); });
    li.addEventListener('click', function () { global.location.href = target; });
    return li;
  }

  function suggest() {
    var query = input.value;
    var mine = ++asked;
    if (!query.trim()) { close(); status.textContent = ''; return; }
    search(query, SUGGESTIONS).then(function (found) {
      if (mine !== asked) return;
      var top = found.hits.slice(0, SUGGESTIONS);
      return docs(top).then(function () {
        if (mine !== asked) return;
        list.textContent = '';
        active = -1;
        input.removeAttribute('aria-activedescendant');
        top.forEach(function (h, n) {
          list.appendChild(option(n, [title(h.doc, 'span'), snippet(h.doc, found.query, found.key)], href(h.doc)));
        });
        var all = root + 'search.html?q=' + encodeURIComponent(query);
        if (top.length) {
          var more = document.createElement('span');
          var count = found.count + (found.complete ? '' : '+');
          more.textContent = text.all + ' (' + count + ')';
          list.appendChild(option(top.length, [more], all));
          status.textContent = text.found + ': ' + count;
        } else {
          var none = document.createElement('li');
          none.className = 'search-none';
          none.textContent = text.nothing + ' «' + query + '»';
          list.appendChild(none);
          status.textContent = none.textContent;
        }
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        form.setAttribute('data-answered', query);
      });
    });
  }

  input.addEventListener('input', suggest);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (list.hidden) { if (input.value.trim()) suggest(); return; }
      e.preventDefault();
      choose(active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter' && active >= 0 && !list.hidden) {
      e.preventDefault();
      global.location.href = options()[active].getAttribute('data-href');
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ''; }
    }
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });

  /* ---- search.html: every result, with hits per chapter ---- */
  var results = document.getElementById('search-results');
  var params = new URLSearchParams(global.location.search);
  var pageQuery = params.get('q');
  /* The button pressed on an empty box asks search.html?q=, which is no query. */
  if (results && pageQuery !== null && pageQuery.trim()) {
    input.value = pageQuery;
    results.textContent = text.loading;
    search(pageQuery).then(function (found) { return showAll(found, pageQuery); });
  }

  var PER_PAGE = 50;

  function showAll(found, query) {
    results.textContent = '';
    var summary = document.createElement('p');
    summary.className = 'search-summary';
    summary.setAttribute('role', 'status');
    results.appendChild(summary);
    if (!found.hits.length) {
      summary.textContent = text.nothing + ' «' + query + '».';
      results.setAttribute('data-answered', query);
      return;
    }
    summary.textContent = text.found + ': ' + found.hits.length;
    results.appendChild(chapterCounts(found.hits));
    var ol = document.createElement('ol');
    ol.className = 'search-hits';
    results.appendChild(ol);
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = text.more;
    var shown = 0;
    function more() {
      var next = found.hits.slice(shown, shown + PER_PAGE);
      return docs(next).then(function () {
        next.forEach(function (h) {
          var li = document.createElement('li');
          li.className = 'search-hit';
          li.appendChild(title(h.doc, 'a'));
          var p = document.createElement('p');
          p.className = 'snippet';
          p.appendChild(snippet(h.doc, found.query, found.key));
          li.appendChild(p);
          ol.appendChild(li);
        });
        shown += next.length;
        if (shown >= found.hits.length) button.remove();
        results.setAttribute('data-answered', query);
      });
    }
    button.addEventListener('click', more);
    results.appendChild(button);
    return more();
  }

  function chapterCounts(hits) {
    var counts = new Map();
    hits.forEach(function (h) {
      var p = page(h.doc);
      if (store.meta.pages[p][2] === 0) counts.set(p, (counts.get(p) || 0) + 1);
    });
    var section = document.createElement('details');
    section.className = 'search-chapters';
    section.open = counts.size <= 12;
    var title = document.createElement('summary');
    title.textContent = text.byChapter;
    section.appendChild(title);
    var ul = document.createElement('ul');
    Array.from(counts.keys()).sort(function (a, b) { return a - b; }).forEach(function (p) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + store.meta.pages[p][0];
      a.textContent = store.meta.pages[p][1];
      li.append(a, ' — ' + counts.get(p));
      li.setAttribute('data-count', counts.get(p));
      ul.appendChild(li);
    });
    section.appendChild(ul);
    return section;
  }
})(this);
