//! The weights of the index on a small hand-made edition: the order in which the
//! browser, which only adds them up, ranks the results.

use super::*;

fn page(title: &str, kind: PageKind, docs: Vec<Doc>) -> PageDocs {
    PageDocs {
        info: PageInfo(format!("{title}.html"), title.to_owned(), kind),
        docs,
    }
}

fn passage(text: &str, normalizer: &Normalizer) -> Doc {
    doc("p-1".to_owned(), text.to_owned(), &[], normalizer)
}

/// The documents holding `word`'s key, best first (the browser's order for one word).
fn ranked(index: &Index, normalizer: &Normalizer, word: &str) -> Vec<u32> {
    let mut list = index.postings[&normalizer.key(word)].clone();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.into_iter().map(|(id, _)| id).collect()
}

fn entry(names: &[&str], description: &str, refs: usize, ru: &Normalizer) -> Doc {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let text = names.join(" · ") + " · " + description;
    Doc {
        refs,
        ..doc(String::new(), text, &names, ru)
    }
}

fn fixture(ru: &Normalizer) -> Vec<PageDocs> {
    vec![
        page(
            "chapter",
            PageKind::Chapter,
            vec![
                // 0: the name once, in a long passage.
                passage(
                    "Слово взял нарком тяжёлой промышленности товарищ Орджоникидзе и долго говорил о плане угледобычи на шахтах Донбасса",
                    ru,
                ),
                // 1: the name twice, in a short one.
                passage("Орджоникидзе ответил Орджоникидзе", ru),
                // 2: the name once, in a short one.
                passage("Реплика Орджоникидзе", ru),
                // 3: no name.
                passage("Инженеры и стахановцы", ru),
            ],
        ),
        page(
            "ordzhonikidze-gk",
            PageKind::Entry,
            // 4: the entry, whose description does not repeat the name; 30 places.
            vec![entry(
                &["Орджоникидзе Г.К.", "Серго"],
                "нарком, старший брат П.К. Орджоникидзе",
                30,
                ru,
            )],
        ),
        page(
            "ordzhonikidze-pk",
            PageKind::Entry,
            // 5: his brother: a shorter entry, 2 places.
            vec![entry(&["Орджоникидзе П.К."], "брат", 2, ru)],
        ),
    ]
}

#[test]
fn an_entry_whose_name_matches_comes_first_then_by_frequency_and_length() {
    let ru = Normalizer::new("ru");
    let pages = fixture(&ru);
    let index = Index::weigh(&pages);
    // Both brothers' pages before any passage; the one the text refers to most first.
    assert_eq!(ranked(&index, &ru, "Орджоникидзе"), [4, 5, 1, 2, 0]);
    assert_eq!(ranked(&index, &ru, "Серго"), [4]);
    // A word of the entry's description but not its names gets no boost.
    assert!(
        index.postings[&ru.key("нарком")]
            .iter()
            .all(|&(_, w)| w < NAME_BOOST)
    );
}

#[test]
fn a_rare_word_weighs_more_than_a_common_one() {
    let ru = Normalizer::new("ru");
    let index = Index::weigh(&fixture(&ru));
    let weight = |word: &str, doc: u32| {
        index.postings[&ru.key(word)]
            .iter()
            .find(|(id, _)| *id == doc)
            .map(|(_, w)| *w)
    };
    // In passage 3 both words occur once, and both are rare: equal.
    assert_eq!(weight("инженер", 3), weight("стахановец", 3));
    // «Орджоникидзе» is in six documents, «промышленности» in one.
    assert!(weight("промышленность", 0) > weight("Орджоникидзе", 0));
}

#[test]
fn shards_hold_every_key_once_and_documents_in_order() {
    let ru = Normalizer::new("ru");
    let pages = fixture(&ru);
    let index = Index::weigh(&pages);
    let files = index.files(&pages, &index.term_shards());
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "static/search/meta.js",
            "static/search/t-0.js",
            "static/search/d-0.js"
        ]
    );
    assert!(files[0].bytes.starts_with(b"letopisSearch.meta(\""));
    let meta = Meta {
        doc_shards: vec![0],
        pages: pages.iter().map(|p| &p.info).collect(),
        page_starts: vec![0, 4, 5],
    };
    assert_eq!(
        serde_json::to_string(&meta).unwrap(),
        "{\"docShards\":[0],\"pages\":[[\"chapter.html\",\"chapter\",0],\
         [\"ordzhonikidze-gk.html\",\"ordzhonikidze-gk\",1],\
         [\"ordzhonikidze-pk.html\",\"ordzhonikidze-pk\",1]],\"pageStarts\":[0,4,5]}"
    );
    assert!(files[1].bytes.starts_with(b"letopisSearch.terms(0,\""));
    assert!(files[2].bytes.starts_with(b"letopisSearch.docs(0,\""));

    let (docs, starts) = doc_shards(&pages);
    assert_eq!(starts, [0]);
    assert_eq!(docs[0][0], ("p-1", docs[0][0].1));
    assert_eq!(docs[0][3], ("p-1", "Инженеры и стахановцы"));
    assert_eq!(docs[0].len(), 6);
    let terms = index.term_shards();
    // Document numbers after the first are gaps: 1, 2 (+1), 0 (+2 … the entries).
    let list = &terms[0][ru.key("Орджоникидзе").as_str()];
    let gaps: Vec<u32> = list.iter().step_by(2).copied().collect();
    assert_eq!(gaps, [0, 1, 1, 2, 1]);
    assert!(list[7] > NAME_BOOST, "{list:?}");
}

#[test]
fn base85_writes_five_digits_for_four_bytes_and_k_plus_one_for_the_rest() {
    assert_eq!(base85(b""), "");
    assert_eq!(base85(&[0, 0, 0, 0]), "00000");
    assert_eq!(base85(&[255, 255, 255, 255]), "_NsC0");
    assert_eq!(base85(&[0, 0, 0, 1, 0]), "0000100");
    assert_eq!(base85(&[1]), "0R");
}

#[test]
fn a_key_lands_in_the_same_shard_as_search_js_computes() {
    // FNV-1a over code points; the values are those `search.js` gives.
    assert_eq!(shard_of("", 7), 0x811c_9dc5_usize % 7);
    assert_eq!(shard_of("a", 1000), 0xe40c_292c_usize % 1000);
}
