//! The timeline on a dated register's index (the sessions): its sittings along the days,
//! each a link to its page. The list under it names each sitting's speakers.

use super::round;
use crate::date::{Date, Point};
use crate::link::Register;
use crate::render::Renderer;
use crate::render::links::Links;
use serde::Serialize;

/// The width of the timeline's `viewBox`. Its labels and dots are drawn at a fixed size
/// in its units and scale with it, so it is narrow enough that a phone's column (some
/// 335 CSS pixels at 375) shows the 12-unit labels at 11 pixels or more; the stylesheet
/// caps its width on a wide screen, where they stay near 16 pixels.
const WIDTH: f64 = 360.0;
/// Room left and right of the first and last day, for their labels.
const MARGIN: f64 = 30.0;
/// The height a sitting takes; sittings of one day stand one above the other.
const STEP: f64 = 16.0;
/// Room under the axis for the days' labels.
const LABELS: f64 = 18.0;
/// The least room between two days' labels; a day closer to the last labelled one
/// keeps its tick and goes without a label.
const LABEL_GAP: f64 = 44.0;
/// How much wider a day's label is with its year («25.06.1936» against «25.06»): five
/// characters of some 6.6 units each at the labels' 12 (a digit of the sans is about
/// 0.55 em). Two labels centred on their days need half of it more room for each one
/// that carries its year.
const YEAR_WIDTH: f64 = 33.0;

/// The timeline, ready to draw.
#[derive(Serialize)]
pub(in crate::render) struct TimelineView {
    width: f64,
    height: f64,
    /// Where the axis runs.
    axis: f64,
    /// What the timeline shows, in words: its caption and its SVG's name.
    label: String,
    days: Vec<Day>,
    sittings: Vec<Sitting>,
}

/// A day with sittings: its tick and, when there is room, its label («25.06», with its
/// year when the timeline spans more than one: see [`label_days`]).
#[derive(Serialize)]
struct Day {
    x: f64,
    label: Option<String>,
}

/// A sitting on its day.
#[derive(Serialize)]
struct Sitting {
    x: f64,
    y: f64,
    href: String,
    /// Its name and date: the link's name.
    label: String,
}

/// The timeline of `register`'s dated entries, in date order, when it has any.
pub(in crate::render) fn timeline(
    r: &Renderer<'_>,
    links: &Links,
    register: &Register,
) -> Option<TimelineView> {
    let mut dated: Vec<(i64, usize)> = register
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((day_number(e.date.as_ref()?.start), i)))
        .collect();
    dated.sort();
    let (first, last) = (dated.first()?.0, dated.last()?.0);
    let span = (last - first).max(1) as f64;
    let x_of = |day: i64| match first == last {
        true => WIDTH / 2.0,
        false => round(MARGIN + (day - first) as f64 / span * (WIDTH - 2.0 * MARGIN)),
    };
    // Each sitting's place in the stack of its day.
    let stacks: Vec<usize> = dated
        .iter()
        .scan(None, |prev: &mut Option<(i64, usize)>, &(day, _)| {
            let stack = match *prev {
                Some((d, s)) if d == day => s + 1,
                _ => 0,
            };
            *prev = Some((day, stack));
            Some(stack)
        })
        .collect();
    let axis = STEP * (stacks.iter().max().copied().unwrap_or(0) + 1) as f64 + 8.0;
    let mut days: Vec<(Point, Day)> = Vec::new();
    let mut sittings = Vec::new();
    for (&(day, i), &stack) in dated.iter().zip(&stacks) {
        let entry = &register.entries[i];
        if let (0, Some(date)) = (stack, &entry.date) {
            let x = x_of(day);
            days.push((date.start, Day { x, label: None }));
        }
        let date = entry
            .date
            .as_ref()
            .map(|d| r.words.date(d))
            .unwrap_or_default();
        sittings.push(Sitting {
            x: x_of(day),
            y: axis - STEP * (stack as f64 + 0.5) - 4.0,
            href: links.entry(&register.kind, &entry.id),
            label: format!("{}, {date}", entry.name),
        });
    }
    label_days(&mut days);
    Some(TimelineView {
        width: WIDTH,
        height: axis + LABELS,
        axis,
        label: format!(
            "{}: {}",
            caption(r, register),
            r.words.date(&span_of(register, &dated))
        ),
        days: days.into_iter().map(|(_, d)| d).collect(),
        sittings,
    })
}

