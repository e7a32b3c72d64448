//! The lexer's answers agree with the readers it replaces, on the texts of
//! every plan fixture and sample workbook and on random texts.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::knowledge::{layout, normalise};
use crate::model::{matrix_number, Heading};

/// Each reader the model asks the lexer, answered both ways.
fn agree(knowledge: &Knowledge, text: &str) -> Result<(), String> {
    let lexed = Lexicon::of(knowledge).lex(text);
    let check = |what: &str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{} {what} differs on {text:?}: {lexed:?}",
                knowledge.standard
            ))
        }
    };
    check(
        "header_concept",
        lexed.header_synonym() == knowledge.header_concept(text),
    )?;
    check(
        "heading_concepts",
        lexed.heading_concepts() == layout().heading_concepts(&normalise(text)),
    )?;
    check(
        "measures_named",
        lexed.measures_named(knowledge) == knowledge.measures_named(&normalise(text)),
    )?;
    check(
        "relative likelihood",
        lexed.names_relative_likelihood()
            == knowledge
                .data
                .rows
                .relative_likelihood
                .found_in(&normalise(text)),
    )?;
    check(
        "matrix_number",
        lexed.indicator_number() == matrix_number(text, knowledge),
    )?;
    check(
        "indicator_number_of",
        Lexicon::of(knowledge).indicator_number_of(text) == matrix_number(text, knowledge),
    )?;
    check(
        "Heading::of",
        Heading::from_lexed(&lexed) == Heading::of(text, knowledge),
    )?;
    check("words", lexed.words() == normalise(text).split(' ').count())
}

fn standards() -> [&'static Knowledge; 2] {
    [Knowledge::wres(), Knowledge::wdes()]
}

/// Every string of a YAML value.
fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn agrees_on_every_fixture_and_sample_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/fixtures/plans")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            strings(&value, &mut texts);
        }
    }
    for entry in std::fs::read_dir(root.join("samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            let (_, workbook) = crate::load::load_path(&path, &Default::default()).unwrap();
            for sheet in &workbook.sheets {
                for (_, cells) in sheet.rows() {
                    texts.extend(cells.iter().map(|c| c.text()));
                }
            }
        }
    }
    // Headings as the knowledge and layout files write them.
    for knowledge in standards() {
        texts.extend(knowledge.header_synonyms().map(|(w, _)| w.to_owned()));
        texts.extend(knowledge.indicator_words.iter().map(|w| format!("{w} 3")));
    }
    texts.extend(
        layout()
            .heading_words()
            .map(|(w, _)| format!("{w} of the plan")),
    );
    for knowledge in standards() {
        texts.extend(
            knowledge
                .measure_words()
                .map(|(w, _, _)| format!("KPI: {w} (RL)")),
        );
    }
    assert!(texts.len() > 2_000, "{} texts", texts.len());
    for knowledge in standards() {
        for text in &texts {
            agree(knowledge, text).unwrap();
        }
    }
}

#[test]
fn equal_texts_are_lexed_once() {
    let lexer = Lexer::new(Knowledge::wres());
    let a = lexer.lex("Expected date of completion");
    let b = lexer.lex("Expected date of completion");
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(
        a.header_synonym(),
        Some(crate::knowledge::Concept::Deadline)
    );
}

#[test]
fn the_rules_lexer_goes_on_from_the_models() {
    let model = Lexer::new(Knowledge::wres());
    let a = model.lex("Expected date of completion");
    let rules = Lexer::continuing(Knowledge::wres(), &model.seen());
    assert!(Arc::ptr_eq(&a, &rules.lex("Expected date of completion")));
    // Texts lexed under another standard are not handed over.
    let other = Lexer::continuing(Knowledge::wdes(), &model.seen());
    assert!(!Arc::ptr_eq(&a, &other.lex("Expected date of completion")));
    // Nor is a model's table that no lexer filled.
    let fresh = Lexer::continuing(Knowledge::wres(), &super::Seen::default());
    assert!(!Arc::ptr_eq(&a, &fresh.lex("Expected date of completion")));
}

#[test]
fn a_long_texts_indicator_number_reads_only_its_first_words() {
    for knowledge in standards() {
        let lexicon = Lexicon::of(knowledge);
        let long = format!("Indicator 3 {}", "and more prose ".repeat(20));
        for text in [
            "Indicator 3",
            "WRES 3",
            "3",
            " -- Indicator --- 3 -- ",
            long.as_str(),
            "",
            "Indicator",
        ] {
            assert_eq!(
                lexicon.indicator_number_of(text),
                matrix_number(text, knowledge),
                "{text:?}"
            );
        }
    }
}

/// Words the vocabularies use, so random texts hit them often.
fn vocabulary_word() -> impl Strategy<Value = String> {
    let mut words: Vec<String> = layout()
        .heading_words()
        .chain(Knowledge::wres().header_synonyms())
        .chain(
            Knowledge::wres()
                .measure_words()
                .map(|(w, _, _)| (w, crate::knowledge::Concept::Kpi)),
        )
        .flat_map(|(w, _)| w.split(' ').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    words.extend(
        [
            "of",
            "for",
            "wdes",
            "wres",
            "indicator",
            "metric",
            "3",
            "12",
            "É",
            "-",
            "/",
        ]
        .map(String::from),
    );
    words.sort();
    words.dedup();
    prop::sample::select(words)
}

proptest! {
    /// Random texts made of vocabulary words, punctuation and case changes.
    #[test]
    fn agrees_on_random_texts(
        words in prop::collection::vec(vocabulary_word(), 0..9),
        seps in prop::collection::vec(prop::sample::select(vec![" ", "  ", ": ", "/", " & ", "\n", "-"]), 9),
        upper in any::<bool>(),
    ) {
        let mut text = String::new();
        for (word, sep) in words.iter().zip(&seps) {
            text.push_str(word);
            text.push_str(sep);
        }
        if upper {
            text = text.to_uppercase();
        }
        for knowledge in standards() {
            prop_assert!(agree(knowledge, &text).is_ok(), "{:?}", agree(knowledge, &text));
        }
    }

    /// Arbitrary texts, Unicode included.
    #[test]
    fn agrees_on_arbitrary_texts(text in "\\PC{0,60}") {
        for knowledge in standards() {
            prop_assert!(agree(knowledge, &text).is_ok(), "{:?}", agree(knowledge, &text));
        }
    }
}

#[test]
fn tokens_stay_small() {
    // A kind and a span: what a text's tokens cost in the lexer's table.
    assert_eq!(std::mem::size_of::<Token>(), 12);
}
