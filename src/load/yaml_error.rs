//! YAML errors in an editor's words.
//!
//! The YAML reader speaks of scalars, sequence starts and `i64`, and it reports a
//! mistake where it gave up reading, which is often lines after the mistake: a tab in
//! the indentation shows as a problem at the end of the line above, a quote left open
//! shows where the next quote stands. Editors of an edition are not programmers, so
//! each common error is rewritten here as what the value must be, pointed at the
//! character to fix, with the reader's own words kept in the hint for whoever needs them.

use crate::diagnostics::unknown_field_hint;
use serde_saphyr::Error;

/// The message for a tab in the indentation.
pub(super) const TAB_MESSAGE: &str = "a tab is used for indentation; YAML needs spaces";
/// What to do about a tab in the indentation.
pub(super) const TAB_HINT: &str = "replace the tab at the start of this line with spaces";

/// The line an error points into.
pub(super) struct Context<'a> {
    /// The text of the line.
    pub(super) line: &'a str,
    /// The byte offset of the error in the line.
    pub(super) column: usize,
    /// The YAML above the line, for the indentation of its siblings.
    pub(super) above: &'a str,
}

/// A YAML error, explained.
pub(super) struct Explained {
    /// What is wrong.
    pub(super) message: String,
    /// What to do about it.
    pub(super) hint: Option<String>,
    /// The reader stopped inside a quoted value: the quote character, so the caller can
    /// point at the quote that was left open instead.
    pub(super) quote: Option<char>,
    /// The byte offset in the line to point at instead of the reader's, when the
    /// mistake stands elsewhere on the line (an indentation points at the key).
    pub(super) column: Option<usize>,
}

/// The offset of the first tab in the indentation of a line of `yaml`. YAML forbids
/// tabs there, and the reader reports them at the end of the line above.
pub(super) fn tab_indentation(yaml: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let indentation = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indentation].find('\t') {
            return Some(offset + tab);
        }
        offset += line.len();
    }
    None
}

/// A list item indented deeper than the plain item above it, as offset of its dash, its
/// indentation and the item's above. YAML does not report it: it reads the line as
/// more text of the item above (`uvz` and `- nkmz` become the one value `uvz - nkmz`),
/// and the mistake would surface later as a strange id far from its cause.
pub(super) fn item_indented_too_far(yaml: &str) -> Option<(usize, usize, usize)> {
    let mut offset = 0;
    let mut above: Option<(usize, bool)> = None;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let text = content.trim_end();
        if text.is_empty() || text.starts_with('#') {
            offset += line.len();
            continue;
        }
        let item = text.strip_prefix("- ").or((text == "-").then_some(""));
        if let (Some(_), Some((above_indent, true))) = (item, above) {
            if indent > above_indent {
                return Some((offset + indent, indent, above_indent));
            }
        }
        above = item.map(|value| (indent, is_plain_text(value)));
        offset += line.len();
    }
    None
}

/// A plain scalar that a deeper line would continue: not quoted, not a collection or a
/// block scalar, not a `key: value` pair.
fn is_plain_text(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '-'])
        && !value.contains(": ")
        && !value.ends_with(':')
}

/// The reader's own message, without the position it appends (we show ours).
pub(super) fn said(error: &Error) -> String {
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text);
    message.replace(", set DuplicateKeyPolicy in Options if acceptable", "")
}

/// The key of a `duplicate field` error (our own visitors report a repeated key).
pub(super) fn repeated_key(error: &Error) -> Option<String> {
    let said = said(error);
    let rest = said.strip_prefix("duplicate field `")?;
    rest.split('`').next().map(str::to_owned)
}

