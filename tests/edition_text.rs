//! Fidelity test for the repository's own edition (content/): the chapters, once their
//! markup is stripped, must hold every sentence of the source text
//! (tests/data/plenum-1936-seed.txt, a PDF extraction), in the source's order, and
//! nothing else; every footnote of the source must sit in the note with the same label.
//!
//! Both sides are reduced to a comparison key: lowercase letters and digits only. That
//! makes line-end hyphenation, spacing, letter-spacing (`Орд жоникидзе`), split
//! ligatures (`Th e`) and punctuation irrelevant, while every word and number counts.
//!
//! Chapter side: YAML front matter is stripped by hand; a title counts as text unless
//! the front matter marks it `editorial-title: true`; mentions keep their link text;
//! Pandoc citations `[@key, с. 38]` are resolved to the `short` form from
//! content/sources.yaml (`Совет…, 1936 с. 38`), which keys the same as the printed
//! `[Совет…, 1936. С.38]`; footnote calls are dropped and footnote definitions are
//! collected by label; editorial remarks `*[… — Ред.]*` are dropped.
//!
//! Seed side: footnote blocks (lines starting with the next expected note number,
//! printed between paragraphs) are separated from the body; footnote call numbers
//! glued to the text (`Пленума1`, `хлам»3`, `заводе 11.`) are removed.
//!
//! Only std and pulldown-cmark are used.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const NOTES: usize = 21;

/// The comparison key: lowercase letters and digits, nothing else.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

// ------------------------------------------------------------------------ seed side

struct Seed {
    /// Body text with footnote blocks taken out and footnote calls removed.
    body: String,
    /// Note texts by number (None where the extraction lost the text).
    notes: BTreeMap<usize, Option<String>>,
}

fn leading_number(line: &str) -> Option<(usize, &str)> {
    let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &line[digits.len()..];
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((digits.parse().ok()?, rest.trim_start()))
}

fn parse_seed(text: &str, calls: usize) -> Seed {
    let mut body_lines: Vec<&str> = Vec::new();
    let mut notes: BTreeMap<usize, Option<String>> = BTreeMap::new();
    let mut expect = 1usize;
    let mut current: Option<usize> = None; // inside a footnote block
    for line in text.lines() {
        match leading_number(line) {
            Some((n, rest)) if n == expect => {
                notes.insert(n, Some(rest.to_string()));
                current = Some(n);
                expect += 1;
                continue;
            }
            _ => {}
        }
        if let Some(n) = current {
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with(' ') {
                // the running text resumes (a page's text starts with a space)
                current = None;
            } else {
                let t = notes.get_mut(&n).unwrap().as_mut().unwrap();
                t.push('\n');
                t.push_str(line);
                continue;
            }
        }
        body_lines.push(line);
    }
    for n in 1..=calls {
        notes.entry(n).or_insert(None);
    }
    let body = remove_footnote_calls(&body_lines.join("\n"), calls);
    Seed { body, notes }
}

/// Removes the footnote calls 1..=`calls` from the running text. A call is the next
/// expected number, glued to a letter, `»` or `)` (`Пленума1`, `хлам»3`, `(ГТЭ)7`),
/// or separated by a space from a word and followed by a full stop (`заводе 11.`),
/// and not followed by another digit. The calls must be found in order, all of them.
fn remove_footnote_calls(body: &str, calls: usize) -> String {
    let chars: Vec<char> = body.chars().collect();
    let mut drop = vec![false; chars.len()];
    let mut from = 0usize;
    let mut found = Vec::new();
    for n in 1..=calls {
        let digits: Vec<char> = n.to_string().chars().collect();
        let mut hit = None;
        let mut i = from;
        while i + digits.len() <= chars.len() {
            if chars[i..i + digits.len()] == digits[..] && i > 0 {
                let before = chars[i - 1];
                let after = chars.get(i + digits.len()).copied().unwrap_or(' ');
                let glued = before.is_alphabetic() || before == '»' || before == ')';
                let spaced =
                    before.is_whitespace() && i > 1 && chars[i - 2].is_alphabetic() && after == '.';
                if (glued || spaced) && !after.is_ascii_digit() {
                    hit = Some(i);
                    break;
                }
            }
            i += 1;
        }
        let i =
            hit.unwrap_or_else(|| panic!("seed: footnote call {n} not found after call {}", n - 1));
        let start = if chars[i - 1].is_whitespace() {
            i - 1
        } else {
            i
        };
        for d in drop.iter_mut().take(i + digits.len()).skip(start) {
            *d = true;
        }
        let ctx: String = chars[i.saturating_sub(20)..(i + digits.len() + 2).min(chars.len())]
            .iter()
            .collect();
        found.push(format!("{n}: …{ctx}…"));
        from = i + digits.len();
    }
    assert_eq!(found.len(), calls, "footnote calls found: {found:#?}");
    chars
        .iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(c, _)| *c)
        .collect()
}

