//! The browser's words are the build's words: every distinct word of the bundled
//! edition, cut from the index's own documents by the theme's `search.js` under Node and
//! keyed with the vendored Snowball stemmers, must give a key the build put in the index
//! (rust-stemmers), and every key of the index must be given by some word. A stemmer that
//! differs on one word, or a word boundary found differently, leaves a word without its
//! key and that key unused.

mod support;

use serde::Deserialize;
use std::process::Command;
use support::TestEdition;

/// Reads the built index under `static/search/` as the browser would, keys every word
/// of every document with search.js, and prints what it found as JSON.
const KEYS_JS: &str = r#"
const path = require('path'), fs = require('fs');
const out = process.argv[2];
const search = require(path.join(out, 'static/search.js'));
const key = search.keyMaker(require(path.join(out, 'static/snowball.js')));
const packed = [];
let meta;
global.letopisSearch = {
  meta: m => { meta = search.unpackJson(m); },
  docs: (n, d) => packed.push(meta.then(m => search.unpackDocs(d, m.alphabet)).then(d => ['docs', d.flat()])),
  terms: (n, t) => packed.push(meta.then(m => search.unpackTerms(t, m.alphabet)).then(t => ['terms', Object.fromEntries(t)])),
};
const folder = path.join(out, 'static/search');
eval(fs.readFileSync(path.join(folder, 'meta.js'), 'utf8'));
for (const file of fs.readdirSync(folder).filter(f => /^[dt]-\d+\.js$/.test(f))) {
  eval(fs.readFileSync(path.join(folder, file), 'utf8'));
}
let meta_alphabet;
meta.then(m => { meta_alphabet = m.alphabet; });
Promise.all(packed).then(shards => {
const docs = [], terms = {};
for (const [kind, data] of shards) {
  if (kind === 'docs') docs.push(...data); else Object.assign(terms, data);
}
const keyOf = new Map();
for (const [, text] of docs) for (const w of search.words(text)) keyOf.set(w.word, key(w.word));
const given = new Set(keyOf.values());
console.log(JSON.stringify({
  words: keyOf.size,
  keys: Object.keys(terms).length,
  differ: [...keyOf].filter(([, k]) => !(k in terms)),
  unused: Object.keys(terms).filter(k => !given.has(k)),
  sample: ['стахановец', 'стахановцев', 'engineers', '1936', 'աբգ', 'აბგ'].map(w => [w, keyOf.get(w)]),
  alphabet: [...meta_alphabet].length,
}));
});
"#;

#[derive(Debug, Deserialize)]
struct Keys {
    words: usize,
    keys: usize,
    differ: Vec<(String, String)>,
    unused: Vec<String>,
    sample: Vec<(String, Option<String>)>,
    alphabet: usize,
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
fn every_word_of_the_bundled_edition_gets_the_same_key_in_the_browser() {
    let keys = browser_keys(&TestEdition::bundled());
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
    let edition = TestEdition::bundled().file(
        "content/chapters/99-letters.md",
        &format!("---\ntitle: \"Letters\"\n---\n\n{}\n", words.join(" ")),
    );
    let keys = browser_keys(&edition);
    assert_eq!(keys.alphabet, 128);
    assert_eq!(keys.differ, Vec::<(String, String)>::new());
    assert_eq!(keys.unused, Vec::<String>::new());
    let letters: Vec<(&str, Option<&str>)> = (keys.sample[4..].iter())
        .map(|(w, k)| (w.as_str(), k.as_deref()))
        .collect();
    assert_eq!(letters, [("աբգ", Some("աբգ")), ("აბგ", Some("აბგ"))]);
}
