//! The postings of the index on a small hand-made edition, and the order in which the
//! browser ranks them: `rank` below does what `weigh` and `search` in `search.js` do.

use super::docs::{Doc, NAMED, PagePart};
use super::*;
use std::collections::BTreeSet;

/// One term shard: the fixture is small.
const SHARDS: usize = 1;

fn part(docs: &[(&str, &[&str])], ru: &Normalizer) -> PagePart {
    let mut keys = Keys::new(ru);
    let docs = docs
        .iter()
        .map(|(text, names)| {
            let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
            Doc::new(
                "p-1".to_owned(),
                &names,
                Some((*text).to_owned()),
                &mut keys,
            )
        })
        .collect();
    PagePart::new(docs, &mut keys, SHARDS, true)
}

/// A chapter (page 0) and two entries (pages 1 and 2), with how often the text refers
/// to each page.
/// The pages of `count` chapters, `N.html` titled `title(N)`.
fn chapter_infos(count: usize, title: impl Fn(usize) -> String) -> Vec<PageInfo> {
    (0..count)
        .map(|n| PageInfo(format!("{n}.html"), title(n), docs::PageKind::Chapter, 0))
        .collect()
}

fn fixture(ru: &Normalizer) -> (Vec<PagePart>, Vec<usize>) {
    let chapter = part(
        &[
            // 0: the name once, in a long passage.
            (
                "Слово взял нарком тяжёлой промышленности товарищ Орджоникидзе и долго говорил о плане угледобычи на шахтах Донбасса",
                &[],
            ),
            // 1: the name twice, in a short one.
            ("Орджоникидзе ответил Орджоникидзе", &[]),
            // 2: the name once, in a short one.
            ("Реплика Орджоникидзе", &[]),
            // 3: no name.
            ("Инженеры и стахановцы", &[]),
        ],
        ru,
    );
    // The entry, whose description does not repeat the name; 30 places.
    let elder = part(
        &[(
            "нарком, старший брат П.К. Орджоникидзе",
            &["Орджоникидзе Г.К.", "Серго"],
        )],
        ru,
    );
    // His brother: a shorter entry, 2 places.
    let younger = part(&[("брат", &["Орджоникидзе П.К."])], ru);
    (vec![chapter, elder, younger], vec![0, 30, 2])
}

