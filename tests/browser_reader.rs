//! The reading aids in a real browser: headless Chromium opens the bundled edition
//! from `file://`; mentions are quiet until the reader switches on a register's
//! highlighting, which marks every mention of that kind and holds on the next page; a
//! mention's, a note call's and a citation's preview card opens on focus (and on
//! hover) without moving the text, and Esc closes it, leaving the focus on the link.

mod support;

use serde_json::{Value, json};
use support::TestEdition;
use support::browser::Browser;

/// A chapter with persons, other kinds, a note call and citations…
const FIRST: &str = "plenum-opening.html";
/// …and the one after it, reached by the pager.
const NEXT: &str = "june-25-26.html";

#[test]
#[ignore = "needs chromium"]
fn highlighting_persists_across_pages_and_previews_open_on_focus_and_close_on_escape() {
    let edition = TestEdition::bundled();
    edition.build().assert_clean();
    let out = edition.root().join("public").canonicalize().unwrap();
    let site = format!("file://{}/", out.display());
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());

    browser.open(&format!("{site}{FIRST}"));
    toggles_shown(&browser);
    let quiet = mention_styles(&browser, "a.mention-person");
    assert!(quiet.len() > 5, "{quiet:?}");
    for style in &quiet {
        assert_eq!(style["color"], style["text"], "quiet: {style}");
        assert_eq!(style["line"], "dotted", "quiet: {style}");
    }

    let toggle = browser.find("button.hl-toggle[data-kind=person]");
    browser.click(&toggle);
    assert_eq!(browser.attribute(&toggle, "aria-pressed"), "true");
    let highlighted = assert_persons_highlighted(&browser);
    // The other kinds stay quiet.
    for style in mention_styles(&browser, "a.mention:not(.mention-person)") {
        assert_eq!(style["color"], style["text"], "{style}");
    }

    browser.click(&browser.find("a[rel=next]"));
    browser.wait_for_url(&format!("/{NEXT}"));
    toggles_shown(&browser);
    let toggle = browser.find("button.hl-toggle[data-kind=person]");
    assert_eq!(browser.attribute(&toggle, "aria-pressed"), "true");
    assert_eq!(
        assert_persons_highlighted(&browser),
        highlighted,
        "the same colour"
    );

    browser.open(&format!("{site}{FIRST}"));
    toggles_shown(&browser);
    mention_card_opens_on_focus_and_closes_on_escape(&browser);
    note_and_citation_cards_show_the_note_and_the_source(&browser);
    a_card_opens_on_hover(&browser);
    browser.assert_nothing_failed_or_left(&site, &["/static/reader.js"]);
}

/// Waits until the script has shown the toggles.
fn toggles_shown(browser: &Browser) {
    browser.wait_for(
        "the highlight toggles",
        "return document.querySelector('.highlight-toggles:not([hidden]) button') ? true : null;",
    );
}

/// The colour and underline style of each element matching `css`, with the text colour
/// of the block it stands in.
fn mention_styles(browser: &Browser, css: &str) -> Vec<Value> {
    let script = "return Array.from(document.querySelectorAll(arguments[0])).map(function (a) {
        var style = getComputedStyle(a);
        var block = a.closest('p, li, blockquote, td, th, h1, h2, h3, h4') || a.parentNode;
        return { color: style.color, line: style.textDecorationStyle,
                 text: getComputedStyle(block).color, classes: a.className };
    });";
    let found = browser.execute(script, json!([css]));
    found.as_array().cloned().unwrap_or_default()
}

/// Every person mention has one colour, not the text's, and a solid underline; returns
/// the colour.
#[track_caller]
fn assert_persons_highlighted(browser: &Browser) -> String {
    let styles = mention_styles(browser, "a.mention-person");
    assert!(!styles.is_empty());
    let colour = styles[0]["color"].as_str().unwrap().to_owned();
    for style in &styles {
        assert_eq!(style["color"], colour.as_str(), "{style}");
        assert_ne!(style["color"], style["text"], "{style}");
        assert_eq!(style["line"], "solid", "{style}");
    }
    let marked = browser.execute(
        "return document.documentElement.classList.contains('highlight-person');",
        json!([]),
    );
    assert_eq!(marked, true);
    colour
}