/// The common errors in plain words; any other keeps the reader's message.
pub(super) fn explain(error: &Error, context: &Context<'_>) -> Explained {
    let said = said(error);
    let expected = match error {
        Error::InvalidScalar { ty, .. } => Expected::of(ty),
        Error::InvalidBooleanStrict { .. } => Some(Expected::Boolean),
        Error::Unexpected { expected, .. } => Expected::of(expected),
        Error::SerdeInvalidType { expected, .. } | Error::SerdeInvalidValue { expected, .. } => {
            Expected::of(expected)
        }
        _ => None,
    };
    if let Some(expected) = expected {
        return expected.explain(context, &said);
    }
    if said == "mapping values are not allowed in this context" {
        return indented_too_far(context, &said).unwrap_or_else(|| colon_in_value(context, &said));
    }
    if said.ends_with("did not find expected key") {
        if let Some(explained) = indented_between(context, &said) {
            return explained;
        }
    }
    if said == "simple key expected ':'" {
        return Explained {
            message: "this line is not a `key: value` pair".to_owned(),
            hint: Some(format!(
                "write `key: value`, or start a comment with `#` (the YAML reader said: {said})"
            )),
            quote: None,
            column: None,
        };
    }
    let quote = if said.contains("single-quoted") {
        Some('\'')
    } else if said.contains("quoted scalar") {
        Some('"')
    } else {
        None
    };
    let hint = if said == "unclosed quote" {
        Some("close the quote".to_owned())
    } else {
        unknown_field_hint(&said)
    };
    Explained {
        hint,
        message: said,
        quote,
        column: None,
    }
}

/// What a value should have been, as far as the reader's error tells.
#[derive(Clone, Copy)]
enum Expected {
    WholeNumber,
    Boolean,
    List,
    Mapping,
    Text,
}

impl Expected {
    /// Reads the reader's name of a type (`i64`, `sequence start`, `a string`).
    fn of(name: &str) -> Option<Self> {
        let name = name.trim_start_matches("a ").trim_start_matches("an ");
        let integer = [
            "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize",
        ];
        Some(if integer.contains(&name) || name.starts_with("integer") {
            Self::WholeNumber
        } else if name.starts_with("bool") {
            Self::Boolean
        } else if name.starts_with("sequence") {
            Self::List
        } else if name.starts_with("map") {
            Self::Mapping
        } else if name.starts_with("string") {
            Self::Text
        } else {
            return None;
        })
    }

    fn explain(self, context: &Context<'_>, said: &str) -> Explained {
        let key = key_of(context);
        let subject = subject(context, key);
        let value = context.line[context.column..].trim_end();
        let (message, hint) = match self {
            Self::List if key.is_none() && starts_a_pair(context) => {
                let item = context.line.trim();
                (
                    "a list belongs here, and this line is not one of its items: each item starts with `- `".to_owned(),
                    format!("start the item with a dash, `- {item}`, and indent its other keys to stand under its first"),
                )
            }
            Self::WholeNumber => (
                format!("{subject} must be a whole number"),
                example(key, "3", "write it with digits only"),
            ),
            Self::Boolean => (
                format!("{subject} must be true or false"),
                example(key, "true", "write `true` or `false`"),
            ),
            Self::List => (
                format!("{subject} must be a list: [a, b]"),
                example(key, &format!("[{value}]"), "put the items in brackets"),
            ),
            Self::Mapping => (
                format!("{subject} must be a mapping of keys to values"),
                "write `key: value` pairs, one per line".to_owned(),
            ),
            Self::Text => return text_expected(context, &subject, said),
        };
        Explained {
            message,
            hint: Some(format!("{hint} (the YAML reader said: {said})")),
            quote: None,
            column: None,
        }
    }
}

/// A list or mapping, or a `key: value` pair inside brackets, where text belongs.
fn text_expected(context: &Context<'_>, subject: &str, said: &str) -> Explained {
    let rest = &context.line[context.column..];
    let single = |what: &str| match subject {
        "this value" => format!("a single value belongs here, not {what}"),
        _ => format!("{subject} must be a single value, not {what}"),
    };
    let (message, hint) = match rest.chars().next() {
        Some('[') => (
            single("a list"),
            "if the brackets belong to the text, put the whole value in quotes".to_owned(),
        ),
        Some('{') => (
            single("a mapping"),
            "if the braces belong to the text, put the whole value in quotes".to_owned(),
        ),
        _ => {
            let item = rest
                .split([',', ']', '}'])
                .next()
                .unwrap_or(rest)
                .trim_end();
            (
                format!("{subject} must be text; put it in quotes"),
                format!("write \"{item}\": a colon followed by a space makes YAML read a key"),
            )
        }
    };
    Explained {
        message,
        hint: Some(format!("{hint} (the YAML reader said: {said})")),
        quote: None,
        column: None,
    }
}

