//! The theme's own words (navigation, headings, counts) in the book's language.
//!
//! Russian and English are built in; any other language falls back to English. Counts
//! are formatted here, in Rust, because Russian plurals need three forms chosen by the
//! number (1 упоминание, 3 упоминания, 5 упоминаний), which templates cannot do.

use serde::Serialize;

/// Every word the default theme shows, for one language.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    /// "Contents".
    pub contents: &'static str,
    /// "Notes" (the page of all footnotes).
    pub notes: &'static str,
    /// "Sources".
    pub sources: &'static str,
    /// "Previous".
    pub previous: &'static str,
    /// "Next".
    pub next: &'static str,
    /// "Speakers" (of a chapter).
    pub speakers: &'static str,
    /// "Themes" (of a chapter).
    pub themes: &'static str,
    /// "Related".
    pub related: &'static str,
    /// "Speeches".
    pub speeches: &'static str,
    /// "Speech turns": the passages a person speaks.
    pub speaks: &'static str,
    /// "Mentions".
    pub mentions: &'static str,
    /// "Chapters on this theme".
    pub theme_chapters: &'static str,
    /// "Speeches at this session".
    pub session_speeches: &'static str,
    /// "Cited places".
    pub cited_places: &'static str,
    /// "No page given".
    pub no_locator: &'static str,
    /// "Back to the text".
    pub back_to_text: &'static str,
    /// "Session".
    pub session: &'static str,
    /// "Pages".
    pub pages: &'static str,
    /// "Also written".
    pub aliases: &'static str,
    /// "Normalised form": an entry's `label`, the form used in running text, which the
    /// text itself does not always print.
    pub in_text: &'static str,
    /// "Title supplied by the editor".
    pub editorial_title: &'static str,
    /// "Page not found".
    pub not_found: &'static str,
    /// "The page you asked for does not exist in this edition."
    pub not_found_text: &'static str,
    /// "To the title page".
    pub to_title_page: &'static str,
    /// "Skip to the text".
    pub skip_to_text: &'static str,
    /// "Navigation".
    pub navigation: &'static str,
    /// "Letters".
    pub letters: &'static str,
    /// "In this chapter".
    pub in_this_chapter: &'static str,
    /// "Index".
    pub indexes: &'static str,
    /// "Date".
    pub date: &'static str,
    #[serde(skip)]
    language: Language,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Russian,
    English,
}

impl Words {
    /// The words for a BCP 47 language tag (`ru`, `ru-RU`, `en`…).
    pub fn for_language(tag: &str) -> Self {
        match tag.split(['-', '_']).next().unwrap_or("") {
            "ru" => RUSSIAN,
            _ => ENGLISH,
        }
    }

    /// "3 mentions" / «3 упоминания».
    pub fn mention_count(&self, n: usize) -> String {
        self.count(
            n,
            ["упоминание", "упоминания", "упоминаний"],
            ["mention", "mentions"],
        )
    }

    /// "2 citations" / «2 ссылки».
    pub fn citation_count(&self, n: usize) -> String {
        self.count(n, ["ссылка", "ссылки", "ссылок"], ["citation", "citations"])
    }

    /// "2 speech turns" / «2 реплики».
    pub fn turn_count(&self, n: usize) -> String {
        self.count(
            n,
            ["реплика", "реплики", "реплик"],
            ["speech turn", "speech turns"],
        )
    }

    /// A register date (`1936-06-25`, `1936-06`, `1936`) as a reader writes it: «25 июня
    /// 1936 г.», "25 June 1936"; `None` when it is no date of the calendar (`1936-02-30`).
    pub fn date(&self, iso: &str) -> Option<String> {
        let (year, month, day) = calendar_date(iso)?;
        let russian = self.language == Language::Russian;
        let text = match (month, day, russian) {
            (None, _, true) => format!("{year} г."),
            (None, _, false) => year.to_string(),
            (Some(m), None, true) => format!("{} {year} г.", RUSSIAN_MONTHS[m - 1]),
            (Some(m), Some(d), true) => format!("{d} {} {year} г.", RUSSIAN_MONTHS_OF[m - 1]),
            (Some(m), None, false) => format!("{} {year}", ENGLISH_MONTHS[m - 1]),
            (Some(m), Some(d), false) => format!("{d} {} {year}", ENGLISH_MONTHS[m - 1]),
        };
        Some(text)
    }

    /// The default heading of a register's index page when `book.toml` gives none.
    pub fn register_title(&self, kind: &str) -> String {
        let russian = self.language == Language::Russian;
        match (kind, russian) {
            ("person", true) => "Персоналии".into(),
            ("person", false) => "Persons".into(),
            ("enterprise", true) => "Предприятия и учреждения".into(),
            ("enterprise", false) => "Enterprises and institutions".into(),
            ("theme", true) => "Темы".into(),
            ("theme", false) => "Themes".into(),
            ("session", true) => "Заседания".into(),
            ("session", false) => "Sessions".into(),
            (other, _) => {
                let mut chars = other.chars();
                chars
                    .next()
                    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
            }
        }
    }