/// Sentences of the seed's body: split after `.`, `!`, `?` or `…` (with any closing
/// quotes, brackets) followed by whitespace; fragments whose key is shorter than 40
/// characters (initials, `г.`, `С.`) are merged into the following sentence.
fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut raw = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        cur.push(c);
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '»' | ')' | ']' | '"' | '”') {
                cur.push(chars[j]);
                j += 1;
            }
            if j >= chars.len() || chars[j].is_whitespace() {
                raw.push(std::mem::take(&mut cur));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if !cur.trim().is_empty() {
        raw.push(cur);
    }
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for s in raw {
        pending.push_str(&s);
        if key(&pending).chars().count() >= 40 {
            out.push(std::mem::take(&mut pending));
        }
    }
    if !key(&pending).is_empty() {
        match out.last_mut() {
            Some(last) => last.push_str(&pending),
            None => out.push(pending),
        }
    }
    // shown in failure messages: undo the line-end hyphenation for readability
    out.into_iter()
        .map(|s| {
            s.replace("-\n", "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

// --------------------------------------------------------------------- edition side

/// `key: {short: "…"}` / `key:\n  short: "…"` from content/sources.yaml.
fn source_shorts(yaml: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in yaml.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            let (k, rest) = line.split_once(':').expect("sources.yaml: `key:` expected");
            current = Some(k.trim().to_string());
            if let Some(p) = rest.find("short:") {
                let v = rest[p + 6..].split([',', '}']).next().unwrap();
                out.insert(k.trim().to_string(), unquote(v));
            }
        } else if let Some(v) = line.trim().strip_prefix("short:") {
            out.insert(current.clone().expect("short outside an entry"), unquote(v));
        }
    }
    out
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(v);
    v.replace("\\\"", "\"")
}

/// Replaces every Pandoc citation `[@a, loc; @b]` by `[short_a loc; short_b]`.
fn resolve_citations(md: &str, shorts: &BTreeMap<String, String>, file: &str) -> (String, usize) {
    let mut out = String::new();
    let mut rest = md;
    let mut count = 0;
    while let Some(p) = rest.find("[@") {
        out.push_str(&rest[..p]);
        let end = rest[p..]
            .find(']')
            .unwrap_or_else(|| panic!("{file}: unclosed citation"))
            + p;
        let inner = &rest[p + 1..end];
        let mut parts = Vec::new();
        for item in inner.split(';') {
            let item = item.trim();
            let item = item
                .strip_prefix('@')
                .unwrap_or_else(|| panic!("{file}: citation item without @: {item:?}"));
            let (k, loc) = match item.split_once(',') {
                Some((k, loc)) => (k.trim(), loc.trim()),
                None => (item.trim(), ""),
            };
            let short = shorts.get(k).unwrap_or_else(|| {
                panic!("{file}: citation key {k:?} is not in content/sources.yaml")
            });
            parts.push(format!("{short} {loc}"));
            count += 1;
        }
        out.push('[');
        out.push_str(&parts.join("; "));
        out.push(']');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    (out, count)
}

/// Stands in for an editorial remark once the Markdown is parsed (a private-use
/// character: not alphanumeric, so the comparison key ignores it).
const REMARK: char = '\u{e000}';

/// Replaces every editorial remark `*[… — Ред.]*` in the Markdown source by [`REMARK`].
fn mark_editorial(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(p) = rest.find("*[") {
        match rest[p..].find("Ред.]*") {
            Some(e) => {
                out.push_str(&rest[..p]);
                out.push(REMARK);
                rest = &rest[p + e + "Ред.]*".len()..];
            }
            None => {
                out.push_str(&rest[..p + 2]);
                rest = &rest[p + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Drops the remarks marked by [`mark_editorial`]; returns the text and how many there were.
fn drop_editorial(text: &str) -> (String, usize) {
    let n = text.chars().filter(|&c| c == REMARK).count();
    (text.chars().filter(|&c| c != REMARK).collect(), n)
}

struct Chapter {
    file: String,
    title: String,
    editorial_title: bool,
    /// Footnote texts given in the front matter (`footnotes:` map), if any.
    fm_notes: BTreeMap<String, String>,
    body: String,
}

fn split_front_matter(file: &str, text: &str) -> Chapter {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{file}: no front matter"));
    let end = rest
        .find("\n---\n")
        .unwrap_or_else(|| panic!("{file}: unterminated front matter"));
    let (fm, body) = (&rest[..end], &rest[end + 5..]);
    let mut title = None;
    let mut editorial_title = false;
    let mut fm_notes = BTreeMap::new();
    let mut in_notes = false;
    for line in fm.lines() {
        if !line.starts_with(' ') {
            in_notes = false;
        }
        if let Some(v) = line.strip_prefix("title:") {
            title = Some(unquote(v));
        } else if let Some(v) = line.strip_prefix("editorial-title:") {
            editorial_title = v.trim() == "true";
        } else if line.starts_with("footnotes:") {
            in_notes = true;
        } else if let (true, Some((k, v))) = (in_notes, line.trim().split_once(": ")) {
            fm_notes.insert(unquote(k), unquote(v));
        }
    }
    Chapter {
        file: file.to_string(),
        title: title.unwrap_or_else(|| panic!("{file}: no title")),
        editorial_title,
        fm_notes,
        body: body.to_string(),
    }
}

struct Edition {
    /// The running text of all chapters, in file order, titles included unless editorial.
    body: String,
    notes: BTreeMap<String, String>,
    /// Footnote labels in the order they are called across the edition.
    calls: Vec<String>,
    citations: usize,
}

fn load_edition() -> Edition {
    let dir = root().join("content/chapters");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the ten chapters, found {}",
        files.len()
    );
    let shorts = source_shorts(&read(&root().join("content/sources.yaml")));

    let mut ed = Edition {
        body: String::new(),
        notes: BTreeMap::new(),
        calls: Vec::new(),
        citations: 0,
    };
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let ch = split_front_matter(&file, &read(&path));
        assert!(!ch.title.trim().is_empty(), "{file}: empty title");
        if !ch.editorial_title {
            ed.body.push_str(&ch.title);
            ed.body.push('\n');
        }
        for (label, text) in &ch.fm_notes {
            let (t, _) = resolve_citations(&mark_editorial(text), &shorts, &ch.file);
            assert!(
                ed.notes.insert(label.clone(), t).is_none(),
                "{file}: note {label} defined twice"
            );
        }
        let (md, cites) = resolve_citations(&mark_editorial(&ch.body), &shorts, &ch.file);
        ed.citations += cites;
        let mut in_note: Option<(String, String)> = None;
        for ev in Parser::new_ext(&md, Options::ENABLE_FOOTNOTES) {
            match ev {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    in_note = Some((label.to_string(), String::new()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    let (label, text) = in_note.take().unwrap();
                    assert!(
                        ed.notes.insert(label.clone(), text).is_none(),
                        "{file}: note {label} defined twice"
                    );
                }
                Event::FootnoteReference(label) => ed.calls.push(label.to_string()),
                Event::Text(t) | Event::Code(t) => match &mut in_note {
                    Some((_, note)) => note.push_str(&t),
                    None => ed.body.push_str(&t),
                },
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(TagEnd::Paragraph)
                | Event::End(TagEnd::Heading(_)) => match &mut in_note {
                    Some((_, note)) => note.push(' '),
                    None => ed.body.push('\n'),
                },
                Event::Html(h) | Event::InlineHtml(h) => {
                    panic!("{file}: raw HTML in a chapter: {h}")
                }
                _ => {}
            }
        }
    }
    ed
}

fn context(k: &str, at: usize, width: usize) -> String {
    let chars: Vec<char> = k.chars().collect();
    let a = at.saturating_sub(width);
    let b = (at + width).min(chars.len());
    format!(
        "{}⟦{}⟧",
        chars[a..at.min(chars.len())].iter().collect::<String>(),
        chars[at.min(chars.len())..b].iter().collect::<String>()
    )
}

// ---------------------------------------------------------------------------- tests

#[test]
fn every_sentence_of_the_source_is_in_the_chapters_in_order_and_nothing_else() {
    let seed = parse_seed(
        &read(&root().join("tests/data/plenum-1936-seed.txt")),
        NOTES,
    );
    let ed = load_edition();
    let (chapters_text, remarks) = drop_editorial(&ed.body);
    assert!(
        remarks >= 1,
        "the gap in the Russian abstract must be marked by an editorial remark"
    );
    let hay = key(&chapters_text);

    // 1. every sentence of the seed, in order (search from the end of the previous match)
    let sents = sentences(&seed.body);
    assert!(
        sents.len() > 300,
        "only {} sentences: the seed was not split properly",
        sents.len()
    );
    let mut pos = 0usize; // byte offset into hay
    let mut missing = Vec::new();
    for (i, s) in sents.iter().enumerate() {
        let k = key(s);
        match hay[pos..].find(&k) {
            Some(p) => pos += p + k.len(),
            None => {
                let anywhere = hay
                    .find(&k)
                    .map(|_| " (it occurs elsewhere in the chapters: moved?)")
                    .unwrap_or("");
                missing.push(format!("#{i}{anywhere}: {s}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} source sentences are missing from the chapters (or out of order):\n{}",
        missing.len(),
        sents.len(),
        missing.join("\n")
    );

    // 2. nothing else: the normalised chapters equal the normalised source body
    let seed_key = key(&seed.body);
    if hay != seed_key {
        let a: Vec<char> = hay.chars().collect();
        let b: Vec<char> = seed_key.chars().collect();
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        panic!(
            "the chapters hold text that the source does not (or lack some):\n  chapters: …{}…\n  source:   …{}…\n(chapter titles count unless `editorial-title: true`; editorial remarks must be `*[… — Ред.]*`)",
            context(&hay, at, 60),
            context(&seed_key, at, 60)
        );
    }
    println!(
        "{} sentences checked, {} citations resolved",
        sents.len(),
        ed.citations
    );
    assert!(
        ed.citations >= 69,
        "only {} citations resolved",
        ed.citations
    );
}

#[test]
fn every_footnote_of_the_source_is_in_the_note_with_its_label() {
    let seed = parse_seed(
        &read(&root().join("tests/data/plenum-1936-seed.txt")),
        NOTES,
    );
    let ed = load_edition();
    let expected: Vec<String> = (1..=NOTES).map(|n| n.to_string()).collect();
    assert_eq!(
        ed.calls, expected,
        "footnote calls across the edition must run 1–{NOTES}, each once, in order"
    );
    let mut labels: Vec<&String> = ed.notes.keys().collect();
    labels.sort_by_key(|l| l.parse::<usize>().unwrap_or(usize::MAX));
    assert_eq!(
        labels,
        expected.iter().collect::<Vec<_>>(),
        "footnote definitions must be exactly 1–{NOTES}"
    );

    let mut checked = 0;
    let mut bad = Vec::new();
    for n in 1..=NOTES {
        let note = &ed.notes[&n.to_string()];
        let (text, remarks) = drop_editorial(note);
        match &seed.notes[&n] {
            Some(src) => {
                if key(&text) != key(src) {
                    bad.push(format!("note {n}:\n  source:  {src}\n  edition: {note}"));
                }
            }
            None => {
                // the extraction lost the text: the call stays, the note is an editorial remark
                if remarks == 0 || !key(&text).is_empty() {
                    bad.push(format!("note {n}: the source lost its text, so the note must be only an editorial remark `*[… — Ред.]*`, found: {note}"));
                }
            }
        }
        checked += 1;
    }
    assert!(
        bad.is_empty(),
        "footnotes differ from the source:\n{}",
        bad.join("\n")
    );
    assert_eq!(checked, NOTES);
    assert_eq!(
        seed.notes.values().filter(|t| t.is_some()).count(),
        20,
        "the seed keeps the texts of notes 1–20"
    );
}

#[test]
fn the_comparison_key_and_the_seed_parser_behave() {
    assert_eq!(
        key("тяжё-\nлой «Th e» Орд жоникидзе, С. 38"),
        "тяжёлойtheорджоникидзес38"
    );
    let s = parse_seed(
        "Текст Пленума1 и «хлам»2, заводе\u{a0}3.\n\n1 Первая.\n2 Вторая\nпродолжение.\n Дальше текст 4.\n",
        3,
    );
    assert_eq!(
        key(&s.body),
        key("Текст Пленума и «хлам», заводе. Дальше текст 4.")
    );
    assert_eq!(s.notes[&2].as_deref(), Some("Вторая\nпродолжение."));
    assert_eq!(s.notes[&3], None); // called, but its text was lost
    let (t, n) = drop_editorial(&mark_editorial("а *[Пропуск. — Ред.]* б"));
    assert_eq!((key(&t).as_str(), n), ("аб", 1));
}
