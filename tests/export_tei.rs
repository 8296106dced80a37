//! `letopis export tei`: the edition as a TEI P5 document, checked on the parsed XML
//! (every mention, note, speech turn and citation of a fixture in its element, with its
//! reference) and against the `tei_all` schema with jing.

mod support;

use roxmltree::{Document, Node};
use support::{BOOK_EN, TestEdition, repo_root};

const TEI: &str = "http://www.tei-c.org/ns/1.0";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// A chapter with every construct the export maps: mentions of three classes, a speech
/// turn over two paragraphs, a note called twice (with a mention and a citation in it),
/// a citation of two works, a section, a quote and a list.
fn fixture() -> TestEdition {
    let book = format!(
        "{BOOK_EN}\n[registers.person]\n[registers.enterprise]\n[registers.theme]\n[registers.session]\n"
    );
    let chapter = "---\ntitle: Opening\nsummary: Who opened it.\nthemes: [norms]\n---\n\n\
        [Elkin](person:elkin) opened the meeting at [the plant](enterprise:plant) \
        [@steno, p. 3].[^a]\n\n\
        **[Yolkin](person:yolkin):** We discussed the [norms](theme:norms).[^a]\n\n\
        And the plans [@steno, pp. 4–5; @press].\n\n\
        ## Later\n\n\
        > A quote on [the first day](session:day-one).\n\n\
        - An item.\n\n\
        [^a]: A note on [the chair](person:elkin) [@press].\n";
    TestEdition::new(&book)
        .file("content/chapters/01-opening.md", chapter)
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Elkin E.\n  label: E. Elkin\n  aliases: [Jolkin]\n  related: [person:yolkin]\n\
             yolkin:\n  name: Yolkin Y.\n  description: Spoke on [norms](theme:norms).\n",
        )
        .file("content/registers/enterprises.yaml", "plant:\n  name: The Plant\n")
        .file("content/registers/themes.yaml", "norms:\n  name: Norms\n")
        .file(
            "content/registers/sessions.yaml",
            "day-one:\n  name: First day\n  date: 1936-06-25\n",
        )
        .file(
            "content/sources.yaml",
            "steno:\n  short: Stenogram, 1936\n  title: The record.\n  kind: stenogram\n\
             press:\n  short: Press, 1936\n",
        )
}

/// Runs `letopis export tei --out FILE` and returns the document's text.
fn export(edition: &TestEdition) -> String {
    let (run, out) = edition.export_tei();
    run.assert_success();
    std::fs::read_to_string(&out).expect("the exported document")
}

fn tei<'a>(node: Node<'a, 'a>, name: &str) -> Vec<Node<'a, 'a>> {
    node.descendants()
        .filter(|n| n.tag_name().namespace() == Some(TEI) && n.tag_name().name() == name)
        .collect()
}

/// All the text inside `node`.
fn words(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

fn xml_id<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((XML, "id"))
}

/// `element@attribute` of each element of `names`, in document order, inside `root`.
fn refs<'a>(root: Node<'a, 'a>, names: &[&str], attribute: &str) -> Vec<(String, String)> {
    root.descendants()
        .filter(|n| n.tag_name().namespace() == Some(TEI) && names.contains(&n.tag_name().name()))
        .map(|n| {
            let value = n.attribute(attribute).unwrap_or("").to_owned();
            (n.tag_name().name().to_owned(), value)
        })
        .collect()
}

#[test]
fn every_mention_is_named_with_its_entry() {
    let text = export(&fixture());
    let doc = Document::parse(&text).expect("well-formed XML");
    let body = tei(doc.root(), "body")[0];
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        refs(body, &["persName", "orgName", "rs"], "ref"),
        pairs(&[
            ("persName", "#person.elkin"),
            ("orgName", "#enterprise.plant"),
            ("persName", "#person.elkin"), // in the note, written at its first call
            ("persName", "#person.yolkin"),
            ("rs", "#theme.norms"),
            ("rs", "#session.day-one"),
        ])
    );
    let rs_types: Vec<_> = tei(body, "rs")
        .iter()
        .map(|n| n.attribute("type"))
        .collect();
    assert_eq!(rs_types, [Some("theme"), Some("session")]);
    let speaker = tei(body, "speaker")[0];
    assert_eq!(speaker.text(), None, "the speaker holds the mention");
    assert_eq!(tei(speaker, "persName")[0].text(), Some("Yolkin"));
}