    fn count(&self, n: usize, ru: [&str; 3], en: [&str; 2]) -> String {
        let word = match self.language {
            Language::Russian => ru[russian_plural(n)],
            Language::English => en[usize::from(n != 1)],
        };
        format!("{n} {word}")
    }
}

/// The year, month (1–12) and day of an ISO date of one, two or three parts, if the
/// calendar has that day.
fn calendar_date(iso: &str) -> Option<(u32, Option<usize>, Option<u32>)> {
    let mut parts = iso.split('-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: Option<usize> = parts.next().map(str::parse).transpose().ok()?;
    let day: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month.unwrap_or(1)) {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month.unwrap_or(1) {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days)
        .contains(&day.unwrap_or(1))
        .then_some((year, month, day))
}

const RUSSIAN_MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// The months in the genitive, as a day's date names them («25 июня»).
const RUSSIAN_MONTHS_OF: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Which of the three Russian forms a number takes: 1, 21 → 0; 2–4, 22 → 1; else 2.
fn russian_plural(n: usize) -> usize {
    match (n % 10, n % 100) {
        (1, m) if m != 11 => 0,
        (2..=4, m) if !(12..=14).contains(&m) => 1,
        _ => 2,
    }
}

const RUSSIAN: Words = Words {
    contents: "Содержание",
    notes: "Примечания",
    sources: "Источники",
    previous: "Назад",
    next: "Далее",
    speakers: "Выступающие",
    themes: "Темы",
    related: "Связи",
    speeches: "Выступления",
    speaks: "Реплики",
    mentions: "Упоминания",
    theme_chapters: "Главы по теме",
    session_speeches: "Выступления на заседании",
    cited_places: "Места ссылок",
    no_locator: "Без указания страницы",
    back_to_text: "Вернуться к тексту",
    session: "Заседание",
    pages: "С.",
    aliases: "Варианты написания",
    in_text: "Нормализованная форма",
    editorial_title: "Заглавие дано редактором",
    not_found: "Страница не найдена",
    not_found_text: "Такой страницы в издании нет.",
    to_title_page: "На титульную страницу",
    skip_to_text: "Перейти к тексту",
    navigation: "Навигация",
    letters: "Буквы",
    in_this_chapter: "В этой главе",
    indexes: "Указатели",
    date: "Дата",
    language: Language::Russian,
};

const ENGLISH: Words = Words {
    contents: "Contents",
    notes: "Notes",
    sources: "Sources",
    previous: "Previous",
    next: "Next",
    speakers: "Speakers",
    themes: "Themes",
    related: "Related",
    speeches: "Speeches",
    speaks: "Speech turns",
    mentions: "Mentions",
    theme_chapters: "Chapters on this theme",
    session_speeches: "Speeches at this session",
    cited_places: "Cited places",
    no_locator: "No page given",
    back_to_text: "Back to the text",
    session: "Session",
    pages: "Pp.",
    aliases: "Also written",
    in_text: "Normalised form",
    editorial_title: "Title supplied by the editor",
    not_found: "Page not found",
    not_found_text: "This edition has no such page.",
    to_title_page: "To the title page",
    skip_to_text: "Skip to the text",
    navigation: "Navigation",
    letters: "Letters",
    in_this_chapter: "In this chapter",
    indexes: "Indexes",
    date: "Date",
    language: Language::English,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let ru = Words::for_language("ru-RU");
        let counts: Vec<_> = [1, 2, 5, 11, 21, 22, 112]
            .iter()
            .map(|&n| ru.mention_count(n))
            .collect();
        assert_eq!(
            counts,
            [
                "1 упоминание",
                "2 упоминания",
                "5 упоминаний",
                "11 упоминаний",
                "21 упоминание",
                "22 упоминания",
                "112 упоминаний"
            ]
        );
        assert_eq!(Words::for_language("de").citation_count(1), "1 citation");
    }

    #[test]
    fn dates_are_written_out_in_the_language() {
        let (ru, en) = (Words::for_language("ru"), Words::for_language("en"));
        assert_eq!(ru.date("1936-06-25").as_deref(), Some("25 июня 1936 г."));
        assert_eq!(ru.date("1936-06").as_deref(), Some("июнь 1936 г."));
        assert_eq!(ru.date("1936").as_deref(), Some("1936 г."));
        assert_eq!(en.date("1936-06-05").as_deref(), Some("5 June 1936"));
        assert_eq!(en.date("1936-02-29").as_deref(), Some("29 February 1936"));
    }

    #[test]
    fn a_day_the_calendar_lacks_is_no_date() {
        let en = Words::for_language("en");
        for bad in ["1935-02-29", "1936-13", "1936-04-31", "1936-06-00", "June"] {
            assert_eq!(en.date(bad), None, "{bad}");
        }
    }
}
