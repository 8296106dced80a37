//! No-break spaces bound at build time, in the HTML of running text only.
//!
//! A line must not end on an initial («Г.К.» | «Орджоникидзе»), part a number from its
//! unit («1936» | «г.», «с.» | «38», «50» | «%») or start with a dash. Browsers cannot
//! know this, so the spaces there are written as `&nbsp;`. Only the HTML changes: the
//! editor's files, the plain text of passages (search, snippets) and everything that is
//! not running text (code, attributes, URLs, alt text) never pass through here, because
//! the writer calls [`push_html`] for text events alone.
//!
//! Initials printed without a space («Г.К.Орджоникидзе») get no space added. UAX #14
//! already forbids a break after the full stop there, but `hyphens: auto` and
//! `overflow-wrap` may still split the name, so the group is wrapped in
//! `<span class="nobr">` (`white-space: nowrap` in the theme). A span rather than
//! U+2060 WORD JOINER: it is valid HTML, leaves the text itself untouched, so finding
//! «Г.К.Орджоникидзе» in the page and copying it give exactly the source's characters,
//! where an invisible joiner would ride along into every copy and defeat some finds.
//!
//! The rules hold for Russian and English alike and are applied to both.

use crate::html::push_escaped;

/// Abbreviations that stand before a number and must stay on its line: «с. 38»,
/// «p. 12», «№ 5».
const BEFORE_NUMBER: [&str; 7] = ["с.", "С.", "p.", "pp.", "P.", "№", "§"];

/// Units that follow a number and must stay on its line: «1936 г.», «250 с.», «50 %».
const AFTER_NUMBER: [&str; 6] = ["г.", "гг.", "с.", "pp.", "p.", "%"];

/// Appends `text` to `out`, escaped, with the no-break spaces and no-wrap groups above.
pub(crate) fn push_html(out: &mut String, text: &str) {
    let marks = marks(text);
    let mut from = 0;
    for (at, mark) in marks {
        push_escaped(out, &text[from..at]);
        match mark {
            Mark::Bind => {
                out.push_str("&nbsp;");
                from = at + 1;
            }
            Mark::NoWrapStart => {
                out.push_str("<span class=\"nobr\">");
                from = at;
            }
            Mark::NoWrapEnd => {
                out.push_str("</span>");
                from = at;
            }
        }
    }
    push_escaped(out, &text[from..]);
}

/// What happens at a byte of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// The whitespace byte here (a space or a soft line break) becomes `&nbsp;`.
    Bind,
    /// A no-wrap group starts here.
    NoWrapStart,
    /// A no-wrap group ends here.
    NoWrapEnd,
}

/// The marks of `text`, by byte offset, in order.
fn marks(text: &str) -> Vec<(usize, Mark)> {
    // Every rule needs a full stop (initials, units), a digit or a dash (whose UTF-8
    // starts with E2), and most runs of text between two mentions have none of them.
    if !text
        .bytes()
        .any(|b| b == b'.' || b == 0xE2 || b.is_ascii_digit())
    {
        return Vec::new();
    }
    let words = words(text);
    let mut marks = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if let Some(glued) = glued_initials(&text[word.clone()]) {
            marks.push((word.start + glued.start, Mark::NoWrapStart));
            marks.push((word.start + glued.end, Mark::NoWrapEnd));
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let gap = &text[word.end..next.start];
        let after = words.get(i + 2).map(|w| &text[w.clone()]);
        if is_one_space(gap) && binds(&text[word.clone()], &text[next.clone()], after) {
            marks.push((word.end, Mark::Bind));
        }
    }
    // A text that opens with a space before a dash: the text after a link or emphasis.
    if let Some(first) = words.first()
        && is_one_space(&text[..first.start])
        && starts_with_dash(&text[first.clone()])
    {
        marks.insert(0, (0, Mark::Bind));
    }
    marks
}