#[test]
fn every_citation_is_a_bibl_pointing_to_its_source() {
    let text = export(&fixture());
    let doc = Document::parse(&text).expect("well-formed XML");
    let body = tei(doc.root(), "body")[0];
    let cited: Vec<(String, Option<String>, Option<String>)> = tei(body, "bibl")
        .iter()
        .map(|bibl| {
            let ptr = tei(*bibl, "ptr")[0].attribute("target").map(str::to_owned);
            let range = tei(*bibl, "citedRange").first().map(|r| {
                format!(
                    "{} {}-{}",
                    r.text().unwrap_or(""),
                    r.attribute("from").unwrap_or(""),
                    r.attribute("to").unwrap_or("")
                )
            });
            (
                bibl.parent_element()
                    .expect("a parent")
                    .tag_name()
                    .name()
                    .to_owned(),
                ptr,
                range,
            )
        })
        .collect();
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(
        cited,
        [
            ("p".to_owned(), s("#bibl.steno"), s("p. 3 3-3")),
            ("note".to_owned(), s("#bibl.press"), None),
            ("p".to_owned(), s("#bibl.steno"), s("pp. 4–5 4-5")),
            ("p".to_owned(), s("#bibl.press"), None),
        ]
    );
    let sources: Vec<_> = tei(doc.root(), "sourceDesc")[0]
        .descendants()
        .filter_map(xml_id)
        .collect();
    assert_eq!(sources, ["bibl.steno", "bibl.press"]);
}

#[test]
fn a_note_stands_where_it_is_first_called_and_later_calls_point_to_it() {
    let text = export(&fixture());
    let doc = Document::parse(&text).expect("well-formed XML");
    let notes = tei(doc.root(), "note");
    let notes: Vec<_> = notes
        .iter()
        .filter(|n| n.attribute("place") == Some("foot"))
        .collect();
    assert_eq!(notes.len(), 1, "{text}");
    let note = notes[0];
    assert_eq!(xml_id(*note), Some("opening.fn-1"));
    assert_eq!(note.attribute("n"), Some("1"));
    assert_eq!(
        xml_id(note.parent().expect("a paragraph")),
        Some("opening.p-1")
    );
    let said = words(*note);
    assert!(said.starts_with("A note on the chair"), "{said}");
    let calls: Vec<_> = tei(doc.root(), "ptr")
        .into_iter()
        .filter(|p| p.attribute("type") == Some("noteref"))
        .map(|p| {
            (
                xml_id(p.parent().expect("a paragraph")),
                p.attribute("target"),
            )
        })
        .collect();
    assert_eq!(calls, [(Some("opening.p-2"), Some("#opening.fn-1"))]);
}

#[test]
fn a_speech_turn_is_an_sp_with_its_speaker_and_paragraphs() {
    let text = export(&fixture());
    let doc = Document::parse(&text).expect("well-formed XML");
    let turns = tei(doc.root(), "sp");
    assert_eq!(turns.len(), 1);
    let turn = turns[0];
    assert_eq!(turn.attribute("who"), Some("#person.yolkin"));
    let children: Vec<_> = turn
        .children()
        .filter(Node::is_element)
        .map(|n| (n.tag_name().name(), xml_id(n)))
        .collect();
    assert_eq!(
        children,
        [
            ("speaker", None),
            ("p", Some("opening.p-2")),
            ("p", Some("opening.p-3"))
        ]
    );
    assert_eq!(words(tei(turn, "speaker")[0]), "Yolkin:");
    let first = words(tei(turn, "p")[0]);
    assert!(first.starts_with("We discussed the norms"), "{first}");
}

