//! The browser's words are the build's words, and its postings the build's postings.
//!
//! Every distinct word of the bundled edition, cut from the index's own documents by the
//! theme's `search.js` under Node and keyed with the vendored Snowball stemmers, must
//! give a key the build put in the index (rust-stemmers), and every key of the index
//! must be given by some word. A stemmer that differs on one word, or a word boundary
//! found differently, leaves a word without its key and that key unused. And since a
//! small edition's term shards leave the postings to the browser, which makes them from
//! the documents (`keyedDocs`), the postings it makes must be those the build writes
//! for a larger one, key by key: same documents, same weights, same names marked.

mod support;

use serde::Deserialize;
use std::process::Command;
use support::TestEdition;

/// Reads the built index under `static/search/` as the browser would, keys every word
/// of every document with search.js, makes the postings of every key of the term
/// shards from the documents, and prints what it found as JSON.
const KEYS_JS: &str = r#"
const path = require('path'), fs = require('fs');
const out = process.argv[2];
const search = require(path.join(out, 'static/search.js'));
const key = search.keyMaker(require(path.join(out, 'static/snowball.js')));
const packed = [];
let meta;
global.letopisSearch = {
  meta: m => { meta = search.unpackJson(m); },
  docs: (n, d) => packed.push(meta.then(m => search.unpackDocs(d, m, n)).then(d => ['docs', n, d])),
  terms: (n, t) => packed.push(t === null ? ['terms', n, null]
    : meta.then(m => search.unpackTerms(t, m)).then(t => ['terms', n, Object.fromEntries(t)])),
};
const folder = path.join(out, 'static/search');
eval(fs.readFileSync(path.join(folder, 'meta.js'), 'utf8'));
for (const file of fs.readdirSync(folder).filter(f => /^[dt]-\d+\.js$/.test(f))) {
  eval(fs.readFileSync(path.join(folder, file), 'utf8'));
}
Promise.all([meta, ...packed]).then(([m, ...shards]) => {
  const pages = [], terms = {};
  let postings = true;
  shards.filter(s => s[0] === 'docs').sort((a, b) => a[1] - b[1]).forEach(s => pages.push(...s[2]));
  for (const [kind, , data] of shards) {
    if (kind === 'terms') { if (data) Object.assign(terms, data); else postings = false; }
  }
  const keyOf = new Map();
  for (const [, text] of pages.flat()) for (const w of search.words(text)) keyOf.set(w.word, key(w.word));
  const given = new Set(keyOf.values());
  const keyed = search.keyedDocs(pages, key);
  const same = Object.keys(terms).filter(k => JSON.stringify(keyed.get(k)) === JSON.stringify(terms[k]));
  const otherwise = Object.keys(terms).filter(k => JSON.stringify(keyed.get(k)) !== JSON.stringify(terms[k]))
    .slice(0, 5).map(k => [k, JSON.stringify(terms[k]), JSON.stringify(keyed.get(k))]);
  const named = Object.values(terms).flat().filter((l, i) => i % 2 === 1 && l >= search.NAMED).length;
  console.log(JSON.stringify({
    postings,
    documents: pages.flat().length,
    docs: m.docs,
    words: keyOf.size,
    keys: Object.keys(terms).length,
    same: same.length,
    named,
    otherwise,
    differ: [...keyOf].filter(([, k]) => !(k in terms)).slice(0, 20),
    unused: Object.keys(terms).filter(k => !given.has(k)),
    sample: ['стахановец', 'стахановцев', 'engineers', '1936', 'աբգ', 'აბგ'].map(w => [w, keyOf.get(w)]),
    found: ['стахановц', 'орджоникидз'].map(k => (keyed.get(k) || []).length / 2),
    alphabet: [...m.alphabet].length,
    pages: postings ? [] : pages,
  }));
});
"#;

#[derive(Debug, Deserialize)]
struct Keys {
    /// Whether the term shards hold postings.
    postings: bool,
    documents: usize,
    docs: usize,
    words: usize,
    keys: usize,
    /// How many keys the browser gives the same postings as the build.
    same: usize,
    /// How many postings the build marks as names.
    named: usize,
    otherwise: Vec<(String, String, String)>,
    differ: Vec<(String, String)>,
    unused: Vec<String>,
    sample: Vec<(String, Option<String>)>,
    /// How many documents the browser's own postings give for стахановц, орджоникидз.
    found: Vec<usize>,
    alphabet: usize,
    /// Every page's documents as the browser read them, when it keys them itself.
    pages: Vec<serde_json::Value>,
}

