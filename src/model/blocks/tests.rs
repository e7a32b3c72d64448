//! The block reader on layouts taken from real plans and pages.

use crate::fixture::{workbook, SheetBuilder};
use crate::knowledge::Knowledge;
use crate::model::build;

fn actions(rows: &[&str]) -> Vec<(u32, String)> {
    let mut sheet = SheetBuilder::new("Plan");
    for row in rows {
        sheet = sheet.row(&[row]);
    }
    let model = build(&workbook(vec![sheet]), Knowledge::wdes());
    model
        .actions()
        .map(|(_, a)| {
            (
                a.first_row + 1,
                a.links.numbers.iter().map(u8::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn field_blocks_in_one_cell() {
    let sheet = SheetBuilder::new("Plan")
        .row(&["Indicator 7: Equal opportunities"])
        .row(&["Action: Launch a talent pool\nfor bands 5-7\nLead: Deputy Director of People\nBy when: March 2024"])
        .row(&["Action: Publish promotion rates\nLead: Head of Workforce Information\nBy when: Ongoing"]);
    let model = build(&workbook(vec![sheet]), Knowledge::wres());
    let read: Vec<(String, String, String, Vec<u8>)> = model
        .actions()
        .map(|(_, a)| {
            (
                a.text.text.clone(),
                a.owner.as_ref().unwrap().text.clone(),
                a.deadline.as_ref().unwrap().text.clone(),
                a.links.numbers.clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "Launch a talent pool\nfor bands 5-7".to_owned(),
                "Deputy Director of People".to_owned(),
                "March 2024".to_owned(),
                vec![7]
            ),
            (
                "Publish promotion rates".to_owned(),
                "Head of Workforce Information".to_owned(),
                "Ongoing".to_owned(),
                vec![7]
            ),
        ]
    );
}

#[test]
fn lists_announced_by_a_sentence_hold_the_actions() {
    let read = actions(&[
        "Workforce Disability Equality Standard (WDES): Action Plan 2023-24",
        "An introduction that is no action.",
        "Metric 4: Harassment",
        "What we will do next:",
        "- We will relaunch the guardians by September 2023",
        "Metric 8: Reasonable adjustments",
        "Our priorities:",
        "1. We will introduce a passport by December 2023",
        "2. Train line managers by February 2024",
        "Metric 1",
        "Declaration rate",
    ]);
    assert_eq!(
        read,
        [
            (5, "4".to_owned()),
            (8, "8".to_owned()),
            (9, "8".to_owned())
        ]
    );
}

#[test]
fn a_committee_papers_cover_is_not_a_plan() {
    let cover = |rows: &[[&str; 2]]| {
        let mut sheet = SheetBuilder::new("Board");
        for row in rows {
            sheet = sheet.row(row);
        }
        build(&workbook(vec![sheet]), Knowledge::wres())
            .actions()
            .count()
    };
    let lines = [
        ["Meeting Date:", "28 November 2018"],
        ["Executive Lead:", "Director of Workforce"],
        ["Outcome Required:", "Decision"],
        ["Link to Policies and Strategies:", "Workforce Strategy"],
    ];
    assert_eq!(cover(&lines), 0);
    // One cover-like label alone does not make a cover: a field block
    // with its date.
    let block = [
        ["Action:", "Launch a talent pool"],
        ["Lead:", "Director of Workforce"],
        ["Meeting date:", "March 2024"],
    ];
    assert_eq!(cover(&block), 1);
}

#[test]
fn a_paragraph_ends_an_announced_list_of_short_names() {
    let read = actions(&[
        "The actions we will take are:",
        "Reverse mentoring",
        "A talent pool for bands 5-7",
        "Delivery of these actions is monitored every month, and reports go to the Board each quarter.",
        "The WDES is a set of ten metrics that compare the experiences of disabled staff.",
    ]);
    assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn a_lead_in_ending_on_a_commitment_announces_actions() {
    let read = actions(&[
        "Anti-racism statement",
        "Racism exists in our organisation. This means we will:",
        "Provide visible leadership at Board level.",
        "Analyse our data every year to decide where to improve.",
    ]);
    assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [3, 4]);
    // "will" inside the sentence is not its end.
    let read = actions(&[
        "We will say more about these later in the year:",
        "Provide visible leadership at Board level.",
    ]);
    assert_eq!(read, []);
}

#[test]
fn a_list_of_areas_is_not_a_list_of_actions() {
    assert!(super::lines::is_action_word_in(
        "the actions we will take are"
    ));
    assert!(!super::lines::is_action_word_in(
        "we have identified five key areas of action"
    ));
    assert!(!super::lines::is_action_word_in("a call to action"));
    assert!(!super::lines::is_action_word_in(
        "the actions are focused on four key areas which are"
    ));
    assert!(super::lines::is_action_word_in(
        "in these areas the actions we will take are"
    ));
    let read = actions(&[
        "Anti-Racism Action Plan",
        "We have identified five key areas of action:",
        "1. Workforce - to make the Trust a fair place to work",
        "2. Service delivery - to end racial disparity in our services",
    ]);
    assert_eq!(read, []);
}

#[test]
fn a_commitment_starts_a_list_only_right_under_the_sentence() {
    // Headings and a quoted aim first: the page's prose, not a list.
    let read = actions(&[
        "Equality Objectives",
        "New objectives were set in two areas, as described below:",
        "Services and Patients",
        "Involve every stakeholder in developing our services.",
        "We will look to recruit staff from the widest range of applicants.",
        "In 2016 the Trust wrote a strategy for 2016 - 2020.",
    ]);
    assert_eq!(read, []);
    // Right under it, the list goes on while its items look alike.
    let read = actions(&[
        "Our response:",
        "- We will relaunch the guardians by September 2023",
        "- Train line managers by February 2024",
        "Progress is reported to the Board in 2024.",
        "- A bullet of the next section",
    ]);
    assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3]);
    let read = actions(&[
        "In the coming year:",
        "We will relaunch the guardians by September 2023.",
        "We will train line managers by February 2024.",
        "In 2016 the Trust wrote a strategy for 2016 - 2020.",
    ]);
    assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn priorities_after_a_dated_lead_in_are_dated_actions() {
    let sheet = SheetBuilder::new("WRES")
        .row(&["Workforce Race Equality Standard (WRES)"])
        .row(&["We set priorities with our providers. For the next year (2022-23), our WRES priorities are:"])
        .row(&["1. Recruiting and retaining BME staff in bands 8a and above"])
        .row(&["2. Support BME staff networks"]);
    let model = build(&workbook(vec![sheet]), Knowledge::wres());
    let read: Vec<(u32, String)> = model
        .actions()
        .map(|(_, a)| (a.first_row + 1, a.deadline.as_ref().unwrap().text.clone()))
        .collect();
    assert_eq!(read.len(), 2, "{read:?}");
    assert_eq!(read[0].0, 3);
    assert!(
        read.iter().all(|(_, d)| d.contains("(2022-23)")),
        "{read:?}"
    );
}

#[test]
fn labels_across_a_row_take_their_values_from_the_row_under_them() {
    let sheet = SheetBuilder::new("Plan")
        .row(&["WRES Indicator 2: Likelihood of BME staff being appointed from shortlisting compared to that of White staff across all posts. The relative likelihood of White staff being appointed is 1.32 times greater than for BME staff in bands 1-9."])
        .row(&["Action: Survey BME applicants shortlisted but not appointed"])
        .row(&["Lead Officer Responsible:", "Key Success Factors:", "Time scale:"])
        .row(&["HR Team", "Survey response rate of 60%", "December 2016"]);
    let model = build(&workbook(vec![sheet]), Knowledge::wres());
    let read: Vec<(String, String, String, String, Vec<u8>)> = model
        .actions()
        .map(|(_, a)| {
            let text = |f: &Option<crate::model::field::Field>| {
                f.as_ref().map(|f| f.text.clone()).unwrap_or_default()
            };
            (
                a.text.text.clone(),
                text(&a.owner),
                text(&a.kpi),
                text(&a.deadline),
                a.links.numbers.clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [(
            "Survey BME applicants shortlisted but not appointed".to_owned(),
            "HR Team".to_owned(),
            "Survey response rate of 60%".to_owned(),
            "December 2016".to_owned(),
            vec![2],
        )]
    );
}

#[test]
fn a_row_of_labels_over_more_labels_is_no_field_block() {
    // Two rows of headings (a two-level header) hold no values; a row of
    // labels with nothing under it neither.
    let sheet = workbook(vec![SheetBuilder::new("Plan")
        .row(&["Lead:", "Time scale:"])
        .row(&["Owner", "Deadline"])
        .row(&["Lead:", "Time scale:"])])
    .sheets
    .remove(0);
    let rows: Vec<_> = sheet.rows().collect();
    let k = Knowledge::wres();
    assert!(super::lines::label_row(&sheet, rows[0], Some(rows[1]), k).is_none());
    assert!(super::lines::label_row(&sheet, rows[2], None, k).is_none());
}

#[test]
fn numbered_objectives_each_over_one_dated_sentence_are_actions() {
    let read = actions(&[
        "Equality objectives",
        "They cover the four goals of the Equality Delivery System:",
        "- Empowered, engaged and included staff",
        "Objective 1",
        "We will make satisfaction with our transport service equitable for all users.",
        "Objective 2",
        "We will act on the staff survey and improve the key problems it identifies by 2016.",
        "Objective 3",
        "The steering group will appoint a champion for each protected group by 2014.",
        "Any change to these objectives will be reported in our annual equality report.",
    ]);
    let rows: Vec<u32> = read.iter().map(|(row, _)| *row).collect();
    assert_eq!(rows, [5, 7, 9]);
}

#[test]
fn numbered_titles_over_undated_aims_are_no_plan() {
    let read = actions(&[
        "Priority 1",
        "We will make sure our staff have fair access to jobs and progression.",
        "Priority 2",
        "We will educate and develop our leaders and staff.",
    ]);
    assert!(read.is_empty(), "{read:?}");
}

#[test]
fn a_strategys_outcomes_are_no_actions_and_a_paragraph_ends_a_bullet_list() {
    let read = actions(&[
        "Trust-wide annual plan 2022-2023",
        "Strategic priorities for the trust 2022 – 26 include:",
        "- Improved population health outcomes",
        "- Improved staff experience",
        "The new strategy keeps the mission and the four outcomes of the last one.",
        "Service users, staff and partners told us these outcomes matter to them.",
    ]);
    assert!(read.is_empty(), "{read:?}");
    // The same lead-in over steps: the steps are actions, the paragraph
    // after them is not.
    let read = actions(&[
        "For 2022-23, our priorities are:",
        "- Recruit and retain disabled staff in bands 8a and above",
        "- Improved access to reasonable adjustments",
        "Progress is reported to the Board every quarter.",
    ]);
    let rows: Vec<u32> = read.iter().map(|(row, _)| *row).collect();
    assert_eq!(rows, [2]);
}

#[test]
fn a_lead_in_is_the_last_clause_and_a_year_is_four_digits() {
    assert_eq!(
        super::lines::lead_in("We work together. For 2022-23, our priorities are:"),
        "our priorities are:"
    );
    assert_eq!(super::lines::lead_in("Our priorities:"), "Our priorities:");
    assert!(crate::model::data::year_in("For the next year (2022-23):").is_some());
    assert!(crate::model::data::year_in("bands 8a, 12345 staff, 202").is_none());
}

#[test]
fn a_count_is_no_item_number_label() {
    // A weekly trading report (from calamine's test workbooks): "Week
    // ending 4th" over product groups ("EA", "EGM") is read as a numbered
    // title ("Objective 4"), and the count below them was read as an item
    // number label ("No.", "Ref"): two field labels, so the groups became a
    // plan's actions, each missing a deadline. A count ("Number of …") is
    // no item number: one label, no field blocks.
    let sheet = SheetBuilder::new("template from eol")
        .row(&["EOL"])
        .row(&[
            "",
            "Week ending 4th",
            "",
            "Week ending 11th",
            "",
            "Volumetric",
        ])
        .row(&[
            "New Deals for:",
            "New Deals",
            "Volume",
            "New Deals",
            "Volume",
            "Units",
        ])
        .blank_row()
        .row(&["EA"])
        .row(&["Gas", "8160", "867868927", "12264", "1430792953", "MMBTU"])
        .row(&["EGM"])
        .row(&["Liquids", "840", "20894000", "1580", "40911000", "BBL"])
        .blank_row()
        .row(&["Number of new EOL Counterparties", "5", "", "7"]);
    let model = build(&workbook(vec![sheet]), Knowledge::wres());
    let read: Vec<String> = model.actions().map(|(_, a)| a.text.text.clone()).collect();
    assert!(read.is_empty(), "{read:?}");
}

/// Each action's text row and its measure, read off a sheet of lines.
fn measures(rows: &[&str]) -> Vec<(u32, Option<String>)> {
    let mut sheet = SheetBuilder::new("Strategy");
    for row in rows {
        sheet = sheet.row(&[row]);
    }
    build(&workbook(vec![sheet]), Knowledge::wres())
        .actions()
        .map(|(_, a)| (a.first_row + 1, a.kpi.as_ref().map(|k| k.text.clone())))
        .collect()
}

#[test]
fn a_nested_measure_belongs_to_the_bullet_above_it() {
    let read = measures(&[
        "Objective 1 : Increase the diversity of the workforce.",
        "- Strengthen career pathways for colleagues.",
        "- Measure : representation by AfC cluster",
        "- Use positive action to raise applications.",
        "- Measure: more reasonable adjustments made",
        "Objective 2 : Close the gap in bullying and harassment.",
        "- A behaviours charter sets out what we expect.",
        "- Measure : 5% increase in Staff Survey answers",
    ]);
    assert_eq!(
        read,
        [
            (2, Some("representation by AfC cluster".to_owned())),
            (4, Some("more reasonable adjustments made".to_owned())),
            (7, Some("5% increase in Staff Survey answers".to_owned())),
        ]
    );
}

#[test]
fn an_aim_without_a_figure_heads_a_theme_and_sets_no_target() {
    let sheet = SheetBuilder::new("Strategy")
        .row(&["Equality Diversity and Inclusion Strategy 2024-2028"])
        .row(&["Aim : Education and Understanding"])
        .row(&["Objective 1 : Increase the diversity of the workforce."])
        .row(&["- Strengthen career pathways for colleagues."])
        .row(&["- Measure : representation by AfC cluster"])
        .row(&["Aim : Relationships and Allyship"]);
    let model = build(&workbook(vec![sheet]), Knowledge::wres());
    let read: Vec<(u32, usize)> = model
        .actions()
        .map(|(_, a)| (a.first_row + 1, a.targets.len()))
        .collect();
    // Not the title taken for an action with the aim as its target, and no
    // target carried onto the objective's action from the next aim.
    assert_eq!(read, [(4, 0)]);
}

#[test]
fn a_reports_findings_table_is_no_field_block() {
    let sheet = SheetBuilder::new("WDES 2023-24")
        .row(&["Workforce disability equality standard 2023/24"])
        .row(&["Date: October 2024"])
        .row(&["This report gives the Trust's data and proposes an action plan to close the gaps."])
        .row(&[
            "WDES Metrics",
            "Metrics based on 2023 Electronic Staff Record data",
            "Trend",
            "Summary of Key Findings",
        ])
        .row(&[
            "Metric 1",
            "Workforce representation",
            "Improving",
            "Declaration has risen by 3.1%.",
        ])
        .row(&["Metric 2", "Recruitment", "Regressing", "Regressed by 0.3."]);
    let model = build(&workbook(vec![sheet]), Knowledge::wdes());
    // The table's first heading links nothing: the report holds no plan.
    assert_eq!(model.actions().count(), 0);
}

#[test]
fn a_lead_in_saying_the_items_are_to_be_done_announces_actions() {
    let read = actions(&[
        "The Act places two duties on the CCG:",
        "- To publish equality information every year, before 31st January.",
        "In time for the 2016 portfolio (31st January 2017 deadline), the following are actioned:",
        "- Finalising of the SMART actions.",
        "- Publication of the updated action plan",
        "Appendix 1",
    ]);
    assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [4, 5]);
    // What was done already is no plan.
    let read = actions(&[
        "Last year the following were completed:",
        "- Finalising of the SMART actions.",
    ]);
    assert_eq!(read, []);
}

#[test]
fn numbered_targets_under_a_numbered_objective_are_its_steps() {
    let read = actions(&[
        "Equality objectives for 2024/25 and 2025/26",
        "Equality objective 1 [COVID-19 and recovery]",
        "To make sure the lessons of COVID-19 are weighed in every strategy.",
        "Target 1: To ensure that planning guidance addresses the impacts.",
        "Target 2: To develop strategies in elective recovery.",
        "Equality objective 2 [capability]",
        "Target 1: To improve how the duty is understood.",
    ]);
    assert_eq!(
        read.iter().map(|(row, _)| *row).collect::<Vec<_>>(),
        [4, 5, 7]
    );
    // Numbered objectives with their text inline, under no numbered
    // heading, are objectives, not steps.
    let read = actions(&[
        "Equality Objectives 2015 – 2017",
        "Objective 1: To tackle local health inequalities.",
        "Objective 2: To improve access for protected groups.",
    ]);
    assert_eq!(read, []);
}

#[test]
fn numbered_action_labels_across_rows_are_still_field_blocks() {
    // "Action 1 | text | lead | date" rows with no header: each numbered
    // label starts a block of its own, whatever the rows' shape.
    let sheet = SheetBuilder::new("Plan")
        .row(&[
            "Action 1",
            "Launch a talent pool",
            "Director of People",
            "March 2024",
        ])
        .row(&[
            "Action 2",
            "Publish promotion rates",
            "Head of Workforce",
            "June 2024",
        ])
        .row(&[
            "Action 3",
            "Review panels",
            "Head of Recruitment",
            "May 2024",
        ])
        .row(&["Lead", "Director of People"]);
    let model = build(&workbook(vec![sheet]), Knowledge::wres());
    assert_eq!(model.actions().count(), 3);
}
