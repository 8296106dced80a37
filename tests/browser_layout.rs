//! The default theme's layout in a real browser (headless Chromium opening the bundled
//! edition from `file://`): on a wide window the notes stand in the margin level with
//! their calls and the text keeps a measure of 60–75 characters; on a phone the margin's
//! notes give way to the list at the chapter's end, the search box takes the header's
//! width and nothing scrolls sideways; the
//! colour scheme's toggle switches the page to dark and the choice holds on the next page;
//! the keyboard reaches a call, its note (beside it and in the list) and the way back.

mod support;

use serde_json::{Value, json};
use support::browser::Browser;
use support::{Built, TestEdition};

/// A chapter of the bundled edition with a dozen notes, some close together.
const CHAPTER: &str = "stakhanov-movement.html";

/// The bundled edition built, and a browser to open it in.
struct Session {
    browser: Browser,
    built: Built,
    _edition: TestEdition,
    _profile: tempfile::TempDir,
}

impl Session {
    fn start() -> Self {
        let edition = TestEdition::bundled();
        let built = edition.build();
        built.run.assert_success();
        let profile = tempfile::tempdir().unwrap();
        Self {
            browser: Browser::start(profile.path()),
            built,
            _edition: edition,
            _profile: profile,
        }
    }
}

/// Opens `page` of the output in a window `width` pixels wide.
fn open_at(browser: &Browser, built: &Built, page: &str, width: u32) {
    let rect = json!({ "width": width, "height": 900 });
    browser.session_call("POST", "/window/rect", Some(rect));
    browser.open(&format!("file://{}", built.out.join(page).display()));
}

/// For each sidenote shown: how far its top is from the top of its call's line, how far
/// below the previous sidenote's bottom it starts, and whether it stands right of the
/// text.
const SIDENOTES: &str = r"
    let previous = -Infinity;
    return [...document.querySelectorAll('.sidenote')].map(note => {
        const box = note.getBoundingClientRect();
        const call = note.previousElementSibling.getBoundingClientRect();
        const text = note.closest('p, li, blockquote').getBoundingClientRect();
        const row = { offset: box.top - call.top, after: box.top - previous,
                      pushed: previous > call.top, beside: box.left > text.right };
        previous = box.bottom;
        return row;
    });";

#[test]
#[ignore = "needs chromium"]
fn on_a_wide_window_each_note_stands_beside_its_call_and_lines_keep_their_measure() {
    let session = Session::start();
    let (browser, built) = (&session.browser, &session.built);
    open_at(browser, built, CHAPTER, 1280);

    let rows = browser.execute(SIDENOTES, json!([]));
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 10, "{rows:?}");
    let mut level = 0;
    for row in rows {
        assert_eq!(row["beside"], true, "{row}");
        let offset = row["offset"].as_f64().unwrap();
        if row["pushed"] == true {
            // Pushed down by the note above: it starts below it, never over it.
            assert!(row["after"].as_f64().unwrap() >= 0.0, "{row}");
        } else {
            // Level with its call's line: the call is raised, so it starts a little
            // above the note's first line, less than a line.
            assert!((-2.0..10.0).contains(&offset), "{row}");
            level += 1;
        }
    }
    assert!(
        level >= 5,
        "most notes stand level with their calls: {rows:?}"
    );

    let measure = browser.execute(
        r"const lengths = [...document.querySelectorAll('.chapter-body > p')].flatMap(p => {
              const lines = p.getBoundingClientRect().height
                  / parseFloat(getComputedStyle(p).lineHeight);
              const text = [...p.childNodes].filter(n => !n.classList?.contains('sidenote'))
                  .map(n => n.textContent).join('');
              return lines >= 5 ? [text.length / (Math.round(lines) - 0.5)] : [];
          });
          lengths.sort((a, b) => a - b);
          return lengths[Math.floor(lengths.length / 2)];",
        json!([]),
    );
    let measure = measure.as_f64().unwrap();
    assert!(
        (60.0..=75.0).contains(&measure),
        "{measure} characters a line"
    );
    browser.assert_nothing_failed_or_left(&format!("file://{}/", built.out.display()), &[]);
}

