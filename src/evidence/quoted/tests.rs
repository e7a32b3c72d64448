use super::*;
use std::sync::Arc;

fn quotes(text: &str, links: &[u8]) -> Vec<(u8, What, String, Option<u16>, bool)> {
    let sheet: Arc<str> = Arc::from("Plan");
    let links = Links {
        numbers: links.to_vec(),
        ..Links::default()
    };
    find(
        text,
        &|span| (CellRef::new(&sheet, 0, 0), span.start),
        &links,
        Knowledge::wres(),
        &Context::default(),
    )
    .into_iter()
    .map(|q| (q.indicator, q.what, q.display(), q.year, q.target))
    .collect()
}

#[test]
fn relative_likelihoods_with_their_year_and_target() {
    assert_eq!(
        quotes(
            "Reduce the relative likelihood from 1.6 in 2023 to 1.25 by 2025",
            &[2]
        ),
        vec![
            (2, What::RelativeLikelihood, "1.6".into(), Some(2023), false),
            (2, What::RelativeLikelihood, "1.25".into(), None, true),
        ]
    );
    assert_eq!(
        quotes(
            "White applicants are 1.52 times more likely to be appointed from shortlisting",
            &[]
        ),
        vec![(2, What::RelativeLikelihood, "1.52".into(), None, false)]
    );
    // No indicator can be told: nothing is read.
    assert!(quotes("RL 1.6", &[]).is_empty());
    assert!(quotes("RL 1.6", &[2, 3]).is_empty());
}

#[test]
fn shares_and_survey_rates() {
    assert_eq!(
        quotes("14.9% of our workforce is from a BAME background", &[1]),
        vec![(1, What::Share, "14.9%".into(), None, false)]
    );
    assert_eq!(
        quotes("BME staff: 27.0% (2022); White staff 24.1%", &[5]),
        vec![
            (
                5,
                What::Rate(Group::Focus),
                "27.0%".into(),
                Some(2022),
                false
            ),
            (5, What::Rate(Group::Reference), "24.1%".into(), None, false),
        ]
    );
    assert_eq!(
        quotes(
            "Increase BME staff believing in equal opportunities to 50%",
            &[]
        ),
        Vec::new(),
        "a target with no group beside the number is not read"
    );
}

#[test]
fn a_year_before_brackets_dates_the_figures_inside() {
    assert_eq!(
        quotes("44.5% of BAME staff believe in equal opportunities, against 61.3% of white staff; down from 2021 (white 90%, BAME 80%).", &[7]),
        vec![
            (7, What::Rate(Group::Focus), "44.5%".into(), None, false),
            (7, What::Rate(Group::Reference), "61.3%".into(), None, false),
            (7, What::Rate(Group::Reference), "90%".into(), Some(2021), false),
            (7, What::Rate(Group::Focus), "80%".into(), Some(2021), false),
        ]
    );
}

#[test]
fn a_workforce_share_target() {
    assert_eq!(
        quotes("At 23.5% the indicator meets our target of 22%, set from the BAME share of the workforce in 2020.", &[1]),
        vec![(1, What::Share, "22%".into(), None, true)]
    );
}

#[test]
fn an_answer_under_the_templates_question() {
    let sheet: Arc<str> = Arc::from("Report");
    let context = Context {
        label: None,
        heading: Some("10. Proportion of BME staff employed within this organisation at the date of the report?"),
    };
    let found = find(
        "- 14.61% (Full Time Equivalent (FTE))",
        &|span| (CellRef::new(&sheet, 0, 0), span.start),
        &Links::default(),
        Knowledge::wres(),
        &context,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].indicator, found[0].what, found[0].display()),
        (1, What::Share, "14.61%".into())
    );
    assert!(found[0].own_page);
    let band = Context {
        heading: Some("Proportion of BME staff in Band 8a and above?"),
        ..context
    };
    assert!(find(
        "- 3.2%",
        &|s| (CellRef::new(&sheet, 0, 0), s.start),
        &Links::default(),
        Knowledge::wres(),
        &band
    )
    .is_empty());
}

#[test]
fn a_bare_ratio_in_a_baseline_cell_needs_one_indicator() {
    let sheet: Arc<str> = Arc::from("Plan");
    let at = |s: Range<usize>| (CellRef::new(&sheet, 0, 0), s.start);
    let links = |n: &[u8]| Links {
        numbers: n.to_vec(),
        ..Links::default()
    };
    let q = bare_ratio("1.52 (2023)", &at, &links(&[2]), Knowledge::wres()).unwrap();
    assert_eq!(
        (q.indicator, q.display(), q.year),
        (2, "1.52".to_owned(), Some(2023))
    );
    assert!(bare_ratio("1.52", &at, &links(&[2, 3]), Knowledge::wres()).is_none());
    assert!(bare_ratio("1.52", &at, &links(&[5]), Knowledge::wres()).is_none());
    assert!(bare_ratio(
        "Increase by 1.5 points",
        &at,
        &links(&[2]),
        Knowledge::wres()
    )
    .is_none());
}

#[test]
fn a_board_share_under_a_board_heading_on_indicator_9s_page() {
    let sheet: Arc<str> = Arc::from("Indicator 9");
    let at = |s: Range<usize>| (CellRef::new(&sheet, 6, 0), s.start);
    let nine = Links {
        numbers: vec![9],
        ..Links::default()
    };
    let under = |heading| Context {
        label: None,
        heading: Some(heading),
    };
    let board = find(
        "BAME =17%",
        &at,
        &nine,
        Knowledge::wres(),
        &under("Board members:"),
    );
    assert_eq!((board[0].indicator, board[0].what), (9, What::BoardShare));
    let staff = find(
        "BAME = 21%",
        &at,
        &nine,
        Knowledge::wres(),
        &under("Current workforce:"),
    );
    assert_eq!(
        (staff[0].indicator, staff[0].what, staff[0].own_page),
        (1, What::Share, false)
    );
}

#[test]
fn dates_and_bare_numbers_are_not_quotes() {
    assert!(quotes("Deadline 31.10.2023", &[2]).is_empty());
    assert!(quotes("Hold 4 events, 20% more than last year", &[5]).is_empty());
}
