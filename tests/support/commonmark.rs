//! The examples of a CommonMark-style spec (`spec.txt` of CommonMark, or of GFM), and
//! how a letopis page is compared with them: letopis's own additions taken out by exact
//! pattern, then both sides normalised as the spec's `test/normalize.py` does.

use std::path::Path;

/// One example of the spec.
#[derive(Debug, Clone)]
pub struct Example {
    /// Its number in the spec (1-based, in file order).
    pub number: usize,
    /// The section heading it stands under.
    pub section: String,
    /// The Markdown, with the spec's `→` turned back into tabs.
    pub markdown: String,
    /// The HTML the spec expects.
    pub html: String,
    /// The extension named after `example` in its opening fence (`table`,
    /// `strikethrough`…), empty for CommonMark's own.
    pub extension: String,
}

/// The fence that opens and closes an example.
const FENCE: &str = "````````````````````````````````";

/// Every example in `spec`, numbered as the spec numbers them. `keyword` is the word
/// after the fence (`example`).
pub fn examples(spec: &str, keyword: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix('#') {
            section = heading.trim_start_matches('#').trim().to_owned();
            continue;
        }
        let Some(rest) = line.strip_prefix(FENCE) else {
            continue;
        };
        let Some(extension) = rest.trim().strip_prefix(keyword) else {
            continue;
        };
        let mut markdown = String::new();
        for line in lines.by_ref().take_while(|l| *l != ".") {
            markdown.push_str(line);
            markdown.push('\n');
        }
        let mut html = String::new();
        for line in lines.by_ref().take_while(|l| *l != FENCE) {
            html.push_str(line);
            html.push('\n');
        }
        examples.push(Example {
            number: examples.len() + 1,
            section: section.clone(),
            markdown: markdown.replace('→', "\t"),
            html: html.replace('→', "\t"),
            extension: extension.trim().to_owned(),
        });
    }
    examples
}

impl Example {
    /// The chapter file that holds the example: front matter, then the Markdown
    /// exactly (the body starts on the line after the closing `---`).
    pub fn chapter(&self) -> String {
        format!(
            "---\ntitle: Example {n}\norder: {n}\nslug: example-{n}\n---\n{}",
            self.markdown,
            n = self.number
        )
    }

