//! Locators (`с. 38`, `с. 174-179, 184-188`, `p. 104`) and their numeric order.
//!
//! A source's page lists the places that cite it as a concordance of pages, so `С. 38`
//! must come after `С. 9` and before `С. 100`: locators are ordered by their first page
//! number, then by the rest, never as strings.
//!
//! A locator is read once, where the citation is parsed; the concordance, the citation
//! as shown and the snippets all use that one reading.

use std::cmp::Ordering;

/// A parsed locator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    /// As written, whitespace folded (`с. 38`).
    pub text: String,
    /// The page or sheet ranges found in it, in order (`38` is 38 to 38).
    pub pages: Vec<PageRange>,
}

/// A page, a sheet or a range of them (`12`, `21 об.–22`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageRange {
    /// The first page or sheet.
    pub from: Page,
    /// The last one (the same as `from` for a single one).
    pub to: Page,
}

/// One page, or one side of an archival sheet: `12`, `12 об.`, `12v`, `12r`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Page {
    /// Its number.
    pub number: u32,
    /// Which side of the sheet: л. 12 < л. 12 об. < л. 13.
    pub side: Side,
    /// The side's mark as written (`об.`, `v`, `verso`, `r`), with the space before it.
    pub mark: String,
}

/// The side of an archival sheet a locator names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// No side given: a page, or the sheet as a whole.
    Unmarked,
    /// The front (`r`, `recto`).
    Recto,
    /// The back (`об.`, `v`, `verso`).
    Verso,
}

/// The units a locator may open with, which are then shown instead of the theme's
/// «С.»: pages, sheets (листы), folios, columns (столбцы).
const UNITS: [&str; 14] = [
    "с.", "c.", "л.", "лл.", "p.", "pp.", "f.", "ff.", "fol.", "fols.", "col.", "cols.", "стб.",
    "s.",
];

impl Locator {
    /// Reads the page numbers and ranges of a locator; text it cannot read as numbers
    /// (`passim`, a chapter title) is kept and sorts after all numbered locators.
    pub fn parse(text: &str) -> Self {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut pages = Vec::new();
        for part in text.split([',', ';']) {
            let ends: Vec<Page> = part
                .split(['-', '–', '—'])
                .filter_map(Page::parse)
                .collect();
            match &ends[..] {
                [page] => pages.push(PageRange {
                    from: page.clone(),
                    to: page.clone(),
                }),
                [from, to] => pages.push(PageRange {
                    from: from.clone(),
                    to: to.clone().max(from.clone()),
                }),
                _ => {}
            }
        }
        Self { text, pages }
    }

    /// The unit the locator opens with (`л.`, `pp.`), if it names one: such a
    /// locator is shown as it is, never after an added «С.».
    pub fn unit(&self) -> Option<&str> {
        let first = self.text.split_whitespace().next()?;
        let word = first.trim_end_matches(|c: char| c.is_ascii_digit());
        UNITS
            .contains(&word.to_lowercase().as_str())
            .then_some(word)
    }

    /// The locator as a citation shows it, its first letter capitalised (`С. 38`).
    pub fn display(&self) -> String {
        let mut chars = self.text.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }

    /// Each page or range it names, as a concordance heads it (`С. 57`, `Л. 21 об.–22`),
    /// so a place citing «с. 57, 71» is found under 57 and under 71.
    pub fn each_page(&self) -> Vec<(PageRange, String)> {
        let label: String = self
            .display()
            .chars()
            .take_while(|c| !c.is_ascii_digit())
            .collect();
        let label = label.trim();
        let space = if label.is_empty() { "" } else { " " };
        self.pages
            .iter()
            .map(|range| {
                let pages = if range.from == range.to {
                    range.from.to_string()
                } else {
                    format!("{}–{}", range.from, range.to)
                };
                (range.clone(), format!("{label}{space}{pages}"))
            })
            .collect()
    }
}

