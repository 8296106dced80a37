//! Every example of the CommonMark spec (`tests/data/commonmark-spec.txt`, 655 of them)
//! goes through the real `letopis build`, one chapter per example, and its page must
//! give the spec's HTML once letopis's own additions are taken out by exact pattern (the
//! passage ids with their `¶`/`#` anchors, the table wrapper, the highlighting spans,
//! the figure a lone image with a title becomes) and both sides are normalised as the
//! spec's own `test/normalize.py` does.
//!
//! Nine examples show an image whose relative address names no file (`train.jpg`); an
//! edition refuses to publish a broken picture, so for those the build must fail with
//! an error at each image, and nothing else.
//!
//! One edition holds all the examples that build, so the whole spec costs one build.

mod support;

use support::{BOOK_EN, TestEdition, commonmark};

fn spec_examples() -> Vec<commonmark::Example> {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/commonmark-spec.txt"
    ))
    .expect("the CommonMark spec");
    let examples = commonmark::examples(&spec, "example");
    assert_eq!(examples.len(), 655, "the spec's examples were all read");
    examples
}

#[test]
fn every_commonmark_spec_example_renders_as_the_spec_says() {
    let examples: Vec<_> = spec_examples()
        .into_iter()
        .filter(|e| e.missing_images().is_empty())
        .collect();
    assert_eq!(examples.len(), 646);
    let failures = build_and_compare(&examples);
    assert!(
        failures.is_empty(),
        "{} of {} examples differ:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn spec_examples_with_a_missing_image_are_refused_at_each_image() {
    let examples: Vec<_> = spec_examples()
        .into_iter()
        .filter(|e| !e.missing_images().is_empty())
        .collect();
    let numbers: Vec<usize> = examples.iter().map(|e| e.number).collect();
    assert_eq!(numbers, [477, 519, 522, 533, 575, 578, 579, 580, 582]);
    let edition = TestEdition::new(BOOK_EN);
    for example in &examples {
        let path = format!("content/chapters/{:03}.md", example.number);
        edition.write(&path, example.chapter());
    }
    let (code, found) = edition.diagnostics();
    assert_eq!(code, 1);
    let mut expected: Vec<String> = examples
        .iter()
        .flat_map(|e| {
            e.missing_images().into_iter().map(move |src| {
                format!(
                    "content/chapters/{:03}.md: image '{src}' is not a file in content/static/",
                    e.number
                )
            })
        })
        .collect();
    expected.sort();
    let mut errors: Vec<String> = found
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| format!("{}: {}", d.file, d.message))
        .collect();
    errors.sort();
    assert_eq!(errors, expected);
}

/// The GFM spec's examples of the extensions letopis enables: tables and
/// strikethrough (the GFM spec has no examples of footnotes, and its CommonMark ones
/// are those of an older spec).
#[test]
fn every_gfm_table_and_strikethrough_example_renders_as_the_spec_says() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gfm-spec.txt"
    ))
    .expect("the GFM spec");
    let examples: Vec<_> = commonmark::examples(&spec, "example")
        .into_iter()
        .filter(|e| ["table", "strikethrough"].contains(&e.extension.as_str()))
        .collect();
    assert_eq!(
        examples.len(),
        10,
        "the spec's table and strikethrough examples"
    );
    let failures = build_and_compare(&examples);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Builds one edition with a chapter per example; returns a report of each example
/// whose page differs from the spec.
fn build_and_compare(examples: &[commonmark::Example]) -> Vec<String> {
    let edition = TestEdition::new(BOOK_EN);
    for example in examples {
        edition.write(
            &format!("content/chapters/{:03}.md", example.number),
            example.chapter(),
        );
    }
    let built = edition.build();
    built.run.assert_success();
    examples
        .iter()
        .filter_map(|example| example.compare(&built.out))
        .collect()
}
