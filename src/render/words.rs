//! The theme's own words (navigation, headings, counts) in the book's language.
//!
//! Russian and English are built in; any other language falls back to English. Counts
//! are formatted here, in Rust, because Russian plurals need three forms chosen by the
//! number (1 упоминание, 3 упоминания, 5 упоминаний), which templates cannot do.

use crate::date::{Date, Point};
use crate::link::ArchivalFile;
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
    /// "the editor's text": marks places on a page of front or back matter.
    pub editors_text: &'static str,
    /// The words of "cite this passage".
    pub cite: CiteWords,
    /// The words of the editor's summaries and of the pictures of the edition.
    pub figures: FigureWords,
    /// "Page not found".
    pub not_found: &'static str,
    /// "The page you asked for does not exist in this edition."
    pub not_found_text: &'static str,
    /// "To the title page".
    pub to_title_page: &'static str,
    /// "Skip to the text".
    pub skip_to_text: &'static str,
    /// "Dark scheme": the label of the button that turns the dark colours on and off.
    pub dark_scheme: &'static str,
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
    /// "Pages of this list": the name of the pager of a list too long for one page.
    pub list_pages: &'static str,
    /// "Search" (the search page's title).
    pub search: &'static str,
    /// "Search the edition" (the search box's label).
    pub search_label: &'static str,
    /// "Find" (the search box's button).
    pub search_button: &'static str,
    /// "Nothing found for" (followed by the query).
    pub search_nothing: &'static str,
    /// "Found" (followed by the number of passages and pages).
    pub search_found: &'static str,
    /// "Hits by chapter".
    pub search_by_chapter: &'static str,
    /// "Show more".
    pub search_more: &'static str,
    /// "All results" (the last suggestion, which opens the search page).
    pub search_all: &'static str,
    /// "Searching…".
    pub search_loading: &'static str,
    /// How to use the suggestions with the keyboard.
    pub search_keys: &'static str,
    /// "Search needs JavaScript", on the search page of a browser without it.
    pub search_needs_js: &'static str,
    /// "Place" (where a document was written).
    pub place: &'static str,
    /// "From" (a document's authors).
    pub from: &'static str,
    /// "To" (its addressees).
    pub to: &'static str,
    /// "Document" (its genre: letter, report…).
    pub document_kind: &'static str,
    /// "Original" (where it is kept).
    pub original: &'static str,
    /// "Letters from" (an entry page's section of documents it wrote).
    pub letters_from: &'static str,
    /// "Letters to" (documents addressed to it).
    pub letters_to: &'static str,
    /// "Written here" (documents written at a place).
    pub written_here: &'static str,
    /// "Highlight in the text": the label of the toggles that colour a register's mentions.
    pub highlight: &'static str,
    /// "Note", over a note's preview card.
    pub note: &'static str,
    #[serde(skip)]
    language: Language,
}