#[test]
fn chapters_sections_and_passages_keep_the_pages_anchors() {
    let text = export(&fixture());
    let doc = Document::parse(&text).expect("well-formed XML");
    let divs: Vec<_> = tei(doc.root(), "div")
        .iter()
        .map(|d| (d.attribute("type"), xml_id(*d)))
        .collect();
    assert_eq!(
        divs,
        [
            (Some("chapter"), Some("opening")),
            (Some("section"), Some("opening.later"))
        ]
    );
    let chapter = tei(doc.root(), "div")[0];
    assert_eq!(chapter.attribute("ana"), Some("#theme.norms"));
    let ids: Vec<_> = chapter.descendants().filter_map(xml_id).collect();
    assert_eq!(
        ids,
        [
            "opening",
            "opening.p-1",
            "opening.fn-1",
            "opening.p-2",
            "opening.p-3",
            "opening.later",
            "opening.p-4", // the quote, around its paragraph
            "opening.p-5",
            "opening.p-6",
        ]
    );
    assert_eq!(tei(chapter, "anchor").len(), 1);
}

/// Lists of every kind, and code blocks between paragraphs: a list item's text after
/// its nested list, or a code block in it, was written with the item's first words,
/// before the nested items (and glued to them: «a b ccode»), and two code blocks of
/// the body were written together at the first.
fn lists() -> TestEdition {
    let chapter = "---\ntitle: Lists\n---\n\nIntro.\n\n\
        - plain item\n\
        - text with *emphasis* and more\n\
        - a [mention](person:elkin) in the middle\n\
        - a note call[^n] then text\n\
        - outer *item*\n  - inner one\n  - inner *two*\n  ```\n  code after inner\n  ```\n\
        - - nested at once\n\
        - before code\n  ```\n  code\n  ```\n  after code\n\n\
        1. first paragraph\n\n   second paragraph\n\
        2. outer\n   - inner\n\n   outer again [@steno]\n\n\
        Between.\n\n```\ncode one\n```\n\nAnd.\n\n```\ncode two\n```\n\nEnd.\n\n\
        [^n]: The note.\n";
    TestEdition::new(&format!("{BOOK_EN}\n[registers.person]\n"))
        .file("content/chapters/01-lists.md", chapter)
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Elkin E.\n",
        )
        .file("content/sources.yaml", "steno:\n  short: Stenogram, 1936\n")
}

/// The text of `root` (notes left out) in reading order, cut where the nearest block
/// around it (`p`, `item`, `label`, `head`) changes: «a» «b» «a» for `<item>a<list><item>b
/// </item></list>a</item>`.
fn blocks(root: Node<'_, '_>) -> Vec<String> {
    let mut blocks: Vec<(roxmltree::NodeId, String)> = Vec::new();
    let text = root
        .descendants()
        .filter(|n| n.is_text() && !n.ancestors().any(|a| a.tag_name().name() == "note"));
    for node in text {
        let Some(block) = node
            .ancestors()
            .find(|a| ["p", "item", "label", "head"].contains(&a.tag_name().name()))
        else {
            continue;
        };
        let words = node.text().unwrap_or("");
        match blocks.last_mut() {
            Some((id, last)) if *id == block.id() => last.push_str(words),
            _ => blocks.push((block.id(), words.to_owned())),
        }
    }
    blocks
        .into_iter()
        .map(|(_, words)| words.trim().to_owned())
        .filter(|words| !words.is_empty())
        .collect()
}