    /// The relative `src` of every image the spec's HTML shows (`train.jpg`): files
    /// the example names but does not have.
    pub fn missing_images(&self) -> Vec<String> {
        self.html
            .split("<img src=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|src| !src.starts_with('/') && !src.contains(':'))
            .map(str::to_owned)
            .collect()
    }

    /// `None` when the example's page in the output folder `out` gives the spec's
    /// HTML; else a report that shows both.
    pub fn compare(&self, out: &Path) -> Option<String> {
        let path = out.join(format!("example-{}.html", self.number));
        let page = match std::fs::read_to_string(&path) {
            Ok(page) => page,
            Err(e) => return Some(format!("example {}: no page: {e}", self.number)),
        };
        let got = normalize(&strip_letopis(chapter_body(&page)));
        let expected = normalize(&self.html);
        (got != expected).then(|| {
            format!(
                "example {} ({}):\n--- markdown\n{}--- expected\n{expected}\n--- got\n{got}\n",
                self.number, self.section, self.markdown
            )
        })
    }
}

/// The HTML the chapter template puts in `<div class="chapter-body">`.
pub fn chapter_body(page: &str) -> &str {
    const OPEN: &str = "<div class=\"chapter-body\">\n";
    let start = page.find(OPEN).map_or(0, |i| i + OPEN.len());
    let article_end = page.rfind("</article>").unwrap_or(page.len());
    let end = page[start..article_end]
        .rfind("\n</div>\n")
        .map_or(article_end, |i| start + i);
    &page[start..end]
}

/// The page's HTML without what letopis adds on purpose, each by its exact form:
/// a block's ` id="…"` with the anchor that links to it, the wrapper that lets a
/// table scroll, the spans of highlighted code, and alignment written as a class.
pub fn strip_letopis(html: &str) -> String {
    let html = strip_anchors(html);
    let html = strip_table_wrappers(&html);
    let html = strip_highlighting(&html);
    let html = figures_as_images(&html);
    ["left", "center", "right"].iter().fold(html, |html, side| {
        html.replace(
            &format!(" class=\"align-{side}\""),
            &format!(" align=\"{side}\""),
        )
    })
}

/// `<p id="p-3"><a class="anchor" href="#p-3" aria-hidden="true" tabindex="-1">¶</a>`
/// → `<p>`, and the same for headings (`#`); an anchor whose id is not the one just
/// before it is left alone.
fn strip_anchors(html: &str) -> String {
    const ANCHOR: &str = "<a class=\"anchor\" href=\"#";
    const TAIL: &str = "\" aria-hidden=\"true\" tabindex=\"-1\">";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(ANCHOR) {
        let after = &rest[at + ANCHOR.len()..];
        let id = &after[..after.find('"').unwrap_or(0)];
        let attribute = format!(" id=\"{id}\">");
        let before = &rest[..at];
        let sign = after[id.len()..]
            .strip_prefix(TAIL)
            .and_then(|s| s.strip_prefix("¶</a>").or_else(|| s.strip_prefix("#</a>")));
        match sign {
            Some(tail) if !id.is_empty() && before.ends_with(&attribute) => {
                out.push_str(&before[..before.len() - attribute.len()]);
                out.push('>');
                rest = tail;
            }
            _ => {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<figure><img …><figcaption>T</figcaption></figure>` → `<p><img … title="T"></p>`:
/// the figure a lone image with a title becomes, written back as CommonMark's image.
fn figures_as_images(html: &str) -> String {
    const OPEN: &str = "<figure><img ";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let figure = &rest[at + "<figure>".len()..];
        let img_end = figure.find('>').unwrap_or(figure.len());
        let caption = figure[img_end..]
            .strip_prefix("><figcaption>")
            .and_then(|c| c.split_once("</figcaption></figure>"));
        let Some((title, after)) = caption else {
            out.push_str(OPEN);
            rest = &rest[at + OPEN.len()..];
            continue;
        };
        out.push_str(&format!("<p>{} title=\"{title}\"></p>", &figure[..img_end]));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `<div class="table-passage"><div class="table-wrap" tabindex="0"><table>…</table></div></div>`
/// (its id and `¶` already taken out) → `<table>…</table>`; a table that is no passage
/// of its own has the inner wrapper only.
fn strip_table_wrappers(html: &str) -> String {
    const PASSAGE: &str = "<div class=\"table-passage\">";
    const WRAP: &str = "<div class=\"table-wrap\" tabindex=\"0\">";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(WRAP) {
        let before = &rest[..at];
        let passage = before.ends_with(PASSAGE);
        out.push_str(before.strip_suffix(PASSAGE).unwrap_or(before));
        rest = &rest[at + WRAP.len()..];
        let close = if passage {
            "</table></div></div>"
        } else {
            "</table></div>"
        };
        if let Some(end) = rest.find(close) {
            out.push_str(&rest[..end + "</table>".len()]);
            rest = &rest[end + close.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The `<span class="…">` and `</span>` that highlighting puts in a fenced block with
/// a language, and only there.
fn strip_highlighting(html: &str) -> String {
    const OPEN: &str = "<pre><code class=\"language-";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let (before, block) = rest.split_at(at);
        out.push_str(before);
        let end = block.find("</code></pre>").unwrap_or(block.len());
        let mut code = &block[..end];
        let mut plain = String::with_capacity(code.len());
        while let Some(span) = code.find("<span") {
            plain.push_str(&code[..span]);
            let close = code[span..].find('>').map_or(code.len(), |i| span + i + 1);
            code = &code[close..];
        }
        plain.push_str(code);
        out.push_str(&plain.replace("</span>", ""));
        rest = &block[end..];
    }
    out.push_str(rest);
    out
}

/// The block-level tags around which `normalize.py` drops whitespace.
const BLOCK_TAGS: [&str; 50] = [
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

/// What the normaliser saw last, as `normalize.py`'s `self.last`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    StartTag,
    EndTag,
    Other,
}

/// The spec's `normalize_html`: whitespace runs folded to one space outside `<pre>`,
/// whitespace around block tags dropped, attributes sorted with lowercase names and
/// values re-escaped, character references turned into characters (but `<`, `>`,
/// `&` and `"` kept as references), `<br />` written `<br>`. Named references other
/// than `&amp; &lt; &gt; &quot; &apos; &nbsp;` are kept as written: the spec's HTML
/// writes characters, so a named reference on one side only is a real difference.
pub fn normalize(html: &str) -> String {
    let mut n = Normalizer {
        out: String::new(),
        last: Last::StartTag,
        last_tag: String::new(),
        in_pre: false,
    };
    let mut rest = html;
    while !rest.is_empty() {
        let chunk_end = if rest.starts_with("<![CDATA[") {
            rest.find("]]>").map_or(rest.len(), |i| i + 3)
        } else if rest.starts_with('<') {
            rest.find('>').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find('<').unwrap_or(rest.len())
        };
        let (chunk, tail) = rest.split_at(chunk_end);
        n.chunk(chunk);
        rest = tail;
    }
    n.out
}

struct Normalizer {
    out: String,
    last: Last,
    last_tag: String,
    in_pre: bool,
}

impl Normalizer {
    fn chunk(&mut self, chunk: &str) {
        if chunk.starts_with("<![CDATA[") || chunk.starts_with("<!") || chunk.starts_with("<?") {
            self.out.push_str(chunk);
            self.last = Last::Other;
        } else if let Some(name) = chunk.strip_prefix("</") {
            let name = name.trim_end_matches('>').trim().to_ascii_lowercase();
            self.end_tag(&name);
        } else if chunk.starts_with('<') && chunk.ends_with('>') && tag_name(chunk).is_some() {
            self.start_tag(chunk);
        } else {
            self.text(chunk);
        }
    }

    fn start_tag(&mut self, chunk: &str) {
        let name = tag_name(chunk).unwrap_or_default();
        if name == "pre" {
            self.in_pre = true;
        }
        if is_block(&name) {
            self.out.truncate(self.out.trim_end().len());
        }
        self.out.push('<');
        self.out.push_str(&name);
        let inner = &chunk[1 + name.len()..chunk.len() - 1];
        let self_closing = inner.trim_end().ends_with('/');
        let mut attributes = attributes(inner.trim_end().trim_end_matches('/'));
        attributes.sort();
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(&key);
            if let Some(value) = value {
                self.out.push_str("=\"");
                self.out.push_str(&escape_attribute(&unescape(&value)));
                self.out.push('"');
            }
        }
        self.out.push('>');
        self.last_tag = name;
        self.last = if self_closing {
            Last::EndTag
        } else {
            Last::StartTag
        };
    }

    fn end_tag(&mut self, name: &str) {
        if name == "pre" {
            self.in_pre = false;
        } else if is_block(name) {
            self.out.truncate(self.out.trim_end().len());
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self.last_tag = name.to_owned();
        self.last = Last::EndTag;
    }

    /// Text: data between character references, each reference on its own.
    fn text(&mut self, text: &str) {
        let mut rest = text;
        while let Some(amp) = rest.find('&') {
            let reference = rest[amp..]
                .find(';')
                .map(|semi| &rest[amp..=amp + semi])
                .and_then(|r| decode_reference(r).map(|c| (r, c)));
            match reference {
                Some((written, decoded)) => {
                    self.data(&rest[..amp]);
                    self.out.push_str(&decoded);
                    self.last = Last::Other;
                    rest = &rest[amp + written.len()..];
                }
                None => {
                    self.data(&rest[..=amp]);
                    rest = &rest[amp + 1..];
                }
            }
        }
        self.data(rest);
    }

    /// `handle_data` of `normalize.py`.
    fn data(&mut self, data: &str) {
        if data.is_empty() {
            return;
        }
        let after_tag = matches!(self.last, Last::StartTag | Last::EndTag);
        let after_block_tag = after_tag && is_block(&self.last_tag);
        let mut data = data.to_owned();
        if after_tag && self.last_tag == "br" {
            data = data.trim_start_matches('\n').to_owned();
        }
        if !self.in_pre {
            data = fold_whitespace(&data);
        }
        if after_block_tag && !self.in_pre {
            data = match self.last {
                Last::StartTag => data.trim_start().to_owned(),
                _ => data.trim().to_owned(),
            };
        }
        self.out.push_str(&data);
        self.last = Last::Other;
    }
}

/// The lowercase name of a start tag `<name …>`, if the chunk is one.
fn tag_name(chunk: &str) -> Option<String> {
    let inner = chunk.strip_prefix('<')?;
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(inner.len());
    Some(inner[..end].to_ascii_lowercase())
}

fn is_block(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

/// A tag's attributes as `(lowercase name, value)`, quotes removed.
fn attributes(mut s: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return found;
        }
        let name_end = s
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c.is_whitespace() || c == '=' || c == '/' || c == '>')
            .map_or(s.len(), |(i, _)| i);
        let name = s[..name_end].to_ascii_lowercase();
        s = s[name_end..].trim_start();
        let Some(value) = s.strip_prefix('=') else {
            found.push((name, None));
            continue;
        };
        let value = value.trim_start();
        let (text, rest) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = value[1..].find(q).map_or(value.len(), |i| i + 1);
                (&value[1..close], value.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = value.find(char::is_whitespace).unwrap_or(value.len());
                value.split_at(end)
            }
        };
        found.push((name, Some(text.to_owned())));
        s = rest;
    }
}

/// Python's `html.escape(v, quote=True)`; a reference [`unescape`] could not decode
/// is written back as it was.
fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace(UNDECODED, "&")
}

/// Stands for the `&` of a named reference [`decode_char`] does not know, so that
/// `&ouml;` and `&amp;ouml;` stay apart (a private-use character, in no example).
const UNDECODED: char = '\u{e000}';

/// An attribute value with its character references decoded.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let decoded = rest[amp..].find(';').and_then(|semi| {
            let written = &rest[amp..=amp + semi];
            decode_char(written).map(|c| (written.len(), c))
        });
        match decoded {
            Some((len, c)) => {
                out.push(c);
                rest = &rest[amp + len..];
            }
            None => {
                let named =
                    rest[amp + 1..].split(';').next().is_some_and(|n| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric())
                    }) && rest[amp..].contains(';');
                out.push(if named { UNDECODED } else { '&' });
                rest = &rest[amp + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A character reference in text as `normalize.py` writes it: the character, or
/// the reference for `<`, `>`, `&` and `"`.
fn decode_reference(written: &str) -> Option<String> {
    let c = decode_char(written)?;
    Some(match c {
        '<' => "&lt;".to_owned(),
        '>' => "&gt;".to_owned(),
        '&' => "&amp;".to_owned(),
        '"' => "&quot;".to_owned(),
        c => c.to_string(),
    })
}

/// The character `&…;` stands for, when it is numeric or one of the few named ones.
fn decode_char(written: &str) -> Option<char> {
    let name = written.strip_prefix('&')?.strip_suffix(';')?;
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    }
}

/// Python's `re.sub(r'\s+', ' ', data)`.
fn fold_whitespace(data: &str) -> String {
    let mut out = String::with_capacity(data.len());
    let mut in_space = false;
    for c in data.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}