impl Page {
    /// One end of a range: the first number in `text`, and a side mark right after it.
    fn parse(text: &str) -> Option<Self> {
        let start = text.find(|c: char| c.is_ascii_digit())?;
        let rest = &text[start..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let number = rest[..digits].parse().ok()?;
        let after = &rest[digits..];
        let word = after.trim().trim_end_matches('.').to_lowercase();
        let side = match word.as_str() {
            "об" | "v" | "verso" | "vo" => Side::Verso,
            "r" | "recto" | "ro" => Side::Recto,
            _ => Side::Unmarked,
        };
        let mark = match side {
            Side::Unmarked => String::new(),
            _ => after.trim_end().to_owned(),
        };
        Some(Self { number, side, mark })
    }
}

impl std::fmt::Display for Page {
    /// `12`, `12 об.`, `12v`: the number and its side as written.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.number, self.mark)
    }
}

impl Ord for Locator {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.pages.is_empty(), other.pages.is_empty()) {
            (false, true) => Ordering::Less,
            (true, false) => Ordering::Greater,
            _ => self
                .pages
                .cmp(&other.pages)
                .then_with(|| self.text.cmp(&other.text)),
        }
    }
}

impl PartialOrd for Locator {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_sort_numerically() {
        let mut locators: Vec<_> = ["с. 100", "с. 38", "с. 9", "passim", "с. 38–39"]
            .map(Locator::parse)
            .to_vec();
        locators.sort();
        let texts: Vec<_> = locators.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["с. 9", "с. 38", "с. 38–39", "с. 100", "passim"]);
    }

    fn numbers(locator: &Locator) -> Vec<(u32, u32)> {
        locator
            .pages
            .iter()
            .map(|r| (r.from.number, r.to.number))
            .collect()
    }

    #[test]
    fn ranges_and_lists() {
        let l = Locator::parse("с. 174-179, 184-188");
        assert_eq!(numbers(&l), [(174, 179), (184, 188)]);
        assert_eq!(
            numbers(&Locator::parse("с.57,60, 61")),
            [(57, 57), (60, 60), (61, 61)]
        );
        assert_eq!(
            numbers(&Locator::parse("с. 142-144; 153-156")),
            [(142, 144), (153, 156)]
        );
        assert_eq!(l.display(), "С. 174-179, 184-188");
        assert_eq!(Locator::parse("p. 104").display(), "P. 104");
        let heads: Vec<_> = l.each_page().into_iter().map(|(_, head)| head).collect();
        assert_eq!(heads, ["С. 174–179", "С. 184–188"]);
    }

    #[test]
    fn verso_and_recto_are_kept_in_headings_and_order() {
        let heads = |text: &str| -> Vec<String> {
            Locator::parse(text)
                .each_page()
                .into_iter()
                .map(|(_, head)| head)
                .collect()
        };
        assert_eq!(heads("л. 21 об."), ["Л. 21 об."]);
        assert_eq!(heads("л. 21 об.–22"), ["Л. 21 об.–22"]);
        assert_eq!(heads("л. 21–22 об."), ["Л. 21–22 об."]);
        assert_eq!(heads("f. 3r–4v"), ["F. 3r–4v"]);
        let mut locators: Vec<_> = [
            "л. 13",
            "л. 12 об.",
            "л. 12",
            "л. 21–22 об.",
            "л. 21 об.–22",
        ]
        .map(Locator::parse)
        .to_vec();
        locators.sort();
        let texts: Vec<_> = locators.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "л. 12",
                "л. 12 об.",
                "л. 13",
                "л. 21–22 об.",
                "л. 21 об.–22"
            ]
        );
    }

    #[test]
    fn a_locator_that_names_its_unit_is_known() {
        assert_eq!(Locator::parse("л. 12–13 об.").unit(), Some("л."));
        assert_eq!(Locator::parse("pp. 3-4").unit(), Some("pp."));
        assert_eq!(Locator::parse("стб. 7").unit(), Some("стб."));
        assert_eq!(Locator::parse("38–39").unit(), None);
        assert_eq!(Locator::parse("passim").unit(), None);
    }
}