#[test]
fn a_list_items_text_is_written_in_the_order_of_the_markdown() {
    let text = export(&lists());
    let doc = Document::parse(&text).expect("well-formed XML");
    let chapter = tei(doc.root(), "div")[0];
    assert_eq!(
        blocks(chapter),
        [
            "Lists",
            "Intro.",
            "plain item",
            "text with emphasis and more",
            "a mention in the middle",
            "a note call then text",
            "outer item",
            "inner one",
            "inner two",
            "code after inner",
            "nested at once",
            "before code",
            "code",
            "after code",
            "first paragraph",
            "second paragraph",
            "outer",
            "inner",
            "outer again",
            "Between.",
            "code one",
            "And.",
            "code two",
            "End.",
        ]
    );
    // The items keep the page's anchors; a piece after a block of the item has none.
    let outer = tei(chapter, "p")
        .into_iter()
        .find(|p| words(*p) == "outer again ")
        .expect("the outer item's second paragraph");
    assert!(
        xml_id(outer).is_some(),
        "a paragraph of the page keeps its id"
    );
    let code = tei(chapter, "p")
        .into_iter()
        .find(|p| words(*p).trim() == "code after inner")
        .expect("the item's code block");
    assert_eq!(xml_id(code), None);
}

/// An element's name and its attributes `names`, as `name a="v"`, for comparing shapes.
fn shape(node: Node<'_, '_>, names: &[(&str, &str)]) -> String {
    let mut out = node.tag_name().name().to_owned();
    for (label, name) in names {
        let value = match *name {
            "xml:id" => xml_id(node),
            name => node.attribute(name),
        };
        if let Some(value) = value {
            out.push_str(&format!(" {label}={value}"));
        }
    }
    out
}

#[test]
fn lists_are_lists_of_items_nested_in_their_items_with_the_pages_anchors() {
    let text = export(&lists());
    let doc = Document::parse(&text).expect("well-formed XML");
    let chapter = tei(doc.root(), "div")[0];
    let attrs = [("rend", "rend"), ("id", "xml:id"), ("n", "n")];
    // Every list and item, indented by the lists around it.
    let outline: Vec<String> = chapter
        .descendants()
        .filter(|n| ["list", "item"].contains(&n.tag_name().name()))
        .map(|n| {
            let depth = n
                .ancestors()
                .skip(1)
                .filter(|a| a.tag_name().name() == "list")
                .count();
            format!("{}{}", "  ".repeat(depth), shape(n, &attrs))
        })
        .collect();
    assert_eq!(
        outline,
        [
            "list rend=bulleted",
            "  item id=lists.p-2",
            "  item id=lists.p-3",
            "  item id=lists.p-4",
            "  item id=lists.p-5",
            "  item id=lists.p-6",
            "  list rend=bulleted",
            "    item id=lists.p-7",
            "    item id=lists.p-8",
            "  item id=lists.p-9",
            "  list rend=bulleted",
            "    item id=lists.p-10",
            "  item id=lists.p-11",
            "list rend=numbered",
            "  item id=lists.p-12 n=1",
            "  item id=lists.p-15 n=2",
            "  list rend=bulleted",
            "    item id=lists.p-17",
        ]
    );
    // A tight item's words are the item's own; a loose one's paragraphs are its `p`s,
    // with the page's anchors.
    let items = tei(chapter, "item");
    let children = |item: Node<'_, '_>| -> Vec<String> {
        item.children()
            .filter(Node::is_element)
            .map(|n| shape(n, &[("rend", "rend"), ("id", "xml:id")]))
            .collect()
    };
    let text_item = items[1];
    assert_eq!(children(text_item), ["hi rend=italic"]);
    assert_eq!(words(text_item), "text with emphasis and more");
    let loose = items[10];
    assert_eq!(children(loose), ["p id=lists.p-13", "p id=lists.p-14"]);
    assert_eq!(
        children(items[11]),
        ["p id=lists.p-16", "list rend=bulleted", "p id=lists.p-18"]
    );
}

/// A list that starts at 3 numbers its items from 3, as the page does.
#[test]
fn a_numbered_lists_items_carry_their_numbers_from_its_start() {
    let text = export(&heading_in_item());
    let doc = Document::parse(&text).expect("well-formed XML");
    let lists: Vec<String> = tei(tei(doc.root(), "div")[1], "list")
        .into_iter()
        .map(|list| {
            let items: Vec<String> = tei(list, "item")
                .into_iter()
                .map(|i| format!("{}:{}", i.attribute("n").unwrap_or("-"), words(i)))
                .collect();
            format!(
                "{} {}",
                list.attribute("rend").unwrap_or(""),
                items.join(" ")
            )
        })
        .collect();
    assert_eq!(lists, ["numbered 3:third 4:fourth", "bulleted -:a bullet"]);
}

