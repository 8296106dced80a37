//! `letopis build --timings`: where a build's time goes, stage by stage, and what it
//! wrote, by kind of page, so that an editor can see what makes a large edition slow.
//!
//! Rendering and writing overlap: each page is written by the thread that rendered it,
//! as soon as it is rendered. The wall time of that phase is split between the two in
//! proportion: writing is the threads' time inside the file writes divided by the
//! number of threads, plus preparing the output folder and swapping it into place;
//! rendering is the rest.

use crate::render::PageKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// A stage of the pipeline, in the order it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Reading `book.toml`.
    Config,
    /// Reading the content folder.
    Load,
    /// Parsing the chapters and the registers' descriptions.
    Parse,
    /// Building the edition and its cross-reference index.
    Link,
    /// Making the search index (`serve` times it apart from rendering).
    Search,
    /// Rendering the pages through the theme.
    Render,
    /// Writing the output folder and swapping it into place.
    Write,
    /// Handing the new site to `serve`'s server.
    Publish,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Load => "load",
            Self::Parse => "parse",
            Self::Link => "link",
            Self::Search => "search",
            Self::Render => "render",
            Self::Write => "write",
            Self::Publish => "publish",
        }
    }
}

/// The wall time of each stage and the files written, by kind.
#[derive(Debug, Default)]
pub struct Timings {
    stages: BTreeMap<Stage, Duration>,
    written: BTreeMap<PageKind, Written>,
}

/// How many files of one kind were written, and their bytes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The files.
    pub files: usize,
    /// Their bytes, all together.
    pub bytes: u64,
    /// The bytes of the largest of them.
    pub largest: u64,
}

impl Timings {
    /// Runs `f` and adds its wall time to `stage`.
    pub fn time<T>(&mut self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = f();
        self.add(stage, started.elapsed());
        value
    }

    /// Adds `time` to `stage`.
    pub fn add(&mut self, stage: Stage, time: Duration) {
        *self.stages.entry(stage).or_default() += time;
    }

    /// Counts a written file of `kind` with `bytes` bytes.
    pub fn count(&mut self, kind: PageKind, bytes: u64) {
        let written = self.written.entry(kind).or_default();
        written.files += 1;
        written.bytes += bytes;
        written.largest = written.largest.max(bytes);
    }

    /// Adds the files counted in `other` (by a build's writing threads) to these.
    pub fn merge_written(&mut self, other: Self) {
        for (kind, w) in other.written {
            let mine = self.written.entry(kind).or_default();
            mine.files += w.files;
            mine.bytes += w.bytes;
            mine.largest = mine.largest.max(w.largest);
        }
    }

    /// What was written of `kind`.
    pub fn written(&self, kind: PageKind) -> Written {
        self.written.get(&kind).copied().unwrap_or_default()
    }

    /// The stages' times on one line, in milliseconds (`serve`'s log of a rebuild):
    /// `load 1.2, parse 0.3, link 8.0 ms`.
    pub fn line(&self) -> String {
        let stages = self
            .stages
            .iter()
            .map(|(stage, time)| format!("{} {:.1}", stage.name(), time.as_secs_f64() * 1000.0));
        format!("{} ms", stages.collect::<Vec<_>>().join(", "))
    }

    /// The two tables `--timings` prints: seconds by stage, files and bytes by kind.
    pub fn report(&self) -> String {
        let mut out = String::from("stage          seconds\n");
        for (stage, time) in &self.stages {
            let _ = writeln!(out, "{:<12} {:>9.3}", stage.name(), time.as_secs_f64());
        }
        let total: Duration = self.stages.values().sum();
        let _ = writeln!(out, "{:<12} {:>9.3}", "total", total.as_secs_f64());
        out.push_str("\nwritten          files          bytes    largest\n");
        let mut all = Written::default();
        for (kind, w) in &self.written {
            let _ = writeln!(
                out,
                "{:<12} {:>9} {:>14} {:>10}",
                kind_name(*kind),
                w.files,
                w.bytes,
                w.largest
            );
            all.files += w.files;
            all.bytes += w.bytes;
            all.largest = all.largest.max(w.largest);
        }
        let _ = writeln!(
            out,
            "{:<12} {:>9} {:>14} {:>10}",
            "total", all.files, all.bytes, all.largest
        );
        out
    }
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Chapter => "chapters",
        PageKind::Entry => "entry pages",
        PageKind::Source => "sources",
        PageKind::Notes => "notes",
        PageKind::Other => "other pages",
        PageKind::File => "other files",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_lists_stages_in_order_and_totals_the_files() {
        let mut t = Timings::default();
        t.add(Stage::Render, Duration::from_millis(1500));
        t.add(Stage::Load, Duration::from_millis(250));
        t.count(PageKind::Chapter, 100);
        t.count(PageKind::Chapter, 300);
        t.count(PageKind::Notes, 50);
        let report = t.report();
        let load = report.find("load").unwrap();
        assert!(load < report.find("render").unwrap(), "{report}");
        assert!(report.contains("total            1.750\n"), "{report}");
        assert!(
            report.contains("chapters             2            400        300\n"),
            "{report}"
        );
        assert!(
            report.contains("total                3            450        300\n"),
            "{report}"
        );
        assert_eq!(t.written(PageKind::Notes).files, 1);
    }

    #[test]
    fn the_line_lists_stages_in_order_in_milliseconds() {
        let mut t = Timings::default();
        t.add(Stage::Publish, Duration::from_micros(300));
        t.add(Stage::Link, Duration::from_micros(8_040));
        t.add(Stage::Load, Duration::from_millis(2));
        assert_eq!(t.line(), "load 2.0, link 8.0, publish 0.3 ms");
    }
}
