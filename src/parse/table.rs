//! The cells of a GFM table row as written, to find the ones the parser leaves out.
//!
//! GFM drops the cells of a row beyond the header's columns without a word, so an
//! editor's `| Adams | London | 1937 |` under a two-column header loses «1937» from the
//! page. pulldown-cmark reports no event for them; this reads the row's line itself.

use std::ops::Range;

/// The byte range, within `line` (one table row as written, from its first character
/// to the end of its line), of the text past the first `columns` cells, trimmed, and
/// how many cells the row has; `None` when nothing but empty cells is past `columns`.
/// Cells are split at every `|` not escaped by a backslash, code spans included, as
/// GFM does; one leading and one trailing `|` only delimit the row.
pub(super) fn excess_cells(line: &str, columns: usize) -> Option<(Range<usize>, usize)> {
    let trimmed_end = line.trim_end().len();
    let body_start = line.len() - line.trim_start().len();
    let mut row = body_start..trimmed_end;
    if line[row.clone()].starts_with('|') {
        row.start += 1;
    }
    if row.end > row.start && line[..row.end].ends_with('|') && !escaped(line, row.end - 1) {
        row.end -= 1;
    }
    let pipes: Vec<usize> = line[row.clone()]
        .match_indices('|')
        .map(|(i, _)| row.start + i)
        .filter(|&i| !escaped(line, i))
        .collect();
    let cells = pipes.len() + 1;
    if cells <= columns || columns == 0 {
        return None;
    }
    let rest = &line[pipes[columns - 1] + 1..row.end];
    let start = pipes[columns - 1] + 1 + (rest.len() - rest.trim_start().len());
    let end = start + line[start..row.end].trim_end().len();
    // Empty cells past the header lose nothing.
    (end > start).then_some((start..end, cells))
}

/// The `|` at byte `i` follows an odd number of backslashes.
fn escaped(line: &str, i: usize) -> bool {
    line.as_bytes()[..i]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

#[cfg(test)]
mod tests {
    use super::excess_cells;

    fn left_out(line: &str, columns: usize) -> Option<(&str, usize)> {
        excess_cells(line, columns).map(|(range, cells)| (&line[range], cells))
    }

    #[test]
    fn cells_past_the_header_are_found_with_or_without_outer_pipes() {
        assert_eq!(left_out("| a | b | c | d |", 2), Some(("c | d", 4)));
        assert_eq!(left_out("a | b | c", 2), Some(("c", 3)));
        assert_eq!(left_out("| a | b |  \n", 2), None);
        assert_eq!(left_out("| a | b", 2), None);
    }

    #[test]
    fn an_escaped_pipe_is_text_and_a_pipe_in_code_still_splits() {
        assert_eq!(left_out(r"| a | b \| c |", 2), None);
        assert_eq!(left_out(r"| a | b \\| c |", 2), Some(("c", 3)));
        assert_eq!(left_out("| a | `b|c` |", 2), Some(("c`", 3)));
    }

    #[test]
    fn empty_cells_past_the_header_lose_nothing() {
        assert_eq!(left_out("| a | b | |", 2), None);
        assert_eq!(left_out("| a | b | | |", 2), Some(("|", 4)));
    }
}