/// The byte ranges of the words of `text`: runs of anything but whitespace
/// (`char::is_whitespace`). Read byte by byte: only a character that starts with one of
/// the bytes [`may_be_space`] names can be Unicode whitespace, so the Cyrillic and
/// Latin letters that make nearly all of an edition are passed over without decoding
/// them or asking Unicode's tables.
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, len) = if may_be_space(b) {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        } else {
            (false, 1)
        };
        match (space, start) {
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// Whether a character starting with byte `b` may be whitespace: the ASCII spaces,
/// and the lead bytes of U+0085, U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and
/// U+3000 (E3). A byte inside a character (80–BF) never starts one, and is never
/// where a word starts, as every character before it is stepped over whole.
fn may_be_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Only a single space or line break is bound: wider gaps are the editor's layout.
fn is_one_space(gap: &str) -> bool {
    gap == " " || gap == "\n"
}

/// Whether the space between `word` and `next` (followed by `after`) must not break.
fn binds(word: &str, next: &str, after: Option<&str>) -> bool {
    let initials_follow = is_initials(next)
        && (initials_len(next) >= 2 || after.is_some_and(|a| initials_len(a) > 0));
    // The cheap tests first: `is_name` reads every letter of a word, and the
    // initials tests give up at once on a word without a full stop.
    starts_with_dash(next)
        || (is_initials(word) && next.starts_with(is_uppercase))
        || (initials_follow && is_name(word))
        || (ends_with_digit(word) && AFTER_NUMBER.iter().any(|u| is_word(next, u)))
        || (next.starts_with(|c: char| c.is_ascii_digit())
            && BEFORE_NUMBER.iter().any(|a| is_word(unbracketed(word), a)))
}

/// Whether `word` looks like a surname: a capital, then small letters alone.
fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(is_uppercase) && chars.all(char::is_lowercase)
}

/// `char::is_uppercase`, with the letters of Russian and English answered at once:
/// the Unicode tables it searches otherwise are slow, and these are nearly every
/// letter of an edition.
fn is_uppercase(c: char) -> bool {
    match c {
        'A'..='Z' | 'А'..='Я' | 'Ё' => true,
        'a'..='z' | 'а'..='я' | 'ё' | '\0'..='@' => false,
        _ => c.is_uppercase(),
    }
}

fn starts_with_dash(word: &str) -> bool {
    word.starts_with(['—', '–'])
}

/// Whether `word` is initials alone («Г.», «Г.К.», «(J.R.R.», «И.В.,»), between any
/// opening bracket or quote and any closing punctuation.
fn is_initials(word: &str) -> bool {
    // Initials hold a full stop; most words do not, and are answered without a look
    // at their letters.
    if !has_full_stop(word) {
        return false;
    }
    let word = unbracketed(word).trim_end_matches([',', ';', ':', ')', ']', '»', '"', '”']);
    let n = initials_len(word);
    n > 0 && n * 2 == word.chars().count()
}

/// Whether `word` holds a `.`: a plain loop, as words are too short for `memchr`.
fn has_full_stop(word: &str) -> bool {
    word.bytes().any(|b| b == b'.')
}

/// `word` without the brackets and quotes that may open it.
fn unbracketed(word: &str) -> &str {
    word.trim_start_matches(['(', '[', '«', '"', '“', '„'])
}

/// How many initials (a capital and a full stop) `word` opens with.
fn initials_len(word: &str) -> usize {
    let mut chars = word.chars();
    let mut n = 0;
    while let (Some(letter), Some('.')) = (chars.next(), chars.next()) {
        if !is_uppercase(letter) {
            break;
        }
        n += 1;
    }
    n
}

/// The byte range, within `word`, of initials glued to a name («Г.К.Орджоникидзе»):
/// from the first initial to the name's last letter.
fn glued_initials(word: &str) -> Option<std::ops::Range<usize>> {
    // No full stop, no initials: most words end here.
    if !has_full_stop(word) {
        return None;
    }
    let start = word.find(is_uppercase)?;
    let rest = &word[start..];
    let n = initials_len(rest);
    if n == 0 || !word[..start].chars().all(|c| !c.is_alphanumeric()) {
        return None;
    }
    let name_at = rest.char_indices().nth(2 * n)?.0;
    let name = &rest[name_at..];
    let mut letters = name.char_indices().take_while(|(_, c)| c.is_alphabetic());
    let (_, first) = letters.next()?;
    let (last, c) = letters.last()?;
    is_uppercase(first).then(|| start..start + name_at + last + c.len_utf8())
}