/// `name: A` then `   related: [x]` one space deeper: YAML reads the second line as
/// more of the value `A`, and stops at its colon. The line is a key of its own that is
/// indented unlike its siblings; quoting it (the advice for a colon inside a value)
/// would change what it means.
fn indented_too_far(context: &Context<'_>, said: &str) -> Option<Explained> {
    let (key, indent) = key_line(context.line)?;
    let (sibling_key, sibling_indent, has_value) = key_above(context.above)?;
    if !has_value || indent <= sibling_indent {
        return None;
    }
    Some(Explained {
        message: format!(
            "this line is indented {}; its siblings use {sibling_indent}",
            spaces(indent)
        ),
        hint: Some(format!(
            "indent `{key}:` by {}, like `{sibling_key}:` above it (the YAML reader said: {said})",
            spaces(sibling_indent)
        )),
        quote: None,
        column: Some(indent),
    })
}

/// `name: A` then ` related: [x]` one space less: a key between its siblings' column
/// and its parent's, which YAML cannot place. Which of the two was meant is the
/// editor's to say, so the hint names both.
fn indented_between(context: &Context<'_>, said: &str) -> Option<Explained> {
    let (key, indent) = key_line(context.line)?;
    let (sibling_key, sibling_indent, _) = key_above(context.above)?;
    if indent >= sibling_indent {
        return None;
    }
    let parent = context.above.lines().rev().find_map(|line| {
        let (parent_key, parent_indent) = key_line(line)?;
        (parent_indent < indent).then_some((parent_key, parent_indent))
    });
    let (parent_key, parent_indent) = parent.unwrap_or(("", 0));
    let beside = if parent_key.is_empty() {
        String::new()
    } else {
        format!(
            ", or by {} to stand beside `{parent_key}`",
            spaces(parent_indent)
        )
    };
    Some(Explained {
        message: format!(
            "this line is indented {}; its siblings use {sibling_indent}",
            spaces(indent)
        ),
        hint: Some(format!(
            "indent `{key}:` by {} to go with `{sibling_key}:` above it{beside} (the YAML reader said: {said})",
            spaces(sibling_indent)
        )),
        quote: None,
        column: Some(indent),
    })
}

/// The key a line opens with and its indentation, for a `key:` line.
fn key_line(line: &str) -> Option<(&str, usize)> {
    let content = line.trim_start_matches(' ');
    let (key, rest) = content.split_once(':')?;
    (is_key(key) && (rest.is_empty() || rest.starts_with(' ')))
        .then_some((key, line.len() - content.len()))
}

/// The nearest `key:` line above (comments and blank lines skipped): its key, its
/// indentation and whether a value follows the colon on that line.
fn key_above(above: &str) -> Option<(&str, usize, bool)> {
    let line = above.lines().rev().find(|l| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    })?;
    let (key, indent) = key_line(line)?;
    let value = line[indent + key.len() + 1..].trim();
    Some((key, indent, !value.is_empty() && !value.starts_with('#')))
}

/// "1 space", "3 spaces".
fn spaces(n: usize) -> String {
    if n == 1 {
        "1 space".to_owned()
    } else {
        format!("{n} spaces")
    }
}

/// `summary: Заседание: утро`: the second `: ` would start a key inside the value.
fn colon_in_value(context: &Context<'_>, said: &str) -> Explained {
    let message = "a colon followed by a space ends a key; put the value in quotes".to_owned();
    let line = context.line.trim_start().trim_start_matches("- ");
    let quoted = line
        .split_once(": ")
        .filter(|(key, value)| is_key(key) && !value.contains('"'))
        .map(|(key, value)| format!("write `{key}: \"{}\"`", value.trim_end()));
    let hint = quoted.unwrap_or_else(|| "put the whole value in quotes".to_owned());
    Explained {
        message,
        hint: Some(format!("{hint} (the YAML reader said: {said})")),
        quote: None,
        column: None,
    }
}

/// The key the line sets (`order` in `order: two`, `- person: x` → `person`), if the
/// error stands after it.
fn key_of<'a>(context: &Context<'a>) -> Option<&'a str> {
    let indented = context.line.trim_start();
    let item = indented.strip_prefix("- ").unwrap_or(indented);
    let key_start = context.line.len() - item.len();
    let (key, _) = item.split_once(':')?;
    let after_key = key_start + key.len();
    (is_key(key) && after_key < context.column).then_some(key)
}

