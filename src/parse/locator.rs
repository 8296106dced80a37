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
    /// The page ranges found in it, in order (`38` is `(38, 38)`).
    pub pages: Vec<(u32, u32)>,
}

impl Locator {
    /// Reads the page numbers and ranges of a locator; text it cannot read as numbers
    /// (`passim`, a chapter title) is kept and sorts after all numbered locators.
    pub fn parse(text: &str) -> Self {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut pages = Vec::new();
        for part in text.split([',', ';']) {
            let numbers: Vec<u32> = part
                .split(['-', '–', '—'])
                .filter_map(|n| {
                    let digits: String = n.chars().filter(char::is_ascii_digit).collect();
                    digits.parse().ok()
                })
                .collect();
            match numbers[..] {
                [page] => pages.push((page, page)),
                [from, to] => pages.push((from, to.max(from))),
                _ => {}
            }
        }
        Self { text, pages }
    }

    /// The locator as a citation shows it, its first letter capitalised (`С. 38`).
    pub fn display(&self) -> String {
        let mut chars = self.text.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }

    /// Each page or range it names, as a concordance heads it (`С. 57`, `С. 174–179`),
    /// so a place citing «с. 57, 71» is found under 57 and under 71.
    pub fn each_page(&self) -> Vec<((u32, u32), String)> {
        let label: String = self
            .display()
            .chars()
            .take_while(|c| !c.is_ascii_digit())
            .collect();
        let label = label.trim();
        let space = if label.is_empty() { "" } else { " " };
        self.pages
            .iter()
            .map(|&(from, to)| {
                let pages = if from == to {
                    from.to_string()
                } else {
                    format!("{from}–{to}")
                };
                ((from, to), format!("{label}{space}{pages}"))
            })
            .collect()
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

    #[test]
    fn ranges_and_lists() {
        let l = Locator::parse("с. 174-179, 184-188");
        assert_eq!(l.pages, [(174, 179), (184, 188)]);
        assert_eq!(
            Locator::parse("с.57,60, 61").pages,
            [(57, 57), (60, 60), (61, 61)]
        );
        assert_eq!(
            Locator::parse("с. 142-144; 153-156").pages,
            [(142, 144), (153, 156)]
        );
        assert_eq!(l.display(), "С. 174-179, 184-188");
        assert_eq!(Locator::parse("p. 104").display(), "P. 104");
        let heads: Vec<_> = l.each_page().into_iter().map(|(_, head)| head).collect();
        assert_eq!(heads, ["С. 174–179", "С. 184–188"]);
    }
}