/// A heading inside a list item (`- ## Inside`), and a list that starts at 3.
fn heading_in_item() -> TestEdition {
    let chapter =
        "---\ntitle: Odd\n---\n\nFirst.\n\n- one\n- ## Inside\n  its words\n- three\n\nAfter.\n";
    let steps = "---\ntitle: Steps\n---\n\n3. third\n4. fourth\n\n- a bullet\n";
    TestEdition::new(BOOK_EN)
        .file("content/chapters/01-odd.md", chapter)
        .file("content/chapters/02-steps.md", steps)
}

#[test]
fn a_heading_inside_a_list_item_is_the_items_label_and_the_list_goes_on() {
    let text = export(&heading_in_item());
    let doc = Document::parse(&text).expect("well-formed XML");
    let divs: Vec<_> = tei(doc.root(), "div")
        .iter()
        .map(|d| d.attribute("type"))
        .collect();
    assert_eq!(
        divs,
        [Some("chapter"), Some("chapter")],
        "no section opens inside the list"
    );
    let lists = tei(tei(doc.root(), "div")[0], "list");
    assert_eq!(lists.len(), 1);
    let items = tei(lists[0], "item");
    assert_eq!(items.len(), 3);
    let label = tei(items[1], "label");
    assert_eq!(label.len(), 1);
    assert_eq!(xml_id(label[0]), Some("odd.inside"));
    assert_eq!(words(label[0]), "Inside");
    let chapter = tei(doc.root(), "div")[0];
    assert_eq!(
        blocks(chapter),
        [
            "Odd",
            "First.",
            "one",
            "Inside",
            "its words",
            "three",
            "After."
        ]
    );
}

/// Inline markup of every kind, nested, around a mention, a note call and a citation.
fn markup() -> TestEdition {
    let chapter = "---\ntitle: Marked\n---\n\n\
        Plain *italic **bold inside** italic* then ~~struck~~ and `a < b` code.\n\n\
        *Said by [Elkin](person:elkin)*, **cited [@steno, p. 3]**, *noted[^n]* end.\n\n\
        **[Elkin](person:elkin):** The turn *goes on*.\n\n\
        ## A *marked* heading\n\n\
        - an *item*\n\n\
        [^n]: A *marked* note.\n";
    TestEdition::new(&format!("{BOOK_EN}\n[registers.person]\n"))
        .file("content/chapters/01-marked.md", chapter)
        .file(
            "content/registers/persons.yaml",
            "elkin:\n  name: Elkin E.\n",
        )
        .file("content/sources.yaml", "steno:\n  short: Stenogram, 1936\n")
}

/// The elements inside `node` and its text, as `<name rend>text</name>`, attributes
/// `rend` and `ref` only: the shape of a paragraph's inline markup.
fn inline(node: Node<'_, '_>) -> String {
    node.children()
        .map(|n| {
            if n.is_text() {
                return n.text().unwrap_or("").to_owned();
            }
            let name = n.tag_name().name();
            let attrs: String = ["rend", "ref", "target", "n"]
                .iter()
                .filter_map(|a| n.attribute(*a).map(|v| format!(" {a}={v}")))
                .collect();
            format!("<{name}{attrs}>{}</{name}>", inline(n))
        })
        .collect()
}