/// "Timeline of the sittings" on the register that chapters' `speakers` name as their
/// sittings (`session`); a plain "Timeline" on any other, whose dated entries may be
/// anything.
fn caption(r: &Renderer<'_>, register: &Register) -> &'static str {
    match register.kind.name.as_str() {
        "session" => r.words.figures.timeline,
        _ => r.words.figures.chronology,
    }
}

/// The days from the first sitting to the last, as one date.
fn span_of(register: &Register, dated: &[(i64, usize)]) -> Date {
    let point = |i: usize| register.entries[i].date.as_ref().map(|d| d.start);
    let first = dated.first().and_then(|&(_, i)| point(i));
    let last = dated.last().and_then(|&(_, i)| point(i));
    let start = first.unwrap_or(Point {
        year: 0,
        month: None,
        day: None,
    });
    Date {
        start,
        end: last.filter(|&l| l != start),
        approximate: false,
    }
}

/// Labels the days from the first on, skipping a day too close to the last labelled.
/// A day is named by the first of its entries (a month or a year stands for its first
/// day). When the days span more than one year, the first label of each year carries
/// it («25.06.1936», then «12.08», «03.02.1937»): two «25.06» of different years
/// would read as one day, and a year on every label would leave room for fewer.
fn label_days(days: &mut [(Point, Day)]) {
    let years = days.first().map(|(p, _)| p.year) != days.last().map(|(p, _)| p.year);
    // The last label's place, year and added width.
    let mut last: Option<(f64, u16, f64)> = None;
    for (point, view) in days {
        let with_year =
            years && point.day.is_some() && last.is_none_or(|(_, year, _)| year != point.year);
        let wider = if with_year { YEAR_WIDTH } else { 0.0 };
        if let Some((x, _, last_wider)) = last {
            if view.x - x < LABEL_GAP + (last_wider + wider) / 2.0 {
                continue;
            }
        }
        last = Some((view.x, point.year, wider));
        let label = short_date(*point);
        view.label = Some(match with_year {
            true => format!("{label}.{}", point.year),
            false => label,
        });
    }
}

/// «25.06», or the year alone for a date without a month.
fn short_date(point: Point) -> String {
    match (point.day, point.month) {
        (Some(d), Some(m)) => format!("{d}.{m:02}"),
        (None, Some(m)) => format!("{m:02}.{}", point.year),
        _ => point.year.to_string(),
    }
}

/// The number of `point`'s day counted from 1 March of year 0 (a month or a year
/// stands for its first day): only differences between days matter here.
fn day_number(point: Point) -> i64 {
    let month = i64::from(point.month.unwrap_or(1));
    let day = i64::from(point.day.unwrap_or(1));
    // From March, so that a leap day falls at the end of the counted year.
    let year = i64::from(point.year) - i64::from(month <= 2);
    let month_from_march = (month + 9) % 12;
    year * 365 + year / 4 - year / 100 + year / 400 + (153 * month_from_march + 2) / 5 + day - 1
}

#[cfg(test)]
mod tests {
    use super::day_number;
    use crate::date::Point;

    fn day(year: u16, month: u8, day: u8) -> i64 {
        day_number(Point {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    #[test]
    fn days_are_counted_across_months_and_leap_years() {
        assert_eq!(day(1936, 6, 26) - day(1936, 6, 25), 1);
        assert_eq!(day(1936, 7, 1) - day(1936, 6, 30), 1);
        assert_eq!(day(1936, 3, 1) - day(1936, 2, 28), 2);
        assert_eq!(day(1937, 3, 1) - day(1937, 2, 28), 1);
        assert_eq!(day(1937, 1, 1) - day(1936, 1, 1), 366);
    }
}