/// Whether `word` is `unit`, perhaps followed by punctuation («г.,» «%)»).
fn is_word(word: &str, unit: &str) -> bool {
    word.strip_prefix(unit)
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_punctuation() || c == '»'))
}

fn ends_with_digit(word: &str) -> bool {
    word.ends_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::push_html;

    fn html(text: &str) -> String {
        let mut out = String::new();
        push_html(&mut out, text);
        out
    }

    #[test]
    fn initials_bind_to_the_name_that_follows() {
        assert_eq!(html("Г.К. Орджоникидзе"), "Г.К.&nbsp;Орджоникидзе");
        assert_eq!(html("Г. К. Орджоникидзе"), "Г.&nbsp;К.&nbsp;Орджоникидзе");
        assert_eq!(
            html("by J. R. R. Tolkien"),
            "by J.&nbsp;R.&nbsp;R.&nbsp;Tolkien"
        );
        assert_eq!(html("(Г.К. Орджоникидзе)"), "(Г.К.&nbsp;Орджоникидзе)");
    }

    #[test]
    fn a_name_binds_to_the_initials_that_follow_it() {
        assert_eq!(html("Сталин И.В. сказал"), "Сталин&nbsp;И.В. сказал");
        assert_eq!(html("Сталин И. В."), "Сталин&nbsp;И.&nbsp;В.");
        assert_eq!(html("Сталин И.В., затем"), "Сталин&nbsp;И.В., затем");
    }

    #[test]
    fn initials_glued_to_the_name_get_no_space_but_do_not_wrap() {
        assert_eq!(
            html("нарком Г.К.Орджоникидзе, затем"),
            "нарком <span class=\"nobr\">Г.К.Орджоникидзе</span>, затем"
        );
        assert_eq!(html("U.S.A. and e.g."), "U.S.A. and e.g.");
    }

    #[test]
    fn numbers_bind_to_their_units() {
        assert_eq!(html("в 1936 г. и"), "в 1936&nbsp;г. и");
        assert_eq!(html("1936–1938 гг., когда"), "1936–1938&nbsp;гг., когда");
        assert_eq!(html("см. с. 38 и С. 40"), "см. с.&nbsp;38 и С.&nbsp;40");
        assert_eq!(html("М., 1996. 250 с."), "М., 1996. 250&nbsp;с.");
        assert_eq!(html("рост 50 % и"), "рост 50&nbsp;% и");
        assert_eq!(
            html("see p. 12 and pp. 3–5"),
            "see p.&nbsp;12 and pp.&nbsp;3–5"
        );
        assert_eq!(html("№ 5"), "№&nbsp;5");
        assert_eq!(html("(с. 38)"), "(с.&nbsp;38)");
    }

    #[test]
    fn a_number_before_a_word_that_only_starts_like_a_unit_stays_free() {
        assert_eq!(html("1936 года"), "1936 года");
        assert_eq!(html("5 гр."), "5 гр.");
        assert_eq!(html("с. Ивановка"), "с. Ивановка");
    }

    #[test]
    fn a_dash_never_starts_a_line() {
        assert_eq!(html("первое — второе"), "первое&nbsp;— второе");
        assert_eq!(html("A – B"), "A&nbsp;– B");
        assert_eq!(html("текст\n— дальше"), "текст&nbsp;— дальше");
        assert_eq!(html(" — после ссылки"), "&nbsp;— после ссылки");
    }

    #[test]
    fn wide_gaps_and_hyphens_are_left_alone() {
        assert_eq!(html("a  — b"), "a  — b");
        assert_eq!(html("a - b"), "a - b");
    }

    #[test]
    fn capitals_are_told_as_unicode_tells_them() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(super::is_uppercase(c), c.is_uppercase(), "{c:?}");
        }
    }

    /// Words are split where `char::is_whitespace` splits them, for every character.
    #[test]
    fn words_split_at_every_unicode_space() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("a{c}б{c}");
            let words: Vec<&str> = super::words(&text).into_iter().map(|w| &text[w]).collect();
            let expected: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(words, expected, "{c:?}");
        }
    }

    #[test]
    fn text_is_still_escaped() {
        assert_eq!(html("<b> & 1936 г."), "&lt;b&gt; &amp; 1936&nbsp;г.");
    }
}