/// The keys search.js finds in the index of `edition`, built.
fn browser_keys(edition: &TestEdition) -> Keys {
    edition.build().assert_clean();
    let script = edition.root().join("keys.js");
    std::fs::write(&script, KEYS_JS).unwrap();
    let output = Command::new("node")
        .arg(&script)
        .arg(edition.root().join("public"))
        .output()
        .expect("node on the PATH (Debian: apt-get install nodejs)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
#[ignore = "needs node"]
fn every_word_of_the_bundled_edition_gets_the_same_key_and_postings_in_the_browser() {
    // Four times the bundled chapters: the term shards hold the postings.
    let keys = browser_keys(&TestEdition::bundled_times(3));
    assert!(keys.postings, "{keys:?}");
    assert_eq!(
        keys.differ,
        Vec::<(String, String)>::new(),
        "words keyed otherwise"
    );
    assert_eq!(keys.unused, Vec::<String>::new(), "keys no word gives");
    // Both scripts are there, and numbers; the fleeting vowel is dropped in the browser.
    assert!(keys.words > 3_000 && keys.keys > 1_500, "{keys:?}");
    let sample: Vec<(&str, Option<&str>)> = keys
        .sample
        .iter()
        .map(|(w, k)| (w.as_str(), k.as_deref()))
        .collect();
    assert_eq!(
        sample,
        [
            ("стахановец", Some("стахановц")),
            ("стахановцев", Some("стахановц")),
            ("engineers", Some("engin")),
            ("1936", Some("1936")),
            ("աբգ", None),
            ("აბგ", None),
        ]
    );
    // The browser's postings are the build's, names marked as the build marks them.
    assert_eq!(keys.otherwise, Vec::<(String, String, String)>::new());
    assert_eq!(keys.same, keys.keys);
    assert!(keys.named > 300, "{keys:?}");
}

#[test]
#[ignore = "needs node"]
fn the_bundled_editions_term_shards_leave_the_postings_to_the_browser() {
    let edition = TestEdition::bundled();
    let keys = browser_keys(&edition);
    assert!(!keys.postings, "{keys:?}");
    // What the browser read of the documents (all in one shard) is what Rust reads, a
    // document written as a number being its page's title, all names.
    let folder = edition.root().join("public/static/search");
    let read = |file: &str| std::fs::read_to_string(folder.join(file)).unwrap();
    let meta = support::unpack_search_file(&read("meta.js"), "");
    assert_eq!(meta["docShards"], serde_json::json!([0]));
    let alphabet = meta["alphabet"].as_str().unwrap();
    let docs = support::unpack_search_file(&read("d-0.js"), alphabet);
    let mut titles = 0;
    for (page, (docs, read)) in docs.as_array().unwrap().iter().zip(&keys.pages).enumerate() {
        let mut docs = docs.clone();
        for doc in docs.as_array_mut().unwrap() {
            if doc[1] == 0 {
                let title = meta["pages"][page][1].as_str().unwrap();
                *doc = serde_json::json!([doc[0], title, title.encode_utf16().count()]);
                titles += 1;
            }
        }
        assert_eq!(&docs, read);
    }
    assert_eq!(keys.pages.len(), meta["pages"].as_array().unwrap().len());
    assert!(titles >= 11, "every chapter's title: {titles}");
    assert_eq!((keys.keys, keys.documents), (0, keys.docs));
    assert!(keys.words > 3_000, "{keys:?}");
    let [stakhanovites, ordzhonikidze] = keys.found[..] else {
        panic!("{keys:?}")
    };
    assert!(stakhanovites > 10 && ordzhonikidze > 10, "{keys:?}");
}

/// More characters beyond ASCII than the index's code page holds: the rarest are
/// escaped in the documents and in the keys, and the browser reads them back.
#[test]
#[ignore = "needs node"]
fn keys_with_characters_beyond_the_code_page_are_read_back_in_the_browser() {
    // Armenian and Georgian letters, three to a word, each once: with the bundled
    // edition's Cyrillic, over 128 characters, these the rarest.
    let words: Vec<String> = [('ա'..='ֆ'), ('ა'..='ჰ')]
        .into_iter()
        .flat_map(|letters| {
            let letters: Vec<char> = letters.collect();
            letters
                .chunks(3)
                .map(|w| w.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    let edition = TestEdition::bundled_times(3).file(
        "content/chapters/99-letters.md",
        &format!("---\ntitle: \"Letters\"\n---\n\n{}\n", words.join(" ")),
    );
    let keys = browser_keys(&edition);
    assert!(keys.postings);
    assert_eq!(keys.alphabet, 128);
    assert_eq!(keys.differ, Vec::<(String, String)>::new());
    assert_eq!(keys.unused, Vec::<String>::new());
    let letters: Vec<(&str, Option<&str>)> = (keys.sample[4..].iter())
        .map(|(w, k)| (w.as_str(), k.as_deref()))
        .collect();
    assert_eq!(letters, [("աբգ", Some("աբգ")), ("აბგ", Some("აბგ"))]);
}