/// The words of the overlay `serve` lays over open pages when a rebuild fails (see
/// [`Words::overlay`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverlayWords {
    /// "The edition does not build: 2 errors. This page shows the last good build…"
    pub heading: String,
    /// "Close" (the overlay's button).
    pub close: &'static str,
    /// "error", before a diagnostic's message.
    pub error: &'static str,
    /// "warning".
    pub warning: &'static str,
    /// "hint", before a diagnostic's hint.
    pub hint: &'static str,
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

    /// "page 2 of 5" / «страница 2 из 5»: where a page stands in a long list.
    pub fn list_page(&self, number: usize, count: usize) -> String {
        match self.language {
            Language::Russian => format!("страница {number} из {count}"),
            Language::English => format!("page {number} of {count}"),
        }
    }

    /// A date as a reader writes it: «25 июня 1936 г.», "25 June 1936", «12–14 января
    /// 1937 г.», «ок. 1937 г.».
    pub fn date(&self, date: &Date) -> String {
        let russian = self.language == Language::Russian;
        let text = match date.end {
            None => self.point(date.start, true),
            Some(end) => self.range(date.start, end),
        };
        match (date.approximate, russian) {
            (false, _) => text,
            (true, true) => format!("ок. {text}"),
            (true, false) => format!("c. {text}"),
        }
    }

    /// A day, month or year; `with_year` false leaves the year (and «г.») out, for the
    /// first half of a range within one year.
    fn point(&self, point: Point, with_year: bool) -> String {
        let russian = self.language == Language::Russian;
        let year = match (with_year, russian) {
            (false, _) => String::new(),
            (true, true) => format!(" {} г.", point.year),
            (true, false) => format!(" {}", point.year),
        };
        let month = point.month.map(|m| usize::from(m.clamp(1, 12)) - 1);
        match (month, point.day, russian) {
            (None, _, _) => year.trim_start().to_owned(),
            (Some(m), None, true) => format!("{}{year}", RUSSIAN_MONTHS[m]),
            (Some(m), Some(d), true) => format!("{d} {}{year}", RUSSIAN_MONTHS_OF[m]),
            (Some(m), None, false) => format!("{}{year}", ENGLISH_MONTHS[m]),
            (Some(m), Some(d), false) => format!("{d} {}{year}", ENGLISH_MONTHS[m]),
        }
    }

    /// A range, shared parts said once: «12–14 января 1937 г.», «30 января – 2 февраля
    /// 1937 г.», «1936–1937 гг.».
    fn range(&self, start: Point, end: Point) -> String {
        let russian = self.language == Language::Russian;
        let same_year = start.year == end.year;
        let days = start.day.is_some() && end.day.is_some();
        if same_year && days && start.month == end.month {
            let mut text = self.point(end, true);
            let day = start.day.unwrap_or_default();
            text.insert_str(0, &format!("{day}–"));
            return text;
        }
        if same_year && start.month.is_some() && end.month.is_some() {
            return format!("{} – {}", self.point(start, false), self.point(end, true));
        }
        if start.month.is_none() && end.month.is_none() {
            let suffix = if russian { " гг." } else { "" };
            return format!("{}–{}{suffix}", start.year, end.year);
        }
        format!("{} – {}", self.point(start, true), self.point(end, true))
    }

    /// An archival file in the usual form of the language: «ГАСО. Ф. Р-841. Оп. 1.
    /// Д. 36», "GASO, f. R-841, op. 1, d. 36" (the parts as written).
    pub fn archival_file(&self, file: &ArchivalFile) -> String {
        let russian = self.language == Language::Russian;
        let (labels, separator) = if russian {
            (["Ф. ", "Оп. ", "Д. "], ". ")
        } else {
            (["f. ", "op. ", "d. "], ", ")
        };
        let parts = [&file.fond, &file.inventory, &file.file];
        file.archive
            .iter()
            .cloned()
            .chain(
                labels
                    .iter()
                    .zip(parts)
                    .filter_map(|(label, part)| part.as_ref().map(|p| format!("{label}{p}"))),
            )
            .collect::<Vec<_>>()
            .join(separator)
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

    /// The words of `serve`'s overlay, which open pages show when a rebuild failed
    /// with `errors` errors.
    pub fn overlay(&self, errors: usize) -> OverlayWords {
        let count = self.count(errors, ["ошибка", "ошибки", "ошибок"], ["error", "errors"]);
        match self.language {
            Language::Russian => OverlayWords {
                heading: format!(
                    "Издание не собирается: {count}. Здесь показана последняя удачная сборка; \
                     страница обновится сама, когда ошибка будет исправлена."
                ),
                close: "Закрыть",
                error: "ошибка",
                warning: "предупреждение",
                hint: "подсказка",
            },
            Language::English => OverlayWords {
                heading: format!(
                    "The edition does not build: {count}. This page shows the last good \
                     build; it reloads by itself once the mistake is fixed."
                ),
                close: "Close",
                error: "error",
                warning: "warning",
                hint: "hint",
            },
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

/// The words of "cite this passage": the dialog's, and those a citation is written with.
#[derive(Debug, Clone, Serialize)]
pub struct CiteWords {
    /// "Cite this passage": the title of the dialog, and what the `¶` control offers.
    pub passage: &'static str,
    /// "Cite this page".
    pub page: &'static str,
    /// "Text": the citation in the book's language.
    pub text: &'static str,
    /// "Copy".
    pub copy: &'static str,
    /// "Copied".
    pub copied: &'static str,
    /// "Close".
    pub close: &'static str,
    /// "edited by" (in a citation).
    pub edited_by: &'static str,
    /// "para." (a passage's number in a citation).
    pub paragraph: &'static str,
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
    editors_text: "текст редактора",
    figures: FigureWords {
        summary: "От редактора",
        strip: "Упоминания по главам издания",
        together: "Упоминается вместе с",
        timeline: "Хронология заседаний",
        chronology: "Хронология",
        map: "Карта издания",
        map_key: "Высота столбиков: абзацы, примечания и ссылки на источники в каждой главе, \
                  каждый ряд в своём масштабе.",
        passages: "абзацы",
        notes: "примечания",
        citations: "ссылки",
    },
    cite: CiteWords {
        passage: "Цитировать абзац",
        page: "Цитировать страницу",
        text: "Текст",
        copy: "Копировать",
        copied: "Скопировано",
        close: "Закрыть",
        edited_by: "под ред.",
        paragraph: "Абз.",
    },
    not_found: "Страница не найдена",
    not_found_text: "Такой страницы в издании нет.",
    to_title_page: "На титульную страницу",
    skip_to_text: "Перейти к тексту",
    dark_scheme: "Тёмная тема",
    navigation: "Навигация",
    letters: "Буквы",
    in_this_chapter: "В этой главе",
    indexes: "Указатели",
    date: "Дата",
    list_pages: "Страницы списка",
    search: "Поиск",
    search_label: "Поиск по изданию",
    search_button: "Найти",
    search_nothing: "Ничего не найдено по запросу",
    search_found: "Найдено",
    search_by_chapter: "Совпадения по главам",
    search_more: "Показать ещё",
    search_all: "Все результаты",
    search_loading: "Идёт поиск…",
    search_keys: "Стрелки вверх и вниз выбирают результат, Enter открывает его, Esc закрывает список.",
    search_needs_js: "Поиск работает только при включённом JavaScript. Указатели и оглавление доступны и без него.",
    place: "Место",
    from: "От кого",
    to: "Кому",
    document_kind: "Документ",
    original: "Подлинник",
    letters_from: "Письма от",
    letters_to: "Письма к",
    written_here: "Документы, написанные здесь",
    highlight: "Выделить в тексте",
    note: "Примечание",
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
    editors_text: "the editor's text",
    figures: FigureWords {
        summary: "Editor's summary",
        strip: "Mentions across the edition",
        together: "Mentioned together with",
        timeline: "Timeline of the sittings",
        chronology: "Timeline",
        map: "Map of the edition",
        map_key: "Bar heights: passages, notes and citations in each chapter, each row \
                  to its own scale.",
        passages: "passages",
        notes: "notes",
        citations: "citations",
    },
    cite: CiteWords {
        passage: "Cite this passage",
        page: "Cite this page",
        text: "Text",
        copy: "Copy",
        copied: "Copied",
        close: "Close",
        edited_by: "edited by",
        paragraph: "para.",
    },
    not_found: "Page not found",
    not_found_text: "This edition has no such page.",
    to_title_page: "To the title page",
    skip_to_text: "Skip to the text",
    dark_scheme: "Dark scheme",
    navigation: "Navigation",
    letters: "Letters",
    in_this_chapter: "In this chapter",
    indexes: "Indexes",
    date: "Date",
    list_pages: "Pages of this list",
    search: "Search",
    search_label: "Search the edition",
    search_button: "Search",
    search_nothing: "Nothing found for",
    search_found: "Found",
    search_by_chapter: "Hits by chapter",
    search_more: "Show more",
    search_all: "All results",
    search_loading: "Searching…",
    search_keys: "Up and down arrows choose a result, Enter opens it, Esc closes the list.",
    search_needs_js: "Search needs JavaScript. The indexes and the contents work without it.",
    place: "Place",
    from: "From",
    to: "To",
    document_kind: "Document",
    original: "Original",
    letters_from: "Letters from",
    letters_to: "Letters to",
    written_here: "Documents written here",
    highlight: "Highlight in the text",
    note: "Note",
    language: Language::English,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_speaks_the_language_and_counts_errors() {
        let ru = Words::for_language("ru").overlay(3);
        assert!(
            ru.heading.starts_with("Издание не собирается: 3 ошибки. "),
            "{}",
            ru.heading
        );
        assert_eq!((ru.close, ru.hint), ("Закрыть", "подсказка"));
        let en = Words::for_language("en").overlay(1);
        assert!(
            en.heading
                .starts_with("The edition does not build: 1 error. "),
            "{}",
            en.heading
        );
        assert_eq!(en.warning, "warning");
    }

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
        let date = |text: &str| Date::parse(text).unwrap();
        assert_eq!(ru.date(&date("1936-06-25")), "25 июня 1936 г.");
        assert_eq!(ru.date(&date("1936-06")), "июнь 1936 г.");
        assert_eq!(ru.date(&date("1936")), "1936 г.");
        assert_eq!(en.date(&date("1936-06-05")), "5 June 1936");
        assert_eq!(en.date(&date("1936-02-29")), "29 February 1936");
    }

    #[test]
    fn an_archival_file_is_written_in_the_usual_form_of_the_language() {
        let file = ArchivalFile {
            archive: Some("ГАСО".into()),
            fond: Some("Р-841".into()),
            inventory: Some("1".into()),
            file: Some("36".into()),
        };
        let ru = Words::for_language("ru");
        assert_eq!(ru.archival_file(&file), "ГАСО. Ф. Р-841. Оп. 1. Д. 36");
        let en = Words::for_language("en");
        assert_eq!(en.archival_file(&file), "ГАСО, f. Р-841, op. 1, d. 36");
    }

    #[test]
    fn ranges_and_approximate_dates_are_written_out() {
        let (ru, en) = (Words::for_language("ru"), Words::for_language("en"));
        let date = |text: &str| Date::parse(text).unwrap();
        assert_eq!(
            ru.date(&date("1937-01-12/1937-01-14")),
            "12–14 января 1937 г."
        );
        assert_eq!(
            ru.date(&date("1937-01-30/1937-02-02")),
            "30 января – 2 февраля 1937 г."
        );
        assert_eq!(ru.date(&date("1936/1937")), "1936–1937 гг.");
        assert_eq!(ru.date(&date("~1937")), "ок. 1937 г.");
        assert_eq!(
            en.date(&date("1937-01-12/1937-01-14")),
            "12–14 January 1937"
        );
        assert_eq!(en.date(&date("~1937-01")), "c. January 1937");
        assert_eq!(
            en.date(&date("1936-12-30/1937-01-02")),
            "30 December 1936 – 2 January 1937"
        );
    }
}

/// The words of the editor's summaries and of the pictures drawn for the edition
/// (`render::pictures`).
#[derive(Debug, Clone, Serialize)]
pub struct FigureWords {
    /// "Editor's summary": the label that marks a chapter's `summary` as the editor's.
    pub summary: &'static str,
    /// "Mentions across the edition": the strip on an entry's page.
    pub strip: &'static str,
    /// "Mentioned together with".
    pub together: &'static str,
    /// "Timeline of the sittings": the caption of the sessions' timeline.
    pub timeline: &'static str,
    /// "Timeline": the caption of any other dated register's, whose entries are events
    /// of the editor's choosing (a diary's, a correspondence's), not sittings.
    pub chronology: &'static str,
    /// "Map of the edition" (on the title page).
    pub map: &'static str,
    /// What the map's bars show.
    pub map_key: &'static str,
    /// "passages": the map's first row.
    pub passages: &'static str,
    /// "notes": its second row.
    pub notes: &'static str,
    /// "citations": its third row.
    pub citations: &'static str,
}

/// Counts the pictures say.
impl Words {
    /// "3 passages" / «3 абзаца».
    pub fn passage_count(&self, n: usize) -> String {
        self.count(n, ["абзац", "абзаца", "абзацев"], ["passage", "passages"])
    }

    /// "3 notes" / «3 примечания».
    pub fn note_count(&self, n: usize) -> String {
        self.count(
            n,
            ["примечание", "примечания", "примечаний"],
            ["note", "notes"],
        )
    }

    /// "in 3 chapters" / «в 3 главах».
    pub fn in_chapters(&self, n: usize) -> String {
        match self.language {
            Language::Russian if russian_plural(n) == 0 => format!("в {n} главе"),
            Language::Russian => format!("в {n} главах"),
            Language::English if n == 1 => "in 1 chapter".to_owned(),
            Language::English => format!("in {n} chapters"),
        }
    }

    /// "and 4 more" / «и ещё 4»: the entries a ranked list leaves out.
    pub fn and_more(&self, n: usize) -> String {
        match self.language {
            Language::Russian => format!("и ещё {n}"),
            Language::English => format!("and {n} more"),
        }
    }
}