/// Focus on the first person mention opens its card (name, first sentence, count from
/// the page's data) described by it, without moving the text; Esc closes it and the
/// focus stays on the mention.
fn mention_card_opens_on_focus_and_closes_on_escape(browser: &Browser) {
    let opened = browser.execute(
        "var m = document.querySelector('a.mention-person');
         var block = m.closest('p');
         var box = function () {
           var r = block.getBoundingClientRect();
           return [r.left + scrollX, r.top + scrollY, r.width, r.height].join(' ');
         };
         var before = box();
         m.focus();
         var card = document.getElementById('reader-preview');
         var data = JSON.parse(document.querySelector('script.reader-data').textContent);
         return { shown: !card.hidden && card.offsetHeight > 0, role: card.getAttribute('role'),
                  position: getComputedStyle(card).position,
                  described: m.getAttribute('aria-describedby'), text: card.innerText,
                  entry: data.entries[m.getAttribute('href')],
                  link: card.querySelector('a').getAttribute('href'), href: m.getAttribute('href'),
                  moved: before !== box() };",
        json!([]),
    );
    assert_eq!(opened["shown"], true, "{opened}");
    assert_eq!(opened["role"], "tooltip");
    assert_eq!(opened["position"], "absolute");
    assert_eq!(opened["described"], "reader-preview");
    assert_eq!(opened["moved"], false, "no layout shift");
    assert_eq!(
        opened["link"], opened["href"],
        "the card links to the entry"
    );
    let text = opened["text"].as_str().unwrap();
    for part in ["name", "text", "count"] {
        let wanted = opened["entry"][part].as_str().unwrap();
        assert!(text.contains(wanted), "{part} {wanted:?} in {text:?}");
    }

    let mention = browser.find("a.mention-person");
    browser.send_keys(&mention, "\u{E00C}"); // Escape
    let closed = browser.execute(
        "var m = document.querySelector('a.mention-person');
         return { hidden: document.getElementById('reader-preview').hidden,
                  focused: document.activeElement === m,
                  described: m.getAttribute('aria-describedby') };",
        json!([]),
    );
    assert_eq!(
        closed,
        json!({ "hidden": true, "focused": true, "described": null })
    );
}

/// A note call's card shows its note's text; a citation's the source's reference and
/// the locator the citation gives.
fn note_and_citation_cards_show_the_note_and_the_source(browser: &Browser) {
    let card = |css: &str| {
        browser.execute(
            "var link = document.querySelector(arguments[0]);
             link.focus();
             var card = document.getElementById('reader-preview');
             var data = JSON.parse(document.querySelector('script.reader-data').textContent);
             var href = link.getAttribute('href');
             var note = href.charAt(0) === '#' && document.getElementById(href.slice(1));
             return { shown: !card.hidden, text: card.innerText,
                      note: note && note.querySelector('.note-text').innerText,
                      source: data.sources[href] || null,
                      after: link.nextSibling && link.nextSibling.nodeValue };",
            json!([css]),
        )
    };
    let note = card(".note-ref a");
    assert_eq!(note["shown"], true, "{note}");
    let text = note["text"].as_str().unwrap();
    let wanted = note["note"].as_str().unwrap().trim();
    assert!(text.contains(wanted), "{wanted:?} in {text:?}");
    assert!(text.starts_with("Примечание "), "{text:?}");

    let citation = card(".citation a");
    assert_eq!(citation["shown"], true, "{citation}");
    let text = citation["text"].as_str().unwrap();
    let title = citation["source"]["title"].as_str().unwrap();
    assert!(text.contains(title), "{title:?} in {text:?}");
    // The locator: what follows the source's link up to the end of the citation.
    let after = citation["after"].as_str().unwrap_or("");
    let locator = after.split([']', ';']).next().unwrap();
    let locator = locator.trim_start_matches(['.', ' ']).trim();
    assert!(text.contains(locator), "{locator:?} in {text:?}");
}

/// The mouse over a mention opens its card too.
fn a_card_opens_on_hover(browser: &Browser) {
    browser.execute("document.activeElement.blur();", json!([]));
    let mentions = browser.find_all("a.mention-enterprise");
    let target = mentions.last().expect("an enterprise mention");
    browser.hover(target);
    let shown = browser.wait_for(
        "a card on hover",
        "var card = document.getElementById('reader-preview');
         var last = Array.from(document.querySelectorAll('a.mention-enterprise')).pop();
         return !card.hidden && last.getAttribute('aria-describedby') === 'reader-preview' ? card.innerText : null;",
    );
    assert!(!shown.as_str().unwrap().is_empty());
}