/// The weight of each document holding `word`'s key, as `search.js` works it out.
fn weights(
    parts: &[PagePart],
    refs: &[usize],
    ru: &Normalizer,
    word: &str,
) -> Vec<((usize, u32), f64)> {
    let key = ru.key(word);
    let n: usize = parts.iter().map(|p| p.docs).sum();
    let list: Vec<(usize, docs::Posting<'_>)> = (parts.iter().enumerate())
        .flat_map(|(page, part)| part.postings().map(move |p| (page, p)))
        .filter(|(_, p)| p.key == key)
        .collect();
    let df = list.len() as f64;
    let idf = (1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln();
    list.into_iter()
        .map(|(page, p)| {
            let mut w = 100.0 * idf * 2.2 * f64::from(p.level & (NAMED - 1)) / 63.0;
            if p.level & NAMED != 0 {
                w += 100_000.0 + 10.0 * refs[page].min(5_000) as f64;
            }
            ((page, p.doc), w)
        })
        .collect()
}

/// The documents holding `word`'s key, best first.
fn ranked(parts: &[PagePart], refs: &[usize], ru: &Normalizer, word: &str) -> Vec<(usize, u32)> {
    let mut list = weights(parts, refs, ru, word);
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    list.into_iter().map(|(doc, _)| doc).collect()
}

#[test]
fn an_entry_whose_name_matches_comes_first_then_by_frequency_and_length() {
    let ru = Normalizer::new("ru");
    let (parts, refs) = fixture(&ru);
    // Both brothers' pages before any passage; the one the text refers to most first.
    assert_eq!(
        ranked(&parts, &refs, &ru, "Орджоникидзе"),
        [(1, 0), (2, 0), (0, 1), (0, 2), (0, 0)]
    );
    assert_eq!(ranked(&parts, &refs, &ru, "Серго"), [(1, 0)]);
    // A word of the entry's description but not its names is not marked.
    let key = ru.key("нарком");
    let marked: Vec<_> = parts[1].postings().filter(|p| p.key == key).collect();
    assert!(marked.len() == 1 && marked.iter().all(|p| p.level < NAMED));
}

#[test]
fn a_rare_word_weighs_more_than_a_common_one() {
    let ru = Normalizer::new("ru");
    let (parts, refs) = fixture(&ru);
    let weight = |word: &str, doc: (usize, u32)| {
        weights(&parts, &refs, &ru, word)
            .into_iter()
            .find(|(d, _)| *d == doc)
            .map(|(_, w)| w)
            .unwrap()
    };
    // In passage 3 both words occur once, and both are rare: equal.
    assert_eq!(weight("инженер", (0, 3)), weight("стахановец", (0, 3)));
    // «Орджоникидзе» is in six documents, «промышленности» in one.
    assert!(weight("промышленность", (0, 0)) > weight("Орджоникидзе", (0, 0)));
}

#[test]
fn a_pages_postings_are_split_by_shard_and_depend_on_that_page_alone() {
    let ru = Normalizer::new("ru");
    let part = || {
        let mut keys = Keys::new(&ru);
        let docs = vec![
            Doc::new(String::new(), &["Глава".into()], None, &mut keys),
            Doc::passage(
                "p-1".into(),
                "Инженеры и стахановцы, инженеры".into(),
                &mut keys,
            ),
        ];
        PagePart::new(docs, &mut keys, 4, true)
    };
    let (part, again) = (part(), part());
    let mut listed = 0;
    for shard in 0..4 {
        for (key, list) in part.lists_in(shard) {
            assert_eq!(key_hash(key) as usize % 4, shard, "{key}");
            listed += list.len();
        }
    }
    // Only the shards it has postings in are listed, in order.
    assert!(part.shards.windows(2).all(|w| w[0].shard() < w[1].shard()));
    assert!(
        part.shards
            .iter()
            .all(|s| part.lists_in(s.shard()).count() > 0)
    );
    let keys: Vec<(&str, u32, u8)> = {
        let mut keys: Vec<_> = (part.postings()).map(|p| (p.key, p.doc, p.level)).collect();
        keys.sort();
        keys
    };
    assert_eq!(listed, keys.len());
    // The title is a name; «инженеры» twice outweighs «и» once in the same passage.
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert_eq!(keys[0].0, "глав");
    assert!(keys[0].2 > NAMED);
    let level = |key: &str| keys.iter().find(|k| k.0 == ru.key(key)).unwrap().2;
    assert!(level("инженеры") > level("и"), "{keys:?}");
    // The same documents give the same postings and fingerprints.
    assert!(again.postings().eq(part.postings()));
    assert_eq!(again.shards, part.shards);
    assert_eq!(again.print, part.print);
}

#[test]
fn a_key_lands_in_the_same_shard_as_search_js_computes() {
    // FNV-1a over code points; the values are those `search.js` gives.
    assert_eq!(key_hash(""), 0x811c_9dc5);
    assert_eq!(key_hash("a"), 0xe40c_292c);
}

#[test]
fn only_the_files_a_changed_page_is_in_are_packed_again() {
    let ru = Normalizer::new("ru");
    let shards = 8;
    let page = |text: &str| {
        let mut keys = Keys::new(&ru);
        let doc = Doc::passage("p-1".into(), text.into(), &mut keys);
        PagePart::new(vec![doc], &mut keys, shards, true)
    };
    let mut texts: Vec<String> = (0..9).map(|n| format!("Глава {n} о плане")).collect();
    // Every letter of the edit is in the edition already (see below for a new one).
    texts[8] = "Глава 8 о плане и стахановцах".into();
    let infos = chapter_infos(9, |n| format!("{n}"));
    let mut memo = HashMap::new();
    let mut pack = |texts: &[String]| {
        let parts: Vec<PagePart> = texts.iter().map(|t| page(t)).collect();
        let parts: Vec<&PagePart> = parts.iter().collect();
        let files = Files {
            infos: &infos,
            texts: &|page| vec![DocText::new("p-1".into(), &[], Some(texts[page].clone()))],
            parts: &parts,
            chapters: 9,
            term_shards: shards,
            postings: true,
            printed: true,
        };
        files.pack(&mut memo);
        memo.clone()
    };
    let first = pack(&texts);
    let mut edited = texts.clone();
    edited[5] = "Глава 5 о плане и стахановцах".into();
    let second = pack(&edited);
    let again: Vec<&str> = (first.iter())
        .filter(|(path, (_, bytes))| !Arc::ptr_eq(bytes, &second[*path].1))
        .map(|(path, _)| path.as_str())
        .collect();
    // The second shard of chapters (4 to 7) and the term shards of the new words are
    // packed again; of the others, only those of the edited passage's words (whose
    // weights follow its length), not meta.js, whose pages and number of documents
    // are the same.
    let shard_of = |w: &str| format!("{FOLDER}/t-{}.js", key_hash(&ru.key(w)) as usize % shards);
    let words = ["глава", "5", "о", "плане", "и", "стахановцах"];
    for path in &again {
        let term = words.iter().any(|w| shard_of(w) == *path);
        assert!(term || *path == "static/search/d-1.js", "{path}");
    }
    for path in [
        "static/search/d-1.js".to_owned(),
        shard_of("и"),
        shard_of("стахановцах"),
    ] {
        assert!(again.contains(&path.as_str()), "{path}: {again:?}");
    }
    assert_eq!(first.len(), 1 + shards + 3);

    // A character new to the edition changes the code page: every file is packed again.
    edited[5] = "Глава 5 о щуке".into();
    let third = pack(&edited);
    assert!(
        (second.iter()).all(|(path, (_, bytes))| !Arc::ptr_eq(bytes, &third[path].1)),
        "{:?}",
        third.keys()
    );
}

#[test]
fn a_small_editions_term_shards_leave_the_postings_to_the_browser() {
    let ru = Normalizer::new("ru");
    let texts = |edited: &str, n: usize| {
        let text = if n == 5 {
            edited
        } else {
            "Инженеры и стахановцы"
        };
        vec![
            DocText::new(String::new(), &[format!("Глава {n}")], None),
            DocText::new("p-1".into(), &[], Some(text.into())),
        ]
    };
    let infos = chapter_infos(6, |n| format!("Глава {n}"));
    let mut memo = HashMap::new();
    let mut pack = |edited: &str| {
        let mut keys = Keys::new(&ru);
        let parts: Vec<PagePart> = (0..6)
            .map(|n| {
                let docs = texts(edited, n).into_iter();
                let docs = docs.map(|text| Doc::of(text, &mut keys)).collect();
                PagePart::new(docs, &mut keys, 2, true)
            })
            .collect();
        let parts: Vec<&PagePart> = parts.iter().collect();
        let files = Files {
            infos: &infos,
            texts: &|n| texts(edited, n),
            parts: &parts,
            chapters: 6,
            term_shards: 2,
            postings: false,
            printed: true,
        };
        files.pack(&mut memo);
        memo.clone()
    };
    let first = pack("Инженеры и стахановцы");
    // One document shard for all six chapters (the browser loads them all anyway), and
    // term shards that say only that they hold nothing.
    let names: Vec<&str> = first
        .keys()
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        names,
        [
            "static/search/d-0.js",
            "static/search/meta.js",
            "static/search/t-0.js",
            "static/search/t-1.js"
        ]
    );
    assert_eq!(
        &*first["static/search/t-1.js"].1,
        b"letopisSearch.terms(1,null);\n"
    );
    // An edit (in letters of the code page) packs the documents again, not the term
    // shards.
    let second = pack("Инженеры и стахановцы, и инженеры");
    let again: BTreeSet<&str> = (first.iter())
        .filter(|(path, (_, bytes))| !Arc::ptr_eq(bytes, &second[*path].1))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(again, BTreeSet::from(["static/search/d-0.js"]));
}

#[test]
fn a_document_that_begins_with_names_says_how_long_they_are() {
    let ru = Normalizer::new("ru");
    let mut keys = Keys::new(&ru);
    let names = ["Орджоникидзе Г.К.".to_owned(), "Серго".to_owned()];
    let texts = vec![
        DocText::new(String::new(), &names, Some("нарком".into())),
        DocText::new(String::new(), &["Серго".into()], None),
        DocText::new("p-1".into(), &[], Some("Серго".into())),
    ];
    let docs = (texts.iter().cloned())
        .map(|text| Doc::of(text, &mut keys))
        .collect();
    let part = PagePart::new(docs, &mut keys, 1, true);
    assert_eq!(part.length, 34 + 5 + 5);
    // The names' words are marked, the description's not.
    let named: BTreeSet<&str> = (part.postings())
        .filter(|p| p.level > NAMED)
        .map(|p| p.key)
        .collect();
    let expected = ["Орджоникидзе", "Г.К", "Серго"].map(|w| ru.key(w));
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(named, expected);
    let shown = |title| {
        let docs = docs::Shown {
            docs: &texts,
            title,
        };
        // In a code page of no letters, every one written as JSON's `\uXXXX`.
        let alphabet = pack::Alphabet::default();
        let mut json = alphabet.json(0);
        docs.write(&mut json);
        serde_json::from_slice::<serde_json::Value>(&json.into_bytes()).expect("JSON")
    };
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
    // "Орджоникидзе Г.К. · Серго": 25 UTF-16 units, then the description; a document
    // that is all names and the page's title is not written again, a passage is.
    assert_eq!(
        shown("Серго"),
        json(r#"[["","Орджоникидзе Г.К. · Серго · нарком",25],["",0],["p-1","Серго"]]"#)
    );
    assert_eq!(
        shown("Орджоникидзе"),
        json(r#"[["","Орджоникидзе Г.К. · Серго · нарком",25],["","Серго",5],["p-1","Серго"]]"#)
    );
}
