/* letopis search: the search box of every page, its suggestions as you type, and the
   results on search.html. Works from a disk (file: URLs): the index is a set of scripts under
   static/search/ that call letopisSearch.meta/terms/docs, loaded with <script>
   elements on the first keystroke and then only the shards a query needs.

   A word becomes a key exactly as letopis did it at build time (src/render/search/
   tokens.rs): Unicode words, lower case, ё read as е, the Snowball stem of the word's
   script in a Russian or English book (static/snowball.js), and in Russian a fleeting
   vowel dropped (стахановец → стахановц). */
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

  function fold(word) {
    return word.toLowerCase().replace(/ё/g, 'е');
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
     with a Cyrillic letter gets the Russian stem and its fleeting vowel dropped, any
     other the English stem; without, words are only folded. */
  function keyMaker(stemmers) {
    if (!stemmers) return fold;
    var russian = stemmers.newStemmer('russian');
    var english = stemmers.newStemmer('english');
    return function (word) {
      var folded = fold(word);
      return /[а-я]/.test(folded) ? dropFleetingVowel(russian.stem(folded)) : english.stem(folded);
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

  /* The digits of base 85, as BASE85 in src/render/search/mod.rs. */
  var BASE85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%()*+,-./:;=?@[]^_|~';
  var DIGIT = {};
  for (var d = 0; d < 85; d++) DIGIT[BASE85.charCodeAt(d)] = d;

  /* Five digits as four bytes; a last group of k + 1 digits as k bytes, the missing
     digits read as the highest (Ascii85's rule), which leaves the k bytes right. */
  function fromBase85(text) {
    var rest = text.length % 5;
    var out = new Uint8Array((text.length - rest) / 5 * 4 + (rest ? rest - 1 : 0));
    var o = 0;
    for (var i = 0; i < text.length; i += 5) {
      var len = Math.min(5, text.length - i);
      var n = 0;
      for (var j = 0; j < 5; j++) n = n * 85 + (j < len ? DIGIT[text.charCodeAt(i + j)] : 84);
      for (var k = 0; k < len - 1; k++) out[o++] = Math.floor(n / Math.pow(256, 3 - k)) % 256;
    }
    return out;
  }

  /* A file's data: base 85 of raw-deflated JSON (see pack in src/render/search/mod.rs). */
  function unpack(packed) {
    var bytes = fromBase85(packed);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text().then(JSON.parse);
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { words: words, fold: fold, keyMaker: keyMaker, shardOf: shardOf, parseQuery: parseQuery, unpack: unpack };
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
     data, and then the data itself. */
  var store = { meta: null, terms: {}, docs: {} };
  var unpacking = { terms: {}, docs: {} };
  function keep(kind) {
    return function (n, packed) {
      unpacking[kind][n] = unpack(packed).then(function (data) { store[kind][n] = data; });
    };
  }
  var unpackingMeta = null;
  global.letopisSearch = {
    meta: function (packed) {
      unpackingMeta = unpack(packed).then(function (m) { store.meta = m; });
    },
    terms: keep('terms'),
    docs: keep('docs')
  };

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

  /* The documents holding every key, with the sum of its weights, best first; with a
     phrase, only those holding it, checked in that order until `limit` are found (all
     when no limit): the suggestions need not read every document of a large edition.
     `complete` says whether every candidate was checked. */
  function search(query, limit) {
    var loading = start();
    return loading.key.then(function (key) {
      var q = parseQuery(query, key);
      if (!q.keys.length) return { query: q, hits: [], key: key };
      var shards = q.keys.map(function (k) { return shardOf(k, termShards); });
      return Promise.all(shards.map(function (n) { return shard('terms', n); }).concat([loading.meta]))
        .then(function () {
          var lists = q.keys.map(function (k, i) { return store.terms[shards[i]][k] || []; });
          lists.sort(function (a, b) { return a.length - b.length; });
          var scores = decode(lists[0]);
          for (var i = 1; i < lists.length && scores.size; i++) {
            var next = decode(lists[i]);
            var kept = new Map();
            scores.forEach(function (w, doc) { if (next.has(doc)) kept.set(doc, w + next.get(doc)); });
            scores = kept;
          }
          var hits = [];
          scores.forEach(function (w, doc) { hits.push({ doc: doc, score: w }); });
          hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
          if (!q.phrases.length) return { query: q, hits: hits, key: key, complete: true };
          var kept = [];
          var checked = 0;
          function more() {
            if (checked >= hits.length || (limit && kept.length >= limit)) {
              return { query: q, hits: kept, key: key, complete: checked >= hits.length };
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

  function decode(flat) {
    var map = new Map();
    var doc = 0;
    for (var i = 0; i < flat.length; i += 2) {
      doc += flat[i];
      map.set(doc, flat[i + 1]);
    }
    return map;
  }

  /* Loads the document shards that hold `hits`. */
  function docs(hits) {
    var starts = store.meta.docShards;
    var wanted = {};
    hits.forEach(function (h) { wanted[floorIndex(starts, h.doc)] = true; });
    return Promise.all(Object.keys(wanted).map(function (n) { return shard('docs', n); }));
  }

  function doc(id) {
    var starts = store.meta.docShards;
    var n = floorIndex(starts, id);
    return store.docs[n][id - starts[n]];
  }

  /* The page a document belongs to: [url, title, kind]. */
  function pageOf(id) {
    return store.meta.pages[floorIndex(store.meta.pageStarts, id)];
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
          var count = found.hits.length + (found.complete ? '' : '+');
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
  if (results && pageQuery !== null) {
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
      var p = floorIndex(store.meta.pageStarts, h.doc);
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