#[test]
fn emphasis_strong_strikethrough_and_code_are_hi_and_code_and_nest() {
    let text = export(&markup());
    let doc = Document::parse(&text).expect("well-formed XML");
    let chapter = tei(doc.root(), "div")[0];
    let paragraphs = tei(chapter, "p");
    assert_eq!(
        inline(paragraphs[0]),
        "Plain <hi rend=italic>italic <hi rend=bold>bold inside</hi> italic</hi> then \
         <hi rend=strikethrough>struck</hi> and <code>a < b</code> code."
    );
    assert_eq!(
        inline(paragraphs[1]),
        "<hi rend=italic>Said by <persName ref=#person.elkin>Elkin</persName></hi>, \
         <hi rend=bold>cited <bibl><ptr target=#bibl.steno></ptr><citedRange>p. 3</citedRange></bibl></hi>, \
         <hi rend=italic>noted<note n=1>A <hi rend=italic>marked</hi> note.</note></hi> end."
    );
    // A speech turn's bold is how Markdown marks it: the speaker is not `hi`.
    let turn = tei(chapter, "sp")[0];
    assert_eq!(
        inline(tei(turn, "speaker")[0]),
        "<persName ref=#person.elkin>Elkin</persName>:"
    );
    assert_eq!(
        inline(tei(turn, "p")[0]),
        "The turn <hi rend=italic>goes on</hi>."
    );
    let head = tei(chapter, "head")[1];
    assert_eq!(inline(head), "A <hi rend=italic>marked</hi> heading");
    let item = tei(chapter, "item")[0];
    assert_eq!(inline(item), "an <hi rend=italic>item</hi>");
}

#[test]
fn registers_become_lists_of_persons_organisations_events_and_a_taxonomy() {
    let text = export(&fixture());
    let doc = Document::parse(&text).expect("well-formed XML");
    let ids = |name: &str| -> Vec<String> {
        tei(doc.root(), name)
            .iter()
            .filter_map(|n| xml_id(*n).map(str::to_owned))
            .collect()
    };
    assert_eq!(ids("person"), ["person.elkin", "person.yolkin"]);
    assert_eq!(ids("org"), ["enterprise.plant"]);
    assert_eq!(ids("event"), ["session.day-one"]);
    assert_eq!(ids("category"), ["theme.norms"]);
    let event = tei(doc.root(), "event")[0];
    assert_eq!(event.attribute("when"), Some("1936-06-25"));
    let elkin = tei(doc.root(), "person")[0];
    let names: Vec<_> = tei(elkin, "persName")
        .iter()
        .map(|n| (n.attribute("type"), n.text()))
        .collect();
    assert_eq!(
        names,
        [
            (None, Some("Elkin E.")),
            (Some("label"), Some("E. Elkin")),
            (Some("alias"), Some("Jolkin"))
        ]
    );
    assert_eq!(
        tei(elkin, "ptr")[0].attribute("target"),
        Some("#person.yolkin")
    );
    let yolkin = tei(doc.root(), "person")[1];
    assert_eq!(tei(yolkin, "rs")[0].attribute("ref"), Some("#theme.norms"));
}

#[test]
fn the_header_comes_from_book_toml() {
    let edition = fixture();
    edition.write(
        "book.toml",
            "[book]\ntitle = \"Plenum\"\nsubtitle = \"A study\"\nauthors = [\"A. Editor\"]\n\
             language = \"ru\"\ndescription = \"About it.\"\n\n[site]\nbase-url = \"https://example.org/plenum/\"\n\
             [registers.person]\n[registers.enterprise]\n[registers.theme]\n[registers.session]\n",
    );
    let text = export(&edition);
    let doc = Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.attribute((XML, "lang")), Some("ru"));
    let text_of =
        |name: &str| -> Vec<String> { tei(root, name).iter().map(|n| words(*n)).collect() };
    assert_eq!(text_of("titleStmt"), ["Plenum\nA study\nA. Editor\n"]);
    assert_eq!(text_of("abstract"), ["About it.\n"]);
    assert_eq!(text_of("publicationStmt"), ["https://example.org/plenum/"]);
    assert_eq!(tei(root, "language")[0].attribute("ident"), Some("ru"));
}