#[test]
#[ignore = "needs chromium"]
fn on_a_phone_the_notes_are_listed_at_the_end_and_nothing_scrolls_sideways() {
    let session = Session::start();
    let (browser, built) = (&session.browser, &session.built);
    // As a phone lays it out: its scroll bars take no width from the page.
    browser.emulate_viewport(375, 812);
    open_at(browser, built, CHAPTER, 375);
    let state = browser.execute(
        r"const shown = e => getComputedStyle(e).display !== 'none';
          return {
              width: window.innerWidth,
              sidenotes: [...document.querySelectorAll('.sidenote')].filter(shown).length,
              listed: [...document.querySelectorAll('.notes-list > li')].filter(shown).length,
              list: shown(document.querySelector('section.notes')),
              overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              toggle: !document.querySelector('.scheme-toggle').hidden,
              search: document.querySelector('#search-input').getBoundingClientRect().width,
          };",
        json!([]),
    );
    assert!(state["width"].as_u64().unwrap() <= 375, "{state}");
    // The search box keeps the header's width beside the scheme's toggle: a query of a
    // few words fits, and so do the suggestions under it.
    assert_eq!(state["toggle"], true, "{state}");
    assert!(state["search"].as_f64().unwrap() >= 200.0, "{state}");
    assert_eq!(state["sidenotes"], 0, "{state}");
    assert_eq!(state["list"], true, "{state}");
    assert!(state["listed"].as_u64().unwrap() >= 10, "{state}");
    assert_eq!(state["overflow"], 0, "{state}");
}

/// The page's scheme attribute, the toggle's state and the body's background lightness
/// (0 black to 255 white, the mean of its channels).
fn scheme(browser: &Browser) -> Value {
    browser.execute(
        r"const button = document.querySelector('.scheme-toggle');
          const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
          return { scheme: document.documentElement.getAttribute('data-scheme'),
                   hidden: button.hidden, pressed: button.getAttribute('aria-pressed'),
                   light: (rgb[0] + rgb[1] + rgb[2]) / 3 };",
        json!([]),
    )
}

#[test]
#[ignore = "needs chromium"]
fn the_scheme_toggle_switches_to_dark_and_the_next_page_opens_dark() {
    let session = Session::start();
    let (browser, built) = (&session.browser, &session.built);
    open_at(browser, built, CHAPTER, 1280);
    let before = scheme(browser);
    assert_eq!(
        before["scheme"],
        Value::Null,
        "the system's scheme: {before}"
    );
    assert_eq!(before["hidden"], false, "{before}");
    assert_eq!(before["pressed"], "false", "{before}");
    assert!(before["light"].as_f64().unwrap() > 200.0, "{before}");

    browser.click(&browser.find(".scheme-toggle"));
    let dark = scheme(browser);
    assert_eq!(dark["scheme"], "dark", "{dark}");
    assert_eq!(dark["pressed"], "true", "{dark}");
    assert!(dark["light"].as_f64().unwrap() < 60.0, "{dark}");

    open_at(browser, built, "index.html", 1280);
    let next = scheme(browser);
    assert_eq!(next["scheme"], "dark", "kept across pages: {next}");
    assert_eq!(next["pressed"], "true", "{next}");
    assert!(next["light"].as_f64().unwrap() < 60.0, "{next}");

    browser.click(&browser.find(".scheme-toggle"));
    open_at(browser, built, CHAPTER, 1280);
    let light = scheme(browser);
    assert_eq!(light["scheme"], "light", "{light}");
    assert!(light["light"].as_f64().unwrap() > 200.0, "{light}");
}

/// Presses and releases `key` (a WebDriver key code such as `\u{E004}` for Tab).
fn press(browser: &Browser, key: &str) {
    let stroke = json!([{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }]);
    let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": stroke }] });
    browser.session_call("POST", "/actions", Some(actions));
}

/// Where the keyboard is: the page's fragment, and what holds the focused element.
fn focus(browser: &Browser) -> Value {
    browser.execute(
        r"const at = document.activeElement;
          return { hash: location.hash, class: at.className,
                   sidenote: !!at.closest('.sidenote'), note: at.closest('li')?.id ?? null };",
        json!([]),
    )
}

#[test]
#[ignore = "needs chromium"]
fn the_call_its_note_and_the_way_back_are_reached_by_keyboard() {
    let session = Session::start();
    let (browser, built) = (&session.browser, &session.built);
    open_at(browser, built, CHAPTER, 1280);
    browser.execute("document.querySelector('#fnref-1 a').focus();", json!([]));
    // Tab from the call: the margin's copy of the note, with its links, comes next.
    press(browser, "\u{E004}");
    assert_eq!(focus(browser)["sidenote"], true, "{}", focus(browser));

    browser.execute("document.querySelector('#fnref-1 a').focus();", json!([]));
    press(browser, "\u{E007}"); // Enter follows the call to the list
    press(browser, "\u{E004}");
    let in_note = focus(browser);
    assert_eq!(in_note["hash"], "#fn-1", "{in_note}");
    assert_eq!(
        in_note["note"], "fn-1",
        "Tab goes on inside the note: {in_note}"
    );
    for _ in 0..10 {
        if focus(browser)["class"] == "backlink" {
            break;
        }
        press(browser, "\u{E004}");
    }
    assert_eq!(focus(browser)["class"], "backlink", "{}", focus(browser));
    press(browser, "\u{E007}");
    assert_eq!(focus(browser)["hash"], "#fnref-1", "{}", focus(browser));
}
