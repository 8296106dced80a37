//! "Did you mean …?" for unknown ids and keys.

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a
/// plausible typo (at most a third of the word, and at most three edits).
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(wrong, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// "did you mean `title`?" for serde's message about a misspelt key,
/// "unknown field `titel`, expected one of `title`, `subtitle`" (the YAML reader writes
/// the list without backticks; both forms are read).
pub fn unknown_field_hint(message: &str) -> Option<String> {
    let (field, rest) = message.strip_prefix("unknown field `")?.split_once('`')?;
    let expected = rest.split_once("expected ")?.1;
    if expected.starts_with("there are no fields") {
        return None;
    }
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    let candidates = expected
        .split([',', ' '])
        .map(|c| c.trim_matches('`'))
        .filter(|c| !c.is_empty() && *c != "or");
    did_you_mean(field, candidates).map(|near| format!("did you mean `{near}`?"))
}

/// Edit distance over characters, where swapping two neighbours counts as one edit
/// (optimal string alignment): `titel` is one typo away from `title`, not two.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), the previous one, the current one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_ids_only() {
        let ids = ["bazhanov", "birman", "busygin"];
        assert_eq!(did_you_mean("bazanov", ids), Some("bazhanov"));
        assert_eq!(did_you_mean("ordzhonikidze", ids), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(did_you_mean("titel", ["title", "kind"]), Some("title"));
    }

    #[test]
    fn misspelt_keys_get_the_near_key() {
        let toml = "unknown field `footnote-numberng`, expected one of `content-dir`, `footnote-numbering`";
        assert_eq!(
            unknown_field_hint(toml).as_deref(),
            Some("did you mean `footnote-numbering`?")
        );
        let yaml = "unknown field `speakrs`, expected one of title, order, speakers";
        assert_eq!(
            unknown_field_hint(yaml).as_deref(),
            Some("did you mean `speakers`?")
        );
        assert_eq!(
            unknown_field_hint("unknown field `x`, expected `abc` or `def`"),
            None
        );
        assert_eq!(unknown_field_hint("expected a string"), None);
    }
}