/// The fixture with every optional key of `[book]` that a citation needs.
fn published(publisher: bool) -> TestEdition {
    let edition = fixture();
    let publisher = if publisher {
        "publisher = \"Letopis Press\"\n"
    } else {
        ""
    };
    edition.write(
        "book.toml",
        format!(
            "[book]\ntitle = \"Plenum\"\neditors = [\"E. Editor\"]\n{publisher}year = 2026\n\
             edition = \"2nd edition\"\nlicence = \"CC BY 4.0\"\nlanguage = \"en\"\n\n\
             [registers.person]\n[registers.enterprise]\n[registers.theme]\n[registers.session]\n"
        ),
    );
    edition
}

#[test]
fn the_header_names_editors_edition_publisher_year_and_licence() {
    let text = export(&published(true));
    let doc = Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    let one = |name: &str| words(tei(root, name)[0]);
    assert_eq!(one("editor"), "E. Editor");
    assert_eq!(one("edition"), "2nd edition");
    assert_eq!(one("publisher"), "Letopis Press");
    assert_eq!(tei(root, "date")[0].attribute("when"), Some("2026"));
    assert_eq!(one("licence"), "CC BY 4.0");
    let text = export(&published(false));
    let doc = Document::parse(&text).expect("well-formed XML");
    let statement = words(tei(doc.root_element(), "publicationStmt")[0]);
    assert_eq!(statement, "2026, CC BY 4.0");
}

#[test]
fn an_edition_with_errors_is_not_exported() {
    let edition = fixture().file(
        "content/chapters/02-bad.md",
        "---\ntitle: Bad\n---\n\n[Nobody](person:nobody).\n",
    );
    let (run, out) = edition.export_tei();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown person id 'nobody'"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing is written");
}

/// The schema is `shared/schemas/tei_all.rng` beside the repository (as CI lays it out);
/// `TEI_ALL_RNG` names another copy.
fn schema() -> std::path::PathBuf {
    std::env::var_os("TEI_ALL_RNG").map_or_else(
        || repo_root().join("../shared/schemas/tei_all.rng"),
        std::path::PathBuf::from,
    )
}

#[track_caller]
fn assert_valid(edition: &TestEdition) {
    let (run, out) = edition.export_tei();
    run.assert_success();
    let schema = schema();
    assert!(schema.exists(), "no TEI schema at {}", schema.display());
    let run = support::Run::of({
        let mut jing = std::process::Command::new("jing");
        jing.arg(&schema).arg(&out);
        jing
    });
    assert_eq!(run.code, 0, "not valid TEI:\n{}{}", run.stdout, run.stderr);
}

#[test]
#[ignore = "needs jing and shared/schemas"]
fn the_bundled_edition_exports_valid_tei() {
    assert_valid(&TestEdition::bundled());
}

#[test]
#[ignore = "needs jing and shared/schemas"]
fn the_fixture_exports_valid_tei() {
    assert_valid(&fixture());
    assert_valid(&lists());
    assert_valid(&markup());
    assert_valid(&heading_in_item());
    assert_valid(&published(true));
    assert_valid(&published(false));
    assert_valid(&support::theme_edition("en"));
    assert_valid(&letters());
}

/// Two documents: one whose authors, addressees, place and original are entries and a
/// source, dated to the day; one of text parties, dated by a range, and one undated.
fn letters() -> TestEdition {
    let book = format!("{BOOK_EN}\n[registers.place]\n");
    TestEdition::new(&book)
        .file(
            "content/chapters/01-to-suvorin.md",
            "---\ntitle: To Suvorin\nkind: letter\ndate: 1888-10-27\nplace: place:moscow\n\
             from: [person:chekhov]\nto: [person:suvorin, enterprise:nv]\n\
             source: \"[@rgali, ff. 1–2v]\"\n---\n\nDear [Suvorin](person:suvorin), from [Moscow](place:moscow).\n",
        )
        .file(
            "content/chapters/02-note.md",
            "---\ntitle: A note\nkind: draft letter\ndate: ~1889-03-01/1889-03-04\nplace: Sumy\n\
             from: [A stranger]\nto: [person:chekhov]\n---\n\nCalled, missed you.\n",
        )
        .file(
            "content/chapters/03-plain.md",
            "---\ntitle: Plain\n---\n\nText.\n",
        )
        .file(
            "content/registers/persons.yaml",
            "chekhov:\n  name: Chekhov A.\nsuvorin:\n  name: Suvorin A.\n",
        )
        .file(
            "content/registers/enterprises.yaml",
            "nv:\n  name: Novoye Vremya\n",
        )
        .file("content/registers/places.yaml", "moscow:\n  name: Moscow\n")
        .file("content/sources.yaml", "rgali:\n  short: RGALI, f. 549\n")
}