/// Says which value is wrong: "`order`" when the error is at the key's value, "an
/// item of `themes`" inside a bracketed list, else "this value".
fn subject(context: &Context<'_>, key: Option<&str>) -> String {
    let Some(key) = key else {
        return "this value".to_owned();
    };
    let (_, value) = context.line.split_once(':').unwrap_or_default();
    let value_start = context.line.len() - value.trim_start().len();
    if context.column == value_start {
        format!("`{key}`")
    } else if value.trim_start().starts_with('[') {
        format!("an item of `{key}`")
    } else {
        "this value".to_owned()
    }
}

/// The error stands at the start of a `key: value` line: a mapping where a list was
/// expected, which is what a list item written without its dash reads as.
fn starts_a_pair(context: &Context<'_>) -> bool {
    let indented = context.line.trim_start();
    let start = context.line.len() - indented.len();
    context.column == start
        && indented
            .split_once(':')
            .is_some_and(|(key, rest)| is_key(key) && (rest.is_empty() || rest.starts_with(' ')))
}

/// "write it …, e.g. `order: 3`", or without the example when there is no key.
fn example(key: Option<&str>, value: &str, advice: &str) -> String {
    match key {
        Some(key) => format!("{advice}, e.g. `{key}: {value}`"),
        None => advice.to_owned(),
    }
}

/// A key of ours: one word of letters, digits, `-` and `_`.
fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The offset of the quote still open at the end of `before` (the lines above the one
/// where the reader stopped): the reader ran on from it to the next quote and stopped
/// after that. Each line with an odd number of quotes opens or closes a value (a value
/// may span lines).
pub(super) fn open_quote(before: &str, quote: char) -> Option<usize> {
    let mut open = None;
    let mut offset = 0;
    for line in before.split_inclusive('\n') {
        let quotes: Vec<usize> = line
            .match_indices(quote)
            .map(|(i, _)| i)
            .filter(|&i| quote == '\'' || !line[..i].ends_with('\\'))
            .collect();
        if quotes.len() % 2 == 1 {
            open = match open {
                None => quotes.last().map(|i| offset + i),
                Some(_) => None,
            };
        }
        offset += line.len();
    }
    open
}

/// The offset of the first line of `text` that follows a blank line and reads like
/// prose rather than YAML: a front matter whose closing `---` is missing runs into the
/// chapter's first paragraph.
pub(super) fn prose_after_blank_line(text: &str) -> Option<usize> {
    let mut offset = 0;
    let mut after_blank = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if after_blank && reads_like_prose(trimmed) {
            return Some(offset);
        }
        after_blank = trimmed.is_empty();
        offset += line.len();
    }
    None
}

/// Not indented, not a comment, list item or quoted value, and no `key:` in front.
fn reads_like_prose(line: &str) -> bool {
    let starts_yaml = line.starts_with([' ', '\t', '#', '-', '"', '\'', '[', '{']);
    let keyed = line.split_once(':').is_some_and(|(key, _)| is_key(key));
    !line.is_empty() && !starts_yaml && !keyed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_item_deeper_than_the_item_above_is_found() {
        let yaml = "a:\n  related:\n    - enterprise:uvz\n     - enterprise:nkmz\n";
        let dash = yaml.find("     - ").unwrap() + 5;
        assert_eq!(item_indented_too_far(yaml), Some((dash, 5, 4)));
        assert_eq!(item_indented_too_far("- a\n- b\n"), None);
        assert_eq!(item_indented_too_far("- person: x\n  - y\n"), None);
        assert_eq!(item_indented_too_far("- \"a\"\n - b\n"), None);
    }

    #[test]
    fn a_tab_in_indentation_is_found_on_its_own_line() {
        assert_eq!(tab_indentation("title: A\n\tsummary: x\n"), Some(9));
        assert_eq!(tab_indentation("a:\n  \t- x\n"), Some(5));
        assert_eq!(tab_indentation("title: A\tB\n"), None);
    }

    #[test]
    fn the_open_quote_is_the_one_not_closed_before_the_error() {
        let before = "summary: \"one\n  two\"\ntitle: \"Заседания\nsummary: x\n";
        assert_eq!(open_quote(before, '"'), before.find("\"Заседания"));
        assert_eq!(open_quote("title: \"A\"\n", '"'), None);
    }

    #[test]
    fn prose_after_a_blank_line_is_found() {
        let text = "title: A\n\nsummary: x\n\nThe text starts here: a paragraph.\n";
        assert_eq!(prose_after_blank_line(text), text.find("The text"));
        assert_eq!(prose_after_blank_line("title: A\n\n# comment\n"), None);
    }
}