/// Each element of `node`'s children (TEI elements only) as `name@attr=value…: words`.
fn described(node: Node<'_, '_>) -> Vec<String> {
    node.children()
        .filter(Node::is_element)
        .map(|n| {
            let attrs: Vec<String> = n
                .attributes()
                .map(|a| format!("@{}={}", a.name(), a.value()))
                .collect();
            let text = words(n).replace('\n', "");
            format!("{}{}: {text}", n.tag_name().name(), attrs.join(""))
        })
        .collect()
}

#[test]
fn a_documents_date_place_authors_addressees_and_original_are_its_correspdesc() {
    let text = export(&letters());
    let doc = Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    let descs = tei(root, "correspDesc");
    let ids: Vec<_> = descs.iter().map(|d| xml_id(*d).unwrap_or("")).collect();
    assert_eq!(
        ids,
        ["to-suvorin.document", "note.document"],
        "an undated text without a header has none"
    );
    assert!(descs.iter().all(|d| {
        d.parent()
            .is_some_and(|p| p.has_tag_name((TEI, "profileDesc")))
    }));
    assert_eq!(
        described(descs[0]),
        [
            "note@type=kind: letter",
            "correspAction@type=sent: Chekhov A.Moscow27 October 1888",
            "correspAction@type=received: Suvorin A.Novoye Vremya",
            "note@type=original: ff. 1–2v",
        ]
    );
    let sent = tei(descs[0], "correspAction")[0];
    assert_eq!(
        described(sent),
        [
            "persName@ref=#person.chekhov: Chekhov A.",
            "placeName@ref=#place.moscow: Moscow",
            "date@when=1888-10-27: 27 October 1888",
        ]
    );
    let received = tei(descs[0], "correspAction")[1];
    assert_eq!(
        described(received),
        [
            "persName@ref=#person.suvorin: Suvorin A.",
            "orgName@ref=#enterprise.nv: Novoye Vremya",
        ]
    );
    let original = tei(descs[0], "bibl")[0];
    assert_eq!(
        described(original),
        [
            "ptr@target=#bibl.rgali: ",
            "citedRange@from=1@to=2: ff. 1–2v"
        ]
    );
    let sent = tei(descs[1], "correspAction")[0];
    assert_eq!(
        described(sent),
        [
            "name: A stranger",
            "placeName: Sumy",
            "date@from=1889-03-01@to=1889-03-04@cert=low: c. 1–4 March 1889",
        ]
    );
    // Each chapter's div declares its document.
    let decls: Vec<_> = tei(root, "div")
        .into_iter()
        .filter(|d| d.attribute("type") == Some("chapter"))
        .map(|d| d.attribute("decls").unwrap_or(""))
        .collect();
    assert_eq!(decls, ["#to-suvorin.document", "#note.document", ""]);
}

#[test]
fn a_register_of_places_is_a_list_of_places_and_its_mentions_are_place_names() {
    let text = export(&letters());
    let doc = Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    let lists = tei(root, "listPlace");
    assert_eq!(lists.len(), 1, "{text}");
    assert_eq!(
        described(lists[0]),
        ["head: place", "place@id=place.moscow: Moscow"]
    );
    assert!(tei(root, "taxonomy").is_empty(), "places are no terms");
    let body = tei(root, "body")[0];
    assert_eq!(
        refs(body, &["placeName", "rs"], "ref"),
        [("placeName".to_owned(), "#place.moscow".to_owned())]
    );
}
