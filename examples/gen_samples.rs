//! Writes the sample workbooks in `samples/`: three WRES action plans, a WDES
//! action plan, two WRES data workbooks and a WDES data workbook for a
//! fictional trust, Riverside Community Health NHS Trust, and in
//! `samples/template/` two plans on the trust's governance template, one
//! kept and one drifted from it.
//! `samples/expected.yaml` lists every defect injected here and where the
//! linter must report it; keep the two in step.
//!
//! ```text
//! cargo run --example gen_samples            # into samples/
//! cargo run --example gen_samples -- DIR     # into DIR
//! ```
//!
//! The output is byte-for-byte reproducible: the document creation time is
//! fixed and nothing else depends on the clock, so `tests/samples_fresh.rs`
//! can check the committed samples against a fresh run.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

type Result<T = ()> = std::result::Result<T, XlsxError>;

const TRUST: &str = "Riverside Community Health NHS Trust";

#[allow(dead_code)] // unused when a test includes this file as a module
fn main() -> Result {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"));
    write_all(&dir)?;
    println!("wrote the samples into {}", dir.display());
    Ok(())
}

/// Writes every sample workbook into `dir`, creating it if needed.
pub fn write_all(dir: &Path) -> Result {
    std::fs::create_dir_all(dir)?;
    clean_plan(&dir.join("clean-plan.xlsx"))?;
    draft_plan(&dir.join("draft-plan.xlsx"))?;
    matrix_plan(&dir.join("matrix-plan.xlsx"))?;
    wdes_plan(&dir.join("wdes-plan.xlsx"))?;
    wres_data(&dir.join("wres-data.xlsx"), Faults::None)?;
    wres_data(&dir.join("wres-data-faults.xlsx"), Faults::Injected)?;
    wdes_data(&dir.join("wdes-data.xlsx"), Faults::Injected)?;
    let template = dir.join("template");
    std::fs::create_dir_all(&template)?;
    template_plan(&template.join("conforming-plan.xlsx"), false)?;
    template_plan(&template.join("drifted-plan.xlsx"), true)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

/// A workbook whose document properties carry a fixed creation date (never
/// the clock), so that two runs write the same bytes.
fn new_workbook(title: &str, (year, month, day): (u16, u8, u8)) -> Result<Workbook> {
    let created = ExcelDateTime::from_ymd(year, month, day)?;
    let properties = DocProperties::new()
        .set_title(title)
        .set_author(TRUST)
        .set_company(TRUST)
        .set_creation_datetime(&created);
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties);
    Ok(workbook)
}

/// The cell formats the samples use.
struct Styles {
    title: Format,
    bold: Format,
    header: Format,
    text: Format,
    centre: Format,
    date: Format,
    count: Format,
    ratio: Format,
    percent: Format,
    percent_2dp: Format,
    points: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9D9D9)),
            text: cell.clone(),
            centre: cell.clone().set_align(FormatAlign::Center),
            date: cell.clone().set_num_format("dd/mm/yyyy"),
            count: cell.clone().set_num_format("#,##0"),
            ratio: cell.clone().set_num_format("0.00"),
            percent: cell.clone().set_num_format("0.0%"),
            percent_2dp: cell.clone().set_num_format("0.00%"),
            points: cell.set_num_format("0.0"),
        }
    }

    /// A plan cell filled with a solid colour.
    fn filled(&self, rgb: u32) -> Format {
        self.centre.clone().set_background_color(Color::RGB(rgb))
    }
}

/// A deadline as a plan states it: a date-typed cell or free text.
#[derive(Clone, Copy)]
enum Due {
    Date(u16, u8, u8),
    Text(&'static str),
}

fn write_due(sheet: &mut Worksheet, row: u32, col: u16, due: Due, styles: &Styles) -> Result {
    match due {
        Due::Date(year, month, day) => {
            let date = ExcelDateTime::from_ymd(year, month, day)?;
            sheet.write_datetime_with_format(row, col, &date, &styles.date)?;
        }
        Due::Text(text) => {
            sheet.write_string_with_format(row, col, text, &styles.text)?;
        }
    }
    Ok(())
}

/// Writes a text cell, or a bordered blank when the text is empty (an empty
/// cell is how the samples show a missing owner, KPI or deadline).
fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format) -> Result {
    if text.is_empty() {
        sheet.write_blank(row, col, format)?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// Writes `label` over rows `first..=last` of one column, merging when the
/// range has more than one row.
fn write_down(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    col: u16,
    label: &str,
    format: &Format,
) -> Result {
    if last > first {
        sheet.merge_range(first, col, last, col, label, format)?;
    } else {
        sheet.write_string_with_format(first, col, label, format)?;
    }
    Ok(())
}

fn set_widths(sheet: &mut Worksheet, widths: &[f64]) -> Result {
    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, *width)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// 1. clean-plan.xlsx: a defect-free 2023-24 plan with a two-level header
// ---------------------------------------------------------------------------

/// A baseline or target figure, in the unit its measure uses.
#[derive(Clone, Copy)]
enum Figure {
    /// A relative likelihood, a plain ratio shown to 2 decimals.
    Ratio(f64),
    /// A percentage, stored as a fraction (0.284 shows as 28.4%).
    Percent(f64),
    /// A difference in percentage points, shown to 1 decimal.
    Points(f64),
    /// A head count.
    Count(f64),
}

fn write_figure(sheet: &mut Worksheet, row: u32, col: u16, figure: Figure, s: &Styles) -> Result {
    let (value, format) = match figure {
        Figure::Ratio(v) => (v, &s.ratio),
        Figure::Percent(v) => (v, &s.percent),
        Figure::Points(v) => (v, &s.points),
        Figure::Count(v) => (v, &s.count),
    };
    sheet.write_number_with_format(row, col, value, format)?;
    Ok(())
}

struct CleanAction {
    action: &'static str,
    lead: &'static str,
    due: Due,
    measure: &'static str,
    baseline: Figure,
    target: Figure,
    status: &'static str,
}

struct IndicatorGroup {
    label: &'static str,
    actions: &'static [CleanAction],
}

const NEW: &str = "(New)";
const ONGOING: &str = "(Ongoing)";

const CLEAN_PLAN: &[IndicatorGroup] = &[
    IndicatorGroup {
        label: "Indicator 1: Representation across bands",
        actions: &[
            CleanAction {
                action: "Require every interview panel for a post at Band 8a or above to \
                         include a member from an ethnic minority background who has \
                         completed fair selection training.",
                lead: "Head of Recruitment",
                due: Due::Date(2024, 1, 31),
                measure: "Share of staff at Band 8a and above who are BME",
                baseline: Figure::Percent(0.095),
                target: Figure::Percent(0.120),
                status: NEW,
            },
            CleanAction {
                action: "Launch the Stepping Up development programme for BME colleagues \
                         at Bands 5 to 7:\n\
                         a. agree the programme content with the Race Equality Network by \
                         30 November 2023;\n\
                         b. open applications for the first cohort of 20 places by \
                         31 January 2024;\n\
                         c. start the first cohort by 31 March 2024.",
                lead: "Head of Organisational Development",
                due: Due::Text("by 31 March 2024"),
                measure: "Number of BME colleagues on a leadership development programme",
                baseline: Figure::Count(6.0),
                target: Figure::Count(26.0),
                status: NEW,
            },
        ],
    },
    IndicatorGroup {
        label: "Indicator 2: Appointment from shortlisting",
        actions: &[
            CleanAction {
                action: "Audit appointment outcomes from shortlisting by ethnicity for \
                         each directorate, and report the themes found and the remedial \
                         actions agreed to the People and Culture Committee.",
                lead: "Deputy Director of People",
                due: Due::Text("Q3 2023/24"),
                measure: "Relative likelihood of White applicants being appointed from \
                          shortlisting compared to BME applicants",
                baseline: Figure::Ratio(1.45),
                target: Figure::Ratio(1.25),
                status: NEW,
            },
            CleanAction {
                action: "Make refreshed fair recruitment training, covering unconscious \
                         bias and values-based interviewing, a condition of sitting on an \
                         interview panel.",
                lead: "Head of Learning and Development",
                due: Due::Date(2024, 2, 29),
                measure: "Share of recruiting managers who have completed fair recruitment \
                          training",
                baseline: Figure::Percent(0.620),
                target: Figure::Percent(0.900),
                status: ONGOING,
            },
        ],
    },
    IndicatorGroup {
        label: "Indicator 3: Formal disciplinary process",
        actions: &[
            CleanAction {
                action: "Introduce a pre-formal checklist, signed off by a senior HR \
                         adviser who is independent of the case, before any employee \
                         relations case can enter the formal disciplinary process.",
                lead: "Head of Employee Relations",
                due: Due::Text("31.01.24"),
                measure: "Relative likelihood of BME staff entering the formal disciplinary \
                          process compared to White staff",
                baseline: Figure::Ratio(1.62),
                target: Figure::Ratio(1.30),
                status: NEW,
            },
            CleanAction {
                action: "Recruit and train ten more Cultural Ambassadors, so that one can \
                         be offered to every BME colleague who is the subject of a \
                         disciplinary investigation.",
                lead: "Employee Relations Manager",
                due: Due::Text("March 2024"),
                measure: "Share of disciplinary investigations involving a BME colleague \
                          that are supported by a Cultural Ambassador",
                baseline: Figure::Percent(0.550),
                target: Figure::Percent(1.000),
                status: ONGOING,
            },
        ],
    },
    IndicatorGroup {
        label: "Indicator 4: Non-mandatory training and CPD",
        actions: &[CleanAction {
            action: "Advertise all non-mandatory training and CPD funding on one intranet \
                     page, and track applications and approvals by ethnicity.",
            lead: "Head of Learning and Development",
            due: Due::Date(2023, 12, 31),
            measure: "Relative likelihood of White staff accessing non-mandatory training \
                      and CPD compared to BME staff",
            baseline: Figure::Ratio(1.10),
            target: Figure::Ratio(1.00),
            status: NEW,
        }],
    },
    IndicatorGroup {
        label: "Indicator 5: Harassment from patients and the public",
        actions: &[
            CleanAction {
                action: "Run a zero-tolerance campaign against racist abuse from patients \
                         and visitors, with posters in all clinics and guidance for staff \
                         on reporting incidents.",
                lead: "Head of Health, Safety and Security",
                due: Due::Text("by 31 December 2023"),
                measure: "BME staff experiencing harassment, bullying or abuse from \
                          patients, relatives or the public (NHS Staff Survey)",
                baseline: Figure::Percent(0.284),
                target: Figure::Percent(0.250),
                status: ONGOING,
            },
            CleanAction {
                action: "Add fields to the incident reporting system so that racially \
                         motivated incidents can be identified and followed up with the \
                         member of staff affected.",
                lead: "Head of Risk Management",
                due: Due::Date(2024, 3, 15),
                measure: "Share of racially motivated incidents followed up with the member \
                          of staff affected",
                baseline: Figure::Percent(0.400),
                target: Figure::Percent(0.850),
                status: NEW,
            },
        ],
    },
    IndicatorGroup {
        label: "Indicator 6: Harassment from staff",
        actions: &[CleanAction {
            action: "Train Freedom to Speak Up champions and line managers to handle \
                     concerns about race, and publish an anonymised summary of the concerns \
                     raised and the action taken.",
            lead: "Freedom to Speak Up Guardian",
            due: Due::Text("Q4 2023/24"),
            measure: "BME staff experiencing harassment, bullying or abuse from staff \
                      (NHS Staff Survey)",
            baseline: Figure::Percent(0.261),
            target: Figure::Percent(0.230),
            status: NEW,
        }],
    },
    IndicatorGroup {
        label: "Indicator 7: Equal opportunities for progression",
        actions: &[
            CleanAction {
                action: "Open a second cohort of the reciprocal mentoring programme, \
                         pairing members of the senior leadership team with BME colleagues.",
                lead: "Deputy Director of People",
                due: Due::Date(2023, 11, 30),
                measure: "BME staff believing the Trust provides equal opportunities for \
                          career progression or promotion (NHS Staff Survey)",
                baseline: Figure::Percent(0.440),
                target: Figure::Percent(0.500),
                status: ONGOING,
            },
            CleanAction {
                action: "Add a career conversation to the appraisal form and record its \
                         outcome, so that talent and succession plans reflect the \
                         diversity of the workforce.",
                lead: "Head of Organisational Development",
                due: Due::Text("31.03.24"),
                measure: "Share of BME staff whose appraisal records a career conversation",
                baseline: Figure::Percent(0.350),
                target: Figure::Percent(0.750),
                status: NEW,
            },
        ],
    },
    IndicatorGroup {
        label: "Indicator 8: Discrimination from colleagues",
        actions: &[CleanAction {
            action: "Adopt a restorative just culture approach to concerns about \
                     discrimination, with a case manager for each concern and an agreed \
                     response standard.",
            lead: "Head of Employee Relations",
            due: Due::Date(2024, 3, 31),
            measure: "BME staff personally experiencing discrimination at work from a \
                      manager, team leader or other colleagues (NHS Staff Survey)",
            baseline: Figure::Percent(0.098),
            target: Figure::Percent(0.080),
            status: NEW,
        }],
    },
    IndicatorGroup {
        label: "Indicator 9: Board representation",
        actions: &[CleanAction {
            action: "Use diverse selection panels and advertise through community and \
                     professional networks for all executive and non-executive board \
                     appointments.",
            lead: "Director of Corporate Affairs",
            due: Due::Text("by 31 March 2024"),
            measure: "Difference between the BME share of the board's voting membership \
                      and of the overall workforce (percentage points)",
            baseline: Figure::Points(-12.3),
            target: Figure::Points(-8.0),
            status: ONGOING,
        }],
    },
];

/// Sheet "Action Plan": title rows 1-4, a two-level header in rows 6-7
/// (A indicator, B ref, C action, D-E "Delivery": lead and deadline, F-H
/// "Measures": measure, baseline and target, I status), actions from row 8.
fn clean_plan(path: &Path) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("WRES Action Plan 2023-24", (2023, 10, 31))?;
    let sheet = workbook.add_worksheet().set_name("Action Plan")?;
    set_widths(
        sheet,
        &[26.0, 6.0, 60.0, 24.0, 14.0, 40.0, 12.0, 12.0, 11.0],
    )?;
    sheet.set_landscape();

    let title_rows = [
        "Workforce Race Equality Standard (WRES) Action Plan 2023-24",
        TRUST,
        "Publication date: 31 October 2023",
        "Approved by: People and Culture Committee",
    ];
    for (row, text) in (0u32..).zip(title_rows) {
        let format = if row == 0 { &s.title } else { &s.bold };
        sheet.write_string_with_format(row, 0, text, format)?;
    }

    // Two-level header: group labels in row 6, sub-headers in row 7.
    let (top, sub) = (5, 6);
    for (col, label) in [
        (0, "WRES Indicator"),
        (1, "Ref"),
        (2, "Agreed actions"),
        (8, "Status"),
    ] {
        sheet.merge_range(top, col, sub, col, label, &s.header)?;
    }
    sheet.merge_range(top, 3, top, 4, "Delivery", &s.header)?;
    sheet.merge_range(top, 5, top, 7, "Measures", &s.header)?;
    let sub_headers = [
        "Lead",
        "Deadline",
        "Measure of success",
        "Baseline (2022/23)",
        "Target (2023/24)",
    ];
    for (col, label) in (3u16..).zip(sub_headers) {
        sheet.write_string_with_format(sub, col, label, &s.header)?;
    }
    sheet.set_freeze_panes(sub + 1, 0)?;

    let mut row = sub + 1;
    let mut reference = 1;
    for group in CLEAN_PLAN {
        let rows = group.actions.len() as u32;
        write_down(sheet, (row, row + rows - 1), 0, group.label, &s.text)?;
        for action in group.actions {
            sheet.write_number_with_format(row, 1, reference, &s.centre)?;
            write_text(sheet, row, 2, action.action, &s.text)?;
            write_text(sheet, row, 3, action.lead, &s.text)?;
            write_due(sheet, row, 4, action.due, &s)?;
            write_text(sheet, row, 5, action.measure, &s.text)?;
            write_figure(sheet, row, 6, action.baseline, &s)?;
            write_figure(sheet, row, 7, action.target, &s)?;
            write_text(sheet, row, 8, action.status, &s.centre)?;
            row += 1;
            reference += 1;
        }
    }

    workbook.save(path)
}

// ---------------------------------------------------------------------------
// 2. draft-plan.xlsx: the 2018-19 numbered-items layout, with injected defects
// ---------------------------------------------------------------------------

/// One row of the draft plan below its title.
enum DraftRow {
    /// The column headings, repeated after each page break.
    Header,
    /// A numbered item.
    Item(DraftItem),
    /// The rest of the item above, split onto a row of its own: no item
    /// number, only the text that did not fit.
    Continuation {
        activity: &'static str,
        key_actions: &'static str,
    },
}

struct DraftItem {
    number: u32,
    activity: &'static str,
    outcomes: &'static str,
    metric: &'static str,
    due: &'static str,
    key_actions: &'static str,
    owner: &'static str,
}

const DRAFT_HEADERS: [&str; 7] = [
    "Item",
    "Activity/Work Piece",
    "Outcomes to be achieved",
    "Link to WRES Metric",
    "Expected date of completion",
    "Key actions",
    "Responsible for action",
];

/// The draft's rows. Each defect is named in a comment on its item; the
/// manifest lists them with their cells. No item links to metric 8 or 9, and
/// none says "All", so both indicators are uncovered.
const DRAFT_ROWS: &[DraftRow] = &[
    DraftRow::Header,
    DraftRow::Item(DraftItem {
        number: 1,
        activity: "Publish the Trust's 2018 WRES data across the organisation so that staff \
                   and managers understand the indicators and where the Trust stands.",
        outcomes: "A WRES data pack goes to the Executive Team, deputy directors and \
                   service managers, and each directorate management team discusses it \
                   and sends back comments.",
        metric: "Metric 1 & 7",
        due: "Data pack issued by 31.10.18\nComments collected by 31.12.18",
        key_actions: "• Compile the data pack\n• Present it to the Executive Team\n\
                      • Add WRES to directorate management team agendas\n\
                      • Log the comments received",
        owner: "Workforce Information Manager / Executive Team",
    }),
    DraftRow::Item(DraftItem {
        number: 2,
        activity: "Raise the share of staff who have recorded their ethnicity in ESR from \
                   91.7% to at least 95%, so that",
        outcomes: "At least 95% of staff have a recorded ethnicity, and all new starters \
                   record it before their first day.",
        metric: "Metric 1",
        due: "by 31.03.19",
        key_actions: "• Check that ethnicity is captured at the pre-employment stage\n\
                      • Write to staff with no recorded ethnicity",
        owner: "HR Systems Team / Communications Team",
    }),
    DraftRow::Continuation {
        activity: "the WRES figures describe the whole workforce at every band.",
        key_actions: "• Remind all staff through the intranet and the staff bulletin",
    },
    // Defect (j): a malformed date, "31.10.018".
    DraftRow::Item(DraftItem {
        number: 3,
        activity: "Pair eight Executive Board members with BME colleagues in a reverse \
                   mentoring programme, to build understanding of the barriers BME staff \
                   meet.",
        outcomes: "All eight board members hold at least four mentoring meetings, and an \
                   independent evaluation reports what they learned and changed.",
        metric: "Metric 1 & 7",
        due: "Mentoring pairs in place by 31.10.018\nEvaluation report by 31.01.19",
        key_actions: "• Recruit mentors through the BME Staff Network\n\
                      • Brief mentors and mentees\n• Commission the evaluation",
        owner: "Deputy Director of HR / BME Staff Network",
    }),
    // Defect (i): sub-action letters with a gap (a, b, d).
    DraftRow::Item(DraftItem {
        number: 4,
        activity: "Run career development workshops for BME colleagues as action learning \
                   sets, where participants discuss barriers and plan their next career \
                   step.",
        outcomes: "30 colleagues attend across three cohorts, and at least 80% of them say \
                   in the evaluation that they feel better prepared to apply for \
                   promotion.",
        metric: "Metric 1 & 7",
        due: "First cohort starts by Nov 2018",
        key_actions: "a. Advertise the workshops through the BME Staff Network\n\
                      b. Book facilitators and venues\n\
                      d. Review the evaluation and plan the next cohorts",
        owner: "Learning and Development Manager / BME Staff Network",
    }),
    // Defect (h): item 5 is missing; this item follows 4 as 6.
    DraftRow::Item(DraftItem {
        number: 6,
        activity: "Analyse the Trust's recruitment data in depth to find the bands, \
                   services and teams where BME candidates are less likely to be \
                   appointed.",
        outcomes: "A report shows appointment rates from shortlisting by ethnicity for each \
                   band and service, and names the areas that need targeted action.",
        metric: "Metric 2 & 7",
        due: "Analysis by 30.11.18\nReport to Executive Team by 28.02.19",
        key_actions: "• Agree the period to analyse\n\
                      • Extract the data from the recruitment system\n\
                      • Share the findings with managers and the BME Staff Network",
        owner: "Recruitment Manager / BME Staff Network",
    }),
    DraftRow::Header,
    // Defect (a): nobody is responsible.
    DraftRow::Item(DraftItem {
        number: 7,
        activity: "Include a trained BME panel member on every interview panel for posts \
                   at Band 8a and above.",
        outcomes: "A BME panel member sits on at least 90% of interview panels for Band 8a \
                   and above, as recorded in the recruitment system.",
        metric: "Metric 1, 2 & 7",
        due: "31.12.18",
        key_actions: "• Tell managers about the new requirement\n\
                      • Build a pool of trained BME panel members\n\
                      • Check the make-up of panels for senior appointments",
        owner: "",
    }),
    // Defect (b): the owner is a placeholder.
    DraftRow::Item(DraftItem {
        number: 8,
        activity: "Offer a trained Cultural Ambassador to every BME colleague involved in \
                   a formal or informal disciplinary case.",
        outcomes: "A Cultural Ambassador is allocated in all disciplinary cases involving \
                   BME colleagues and reviews each case before it becomes formal.",
        metric: "Metric 3",
        due: "31.01.19",
        key_actions: "• Write a role profile for Cultural Ambassadors\n\
                      • Create a referral form\n• Train four more ambassadors",
        owner: "TBC",
    }),
    // Defect (c): no outcome (KPI) at all.
    DraftRow::Item(DraftItem {
        number: 9,
        activity: "Bring the records of applications for non-mandatory training, now kept \
                   by three teams on separate spreadsheets, into one system.",
        outcomes: "",
        metric: "Metric 4",
        due: "by 28.02.19",
        key_actions: "• Map where training applications are recorded today\n\
                      • Agree a single recording system with the teams involved",
        owner: "Learning and Development Manager",
    }),
    // Defect (h): a second item numbered 9.
    DraftRow::Item(DraftItem {
        number: 9,
        activity: "Run two cultural awareness sessions for middle managers, covering \
                   unconscious bias and its effect on colleagues.",
        outcomes: "At least 40 middle managers attend, and the post-session survey shows \
                   greater confidence in handling concerns about race.",
        metric: "Metric 5 & 6",
        due: "Sessions delivered by 31.03.19",
        key_actions: "• Appoint an experienced facilitator\n\
                      • Plan and deliver the sessions\n\
                      • Agree how the impact will be measured",
        owner: "Learning and Development Manager / Senior Managers",
    }),
    // Defect (d): the outcome is only a stray bullet.
    DraftRow::Item(DraftItem {
        number: 10,
        activity: "Promote a zero-tolerance approach to abuse of staff by patients and \
                   visitors, and make it easier for staff to report it.",
        outcomes: "·",
        metric: "Metric 5 & 6",
        due: "31.03.19",
        key_actions: "• Design posters and leaflets for clinical areas\n\
                      • Simplify the incident reporting form",
        owner: "Health and Safety Manager / Freedom to Speak Up Guardian",
    }),
    // Defect (m): the target is put off until later.
    DraftRow::Item(DraftItem {
        number: 11,
        activity: "Encourage BME colleagues, through the BME Staff Network, to attend the \
                   'Your NHS Career' workshops on applications and interviews.",
        outcomes: "The Trust will set a target number of attendees when the workshop dates \
                   are fixed.",
        metric: "Metric 1, 2 & 7",
        due: "by 31.01.19",
        key_actions: "• Finalise the workshop content\n\
                      • Publicise the dates through the network",
        owner: "Learning and Development Manager / BME Staff Network",
    }),
    DraftRow::Header,
    // Defect (e): no deadline in any cell.
    DraftRow::Item(DraftItem {
        number: 12,
        activity: "Offer a facilitated feedback conversation to BME candidates who are \
                   shortlisted for posts at Band 7 and above but not appointed.",
        outcomes: "Every unsuccessful shortlisted BME candidate at Band 7 and above is \
                   offered feedback, and each offer is logged.",
        metric: "Metric 2",
        due: "",
        key_actions: "• Remind recruiting managers of the requirement\n\
                      • Set up a log of feedback offered and taken up",
        owner: "Recruitment Manager / Senior Managers",
    }),
    // Defect (f): not an indicator reference.
    DraftRow::Item(DraftItem {
        number: 13,
        activity: "Carry out a WRES analysis of the Trust's staff bank.",
        outcomes: "A report sets out the ethnicity profile and the experience of bank \
                   workers and is presented to the Executive Team.",
        metric: "Separate WRES Analysis",
        due: "31.03.19",
        key_actions: "• Survey bank workers\n• Analyse the bank workforce data",
        owner: "Temporary Staffing Manager / HR",
    }),
    // Defect (i): a sub-action letter used twice (a, b, b).
    DraftRow::Item(DraftItem {
        number: 14,
        activity: "Hold engagement events for BME staff, led by the BME Staff Network, to \
                   hear how colleagues experience working at the Trust.",
        outcomes: "Three events are held with at least 60 BME colleagues taking part, and \
                   a summary of what was heard goes to the Executive Team.",
        metric: "Metric 7",
        due: "by 31.03.19",
        key_actions: "a. Agree the format with the network\n\
                      b. Hold the events\n\
                      b. Summarise the feedback for the Executive Team",
        owner: "BME Staff Network Chair / HR Business Partner",
    }),
    // Defect (k): a month without a year.
    DraftRow::Item(DraftItem {
        number: 15,
        activity: "Hold a board development session on race equality and the Trust's WRES \
                   results.",
        outcomes: "All voting board members attend, and each agrees a personal objective on \
                   race equality that is recorded in their appraisal.",
        metric: "Metric 7",
        due: "by March",
        key_actions: "• Commission an external speaker\n\
                      • Agree personal objectives at the session",
        owner: "Director of Workforce / Company Secretary",
    }),
    // Defect (l): the second deadline falls before the plan period.
    DraftRow::Item(DraftItem {
        number: 16,
        activity: "Review the systems used to approve and record funding for continuing \
                   professional development.",
        outcomes: "One approval route for CPD funding is in use, and the ethnicity of \
                   applicants and of successful applicants is reported to the Workforce \
                   Committee.",
        metric: "Metric 4",
        due: "Meeting with budget holders by 30.11.18\n\
              New approval route in place by 31.03.18",
        key_actions: "• Meet the budget holders\n• Agree a single approval route",
        owner: "Head of Learning and Development",
    }),
    // Defect (n): an open-ended deadline only.
    DraftRow::Item(DraftItem {
        number: 17,
        activity: "Report disciplinary cases by ethnicity to the Workforce Committee and \
                   review any case in which a BME colleague goes straight to a formal \
                   process.",
        outcomes: "The relative likelihood of BME staff entering the formal disciplinary \
                   process falls from 1.55 to 1.25.",
        metric: "Metric 3",
        due: "Ongoing",
        key_actions: "• Add ethnicity to the employee relations case tracker\n\
                      • Review each formal case involving a BME colleague",
        owner: "Head of Employee Relations",
    }),
    // Defect (o): a month with a two-digit year.
    DraftRow::Item(DraftItem {
        number: 18,
        activity: "Deliver inclusive recruitment training for all managers who chair \
                   interview panels.",
        outcomes: "At least 85% of interview panel chairs have completed the training, as \
                   shown by the training record.",
        metric: "Metric 2",
        due: "Training content agreed by Dec 18\nTraining delivered by 31.03.19",
        key_actions: "• Agree the content with the BME Staff Network\n\
                      • Schedule the sessions",
        owner: "Recruitment Manager / Learning and Development Manager",
    }),
    DraftRow::Item(DraftItem {
        number: 19,
        activity: "Set up a listening service so that staff who are bullied or harassed by \
                   colleagues can raise it in confidence.",
        outcomes: "The listening service is running, and the share of BME staff reporting \
                   bullying, harassment or abuse from colleagues in the staff survey falls \
                   from 28.5% to 25.0%.",
        metric: "Metric 6",
        due: "Service launched by 31.01.19",
        key_actions: "• Recruit and train volunteer listeners\n• Publicise the service",
        owner: "Freedom to Speak Up Guardian / Staff Side Chair",
    }),
];

/// Sheet "WRES Action Plan": title in rows 1-2, header in row 3 (A item,
/// B activity, C outcomes, D metric link, E date, F key actions, G owner),
/// repeated after each page break.
fn draft_plan(path: &Path) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("WRES Action Plan 2018 – 2019", (2018, 9, 30))?;
    let sheet = workbook.add_worksheet().set_name("WRES Action Plan")?;
    set_widths(sheet, &[6.0, 42.0, 42.0, 14.0, 22.0, 42.0, 24.0])?;
    sheet.set_landscape();
    sheet.write_string_with_format(0, 0, "WRES Action Plan 2018 – 2019", &s.title)?;
    sheet.write_string_with_format(1, 0, "Publication date: 30 September 2018", &s.bold)?;

    let mut page_breaks = Vec::new();
    for (row, draft_row) in (2u32..).zip(DRAFT_ROWS) {
        match draft_row {
            DraftRow::Header => {
                if row > 2 {
                    page_breaks.push(row);
                }
                for (col, label) in (0u16..).zip(DRAFT_HEADERS) {
                    sheet.write_string_with_format(row, col, label, &s.header)?;
                }
            }
            DraftRow::Item(item) => {
                sheet.write_number_with_format(row, 0, item.number, &s.centre)?;
                let texts = [
                    item.activity,
                    item.outcomes,
                    item.metric,
                    item.due,
                    item.key_actions,
                    item.owner,
                ];
                for (col, text) in (1u16..).zip(texts) {
                    write_text(sheet, row, col, text, &s.text)?;
                }
            }
            DraftRow::Continuation {
                activity,
                key_actions,
            } => {
                let texts = ["", activity, "", "", "", key_actions, ""];
                for (col, text) in (0u16..).zip(texts) {
                    write_text(sheet, row, col, text, &s.text)?;
                }
            }
        }
    }
    sheet.set_page_breaks(&page_breaks)?;

    workbook.save(path)
}

// ---------------------------------------------------------------------------
// 3. matrix-plan.xlsx: one column per indicator, marked or filled
// ---------------------------------------------------------------------------

/// How an action marks one of the nine indicator columns.
#[derive(Clone, Copy)]
enum Mark {
    Tick,
    Cross,
    Red,
    Amber,
    Green,
    /// A solid fill colour and no text.
    FillOnly,
}

impl Mark {
    /// The cell's text and solid fill colour.
    fn look(self) -> (&'static str, Option<u32>) {
        match self {
            Mark::Tick => ("✓", None),
            Mark::Cross => ("X", None),
            Mark::Red => ("Red", Some(0xFFC7CE)),
            Mark::Amber => ("Amber", Some(0xFFEB9C)),
            Mark::Green => ("Green", Some(0xC6EFCE)),
            Mark::FillOnly => ("", Some(0x00B050)),
        }
    }
}

struct MatrixAction {
    action: &'static str,
    lead: &'static str,
    kpi: &'static str,
    due: Due,
    /// (indicator 1-9, mark); an empty list is the injected defect.
    marks: &'static [(u16, Mark)],
}

const MATRIX_ACTIONS: &[MatrixAction] = &[
    MatrixAction {
        action: "Build an ethnicity dashboard for recruitment and promotion, reviewed by \
                 the People Committee.",
        lead: "Head of Workforce Information",
        kpi: "Relative likelihood of White applicants being appointed from shortlisting \
              compared to BME applicants down from 1.38 to 1.20",
        due: Due::Date(2024, 12, 31),
        marks: &[(1, Mark::Tick), (2, Mark::Tick)],
    },
    MatrixAction {
        action: "Require an independent senior review before any case involving a BME \
                 colleague enters the formal disciplinary process.",
        lead: "Head of Employee Relations",
        kpi: "Relative likelihood of BME staff entering the formal disciplinary process \
              down from 1.52 to 1.25",
        due: Due::Text("Q3 2024/25"),
        marks: &[(3, Mark::Cross)],
    },
    MatrixAction {
        action: "Ring-fence part of the CPD budget for bids from BME staff and report \
                 approvals by ethnicity.",
        lead: "Head of Learning and Development",
        kpi: "Relative likelihood of White staff accessing non-mandatory training and CPD \
              compared to BME staff down from 1.15 to 1.05",
        due: Due::Text("by 31 January 2025"),
        marks: &[(4, Mark::Amber)],
    },
    MatrixAction {
        action: "Run a civility and respect campaign for staff, patients and visitors, \
                 with a clear route for reporting racist abuse.",
        lead: "Head of Health, Safety and Security",
        kpi: "BME staff reporting harassment from patients or the public down from 27.5% \
              to 25.0%, and from colleagues down from 25.8% to 23.0% (NHS Staff Survey)",
        due: Due::Text("March 2025"),
        marks: &[(5, Mark::Red), (6, Mark::Red)],
    },
    MatrixAction {
        action: "Extend reciprocal mentoring to all members of the senior leadership team.",
        lead: "Deputy Director of People",
        kpi: "BME staff believing the Trust offers equal opportunities for career \
              progression up from 45.1% to 50.0% (NHS Staff Survey)",
        due: Due::Date(2025, 2, 28),
        marks: &[(7, Mark::FillOnly)],
    },
    // Defect: linked to no indicator (no mark and no fill in columns F-N).
    MatrixAction {
        action: "Refresh the equality, diversity and inclusion pages on the staff intranet.",
        lead: "Head of Communications",
        kpi: "Share of staff in the pulse survey who know where to find equality guidance up \
              from 40.0% to 80.0%",
        due: Due::Text("30.11.24"),
        marks: &[],
    },
    MatrixAction {
        action: "Train line managers to recognise and respond to discrimination, using \
                 real cases from staff network members.",
        lead: "Head of Organisational Development",
        kpi: "BME staff personally experiencing discrimination from a manager or colleague \
              down from 9.4% to 8.0% (NHS Staff Survey)",
        due: Due::Text("Q4 2024/25"),
        marks: &[(8, Mark::Green)],
    },
    MatrixAction {
        action: "Work with a specialist search firm to widen the field for the next two \
                 non-executive director appointments.",
        lead: "Director of Corporate Affairs",
        kpi: "Difference between the BME share of board voting members and of the \
              workforce narrowed from -10.5 to -6.0 percentage points",
        due: Due::Text("by 31 March 2025"),
        marks: &[(9, Mark::Tick)],
    },
];

/// Sheet "Plan": title rows 1-2, "WRES indicators" merged over F3:N3, header
/// row 4 (A no., B action, C lead, D KPI, E due, F-N indicators 1-9).
fn matrix_plan(path: &Path) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("Race Equality Action Plan 2024/25", (2024, 9, 30))?;
    let sheet = workbook.add_worksheet().set_name("Plan")?;
    set_widths(sheet, &[5.0, 44.0, 24.0, 40.0, 13.0])?;
    for col in 5..14 {
        sheet.set_column_width(col, 6.0)?;
    }
    sheet.set_landscape();
    sheet.write_string_with_format(0, 0, "Race Equality Action Plan 2024/25", &s.title)?;
    sheet.write_string_with_format(1, 0, "Published: 30 September 2024", &s.bold)?;

    let (group, header) = (2, 3);
    const FIRST_INDICATOR_COL: u16 = 5;
    sheet.merge_range(group, 5, group, 13, "WRES indicators", &s.header)?;
    for (col, label) in (0u16..).zip(["No.", "Action", "Lead", "KPI", "Due"]) {
        sheet.write_string_with_format(header, col, label, &s.header)?;
    }
    for indicator in 1..=9u16 {
        let col = FIRST_INDICATOR_COL + indicator - 1;
        sheet.write_number_with_format(header, col, indicator, &s.header)?;
    }

    for (row, (number, action)) in (header + 1..).zip((1u32..).zip(MATRIX_ACTIONS)) {
        sheet.write_number_with_format(row, 0, number, &s.centre)?;
        write_text(sheet, row, 1, action.action, &s.text)?;
        write_text(sheet, row, 2, action.lead, &s.text)?;
        write_text(sheet, row, 3, action.kpi, &s.text)?;
        write_due(sheet, row, 4, action.due, &s)?;
        for indicator in 1..=9u16 {
            let col = FIRST_INDICATOR_COL + indicator - 1;
            let mark = action
                .marks
                .iter()
                .find(|(i, _)| *i == indicator)
                .map(|(_, m)| *m);
            let (text, fill) = mark.map_or(("", None), Mark::look);
            let format = fill.map_or_else(|| s.centre.clone(), |rgb| s.filled(rgb));
            write_text(sheet, row, col, text, &format)?;
        }
    }

    workbook.save(path)
}

// ---------------------------------------------------------------------------
// 6. wdes-plan.xlsx: a WDES action plan (the sister standard, ten metrics)
// ---------------------------------------------------------------------------

struct WdesAction {
    metric: &'static str,
    action: &'static str,
    lead: &'static str,
    due: Due,
    measure: &'static str,
    baseline: Figure,
    target: Figure,
}

/// Metrics 1-9 have actions; metric 10 (the board) has none. The KPI of
/// action 6 was copied from the race equality plan and still names BME staff.
const WDES_ACTIONS: &[WdesAction] = &[
    WdesAction {
        metric: "Metric 1",
        action: "Run a declaration campaign so that staff can update their disability \
                 status in the staff record, with a guide for managers.",
        lead: "Head of Workforce Information",
        due: Due::Date(2025, 1, 31),
        measure: "Share of staff at Band 8a and above who have declared a disability",
        baseline: Figure::Percent(0.039),
        target: Figure::Percent(0.050),
    },
    WdesAction {
        metric: "Metric 2",
        action: "Offer a guaranteed interview to Disabled applicants who meet the \
                 essential criteria, and check every shortlist against it.",
        lead: "Head of Recruitment",
        due: Due::Text("Q3 2024/25"),
        measure: "Relative likelihood of non-disabled applicants being appointed from \
                  shortlisting compared to Disabled applicants",
        baseline: Figure::Ratio(1.32),
        target: Figure::Ratio(1.15),
    },
    WdesAction {
        metric: "Metric 3",
        action: "Review the capability policy with the Disability Staff Network so that \
                 reasonable adjustments are considered before any formal stage.",
        lead: "Head of Employee Relations",
        due: Due::Text("by 31 December 2024"),
        measure: "Relative likelihood of Disabled staff entering the formal capability \
                  process compared to non-disabled staff",
        baseline: Figure::Ratio(1.80),
        target: Figure::Ratio(1.25),
    },
    WdesAction {
        metric: "Metric 4a",
        action: "Train managers in every directorate to respond to reports of bullying \
                 and harassment of Disabled colleagues.",
        lead: "Freedom to Speak Up Guardian",
        due: Due::Date(2025, 3, 31),
        measure: "Disabled staff experiencing harassment, bullying or abuse from managers",
        baseline: Figure::Percent(0.174),
        target: Figure::Percent(0.150),
    },
    WdesAction {
        metric: "Metric 4b",
        action: "Publish how to report harassment, including anonymously, on the staff \
                 intranet and in team briefings.",
        lead: "Head of Staff Experience",
        due: Due::Text("November 2024"),
        measure: "Disabled staff saying they or a colleague reported their last \
                  experience of harassment",
        baseline: Figure::Percent(0.482),
        target: Figure::Percent(0.550),
    },
    WdesAction {
        metric: "Metric 5",
        action: "Open the leadership programme's mentoring scheme to Disabled staff at \
                 Bands 5 to 7, with adjustments offered at application.",
        lead: "Head of Organisational Development",
        due: Due::Date(2025, 2, 28),
        measure: "BME staff believing the trust provides equal opportunities for career \
                  progression",
        baseline: Figure::Percent(0.452),
        target: Figure::Percent(0.500),
    },
    WdesAction {
        metric: "Metric 6",
        action: "Add a wellbeing check to every return-to-work conversation so that no \
                 one is pressed to come to work while unwell.",
        lead: "Head of Occupational Health",
        due: Due::Text("Q4 2024/25"),
        measure: "Disabled staff feeling pressure from their manager to come to work \
                  when not well enough",
        baseline: Figure::Percent(0.268),
        target: Figure::Percent(0.220),
    },
    WdesAction {
        metric: "Metric 7",
        action: "Introduce a recognition scheme nominated by colleagues and make sure \
                 its panel includes members of the Disability Staff Network.",
        lead: "Director of People",
        due: Due::Date(2025, 3, 31),
        measure: "Disabled staff satisfied that the organisation values their work",
        baseline: Figure::Percent(0.354),
        target: Figure::Percent(0.400),
    },
    WdesAction {
        metric: "Metric 8",
        action: "Set up a central budget and a passport for reasonable adjustments, so \
                 that agreed adjustments follow staff when they change team.",
        lead: "Head of Occupational Health",
        due: Due::Text("by 31 January 2025"),
        measure: "Disabled staff saying adequate reasonable adjustments have been made",
        baseline: Figure::Percent(0.712),
        target: Figure::Percent(0.780),
    },
    WdesAction {
        metric: "Metric 9a",
        action: "Hold quarterly listening events led by the Disability Staff Network \
                 and report what was heard to the People and Culture Committee.",
        lead: "Chief People Officer",
        due: Due::Date(2025, 3, 31),
        measure: "Staff engagement score of Disabled staff (0-10)",
        baseline: Figure::Points(6.6),
        target: Figure::Points(6.9),
    },
];

fn wdes_plan(path: &Path) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("WDES Action Plan 2024-25", (2024, 10, 31))?;
    let sheet = workbook.add_worksheet().set_name("WDES Action Plan")?;
    set_widths(sheet, &[12.0, 6.0, 60.0, 26.0, 14.0, 40.0, 12.0, 12.0])?;
    sheet.set_landscape();

    let title_rows = [
        "Workforce Disability Equality Standard (WDES) Action Plan 2024-25",
        TRUST,
        "Publication date: 31 October 2024",
    ];
    for (row, text) in (0u32..).zip(title_rows) {
        let format = if row == 0 { &s.title } else { &s.bold };
        sheet.write_string_with_format(row, 0, text, format)?;
    }
    let header_row = 4;
    let headers = [
        "WDES Metric",
        "No.",
        "Action",
        "Lead",
        "Timescale",
        "Measure of success",
        "Baseline (2023/24)",
        "Target (2024/25)",
    ];
    for (col, label) in (0u16..).zip(headers) {
        sheet.write_string_with_format(header_row, col, label, &s.header)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    for ((row, number), action) in (header_row + 1..).zip(1u32..).zip(WDES_ACTIONS) {
        write_text(sheet, row, 0, action.metric, &s.text)?;
        sheet.write_number_with_format(row, 1, number, &s.centre)?;
        write_text(sheet, row, 2, action.action, &s.text)?;
        write_text(sheet, row, 3, action.lead, &s.text)?;
        write_due(sheet, row, 4, action.due, &s)?;
        write_text(sheet, row, 5, action.measure, &s.text)?;
        write_figure(sheet, row, 6, action.baseline, &s)?;
        write_figure(sheet, row, 7, action.target, &s)?;
    }
    workbook.save(path)
}

// ---------------------------------------------------------------------------
// 4 and 5. wres-data.xlsx and wres-data-faults.xlsx
// ---------------------------------------------------------------------------

/// Whether to write the correct workbook or inject the manifest's faults.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Faults {
    None,
    Injected,
}

/// Head counts by ethnic group.
#[derive(Clone, Copy, Default)]
struct Counts {
    white: u64,
    bme: u64,
    unknown: u64,
}

impl Counts {
    const fn new(white: u64, bme: u64, unknown: u64) -> Counts {
        Counts {
            white,
            bme,
            unknown,
        }
    }

    fn total(self) -> u64 {
        self.white + self.bme + self.unknown
    }

    fn add(self, other: Counts) -> Counts {
        Counts::new(
            self.white + other.white,
            self.bme + other.bme,
            self.unknown + other.unknown,
        )
    }
}

fn sum(rows: &[(&str, Counts)]) -> Counts {
    rows.iter()
        .fold(Counts::default(), |acc, (_, c)| acc.add(*c))
}

/// `num / den` rounded half-up to `decimals` places, in exact integer
/// arithmetic. Panics on an exact tie, so no sample figure depends on how a
/// reader breaks ties.
fn rounded(num: u64, den: u64, decimals: u32) -> f64 {
    signed_rounded(i128::from(num), i128::from(den), decimals)
}

fn signed_rounded(num: i128, den: i128, decimals: u32) -> f64 {
    assert!(den > 0, "a figure with a zero denominator");
    let scale = 10i128.pow(decimals);
    let scaled = num.abs() * scale;
    let (quotient, remainder) = (scaled / den, scaled % den);
    assert_ne!(
        2 * remainder,
        den,
        "{num}/{den} is a tie at {decimals} decimals"
    );
    let magnitude = quotient + i128::from(2 * remainder > den);
    (num.signum() * magnitude) as f64 / scale as f64
}

/// `num / den` cut off (not rounded) at `decimals` places.
fn truncated(num: u64, den: u64, decimals: u32) -> f64 {
    let scale = 10u64.pow(decimals);
    (num * scale / den) as f64 / scale as f64
}

/// The relative likelihood `(a_num / a_den) / (b_num / b_den)` to 2 decimals.
fn relative_likelihood(a_num: u64, a_den: u64, b_num: u64, b_den: u64) -> f64 {
    rounded(a_num * b_den, a_den * b_num, 2)
}

/// Indicator 1, non-clinical staff at 31 March 2024: (band, White, BME, Unknown).
const NON_CLINICAL: &[(&str, Counts)] = &[
    ("Under Band 1", Counts::new(4, 2, 0)),
    ("Band 1", Counts::new(18, 6, 1)),
    ("Band 2", Counts::new(196, 58, 9)),
    ("Band 3", Counts::new(241, 52, 11)),
    ("Band 4", Counts::new(168, 31, 7)),
    ("Band 5", Counts::new(112, 21, 5)),
    ("Band 6", Counts::new(88, 14, 4)),
    ("Band 7", Counts::new(64, 9, 3)),
    ("Band 8a", Counts::new(38, 5, 2)),
    ("Band 8b", Counts::new(21, 2, 1)),
    ("Band 8c", Counts::new(12, 1, 0)),
    ("Band 8d", Counts::new(7, 1, 0)),
    ("Band 9", Counts::new(3, 0, 0)),
    ("VSM", Counts::new(6, 1, 0)),
];

/// Indicator 1, clinical staff at 31 March 2024.
const CLINICAL: &[(&str, Counts)] = &[
    ("Under Band 1", Counts::new(2, 1, 0)),
    ("Band 1", Counts::new(3, 2, 0)),
    ("Band 2", Counts::new(210, 74, 12)),
    ("Band 3", Counts::new(265, 96, 15)),
    ("Band 4", Counts::new(140, 38, 8)),
    ("Band 5", Counts::new(390, 172, 21)),
    ("Band 6", Counts::new(420, 118, 24)),
    ("Band 7", Counts::new(260, 49, 13)),
    ("Band 8a", Counts::new(88, 12, 4)),
    ("Band 8b", Counts::new(30, 4, 1)),
    ("Band 8c", Counts::new(11, 1, 0)),
    ("Band 8d", Counts::new(5, 1, 0)),
    ("Band 9", Counts::new(2, 0, 0)),
    ("VSM", Counts::new(3, 0, 0)),
    ("Consultants", Counts::new(58, 31, 3)),
    ("Non-consultant career grade", Counts::new(14, 12, 1)),
    ("Trainee grades", Counts::new(36, 28, 2)),
    ("Other", Counts::new(4, 2, 0)),
];

/// Indicator 2, 2023/24 recruitment.
const SHORTLISTED: Counts = Counts::new(1240, 620, 38);
const APPOINTED: Counts = Counts::new(338, 118, 9);
/// Indicator 3, staff entering the formal disciplinary process.
const DISCIPLINARY: Counts = Counts::new(14, 7, 0);
/// Indicator 4, staff accessing non-mandatory training and CPD.
const TRAINING: Counts = Counts::new(1160, 318, 52);

/// Indicators 5-8: (indicator, survey question, [White, BME] per year).
const SURVEY_YEARS: [u16; 3] = [2021, 2022, 2023];
const SURVEY: &[(&str, &str, [[f64; 2]; 3])] = &[
    (
        "Indicator 5",
        "Percentage of staff experiencing harassment, bullying or abuse from patients, \
         relatives or the public in the last 12 months",
        [[0.241, 0.298], [0.235, 0.284], [0.229, 0.271]],
    ),
    (
        "Indicator 6",
        "Percentage of staff experiencing harassment, bullying or abuse from staff in the \
         last 12 months",
        [[0.217, 0.279], [0.212, 0.261], [0.204, 0.253]],
    ),
    (
        "Indicator 7",
        "Percentage of staff believing that the organisation provides equal opportunities \
         for career progression or promotion",
        [[0.582, 0.413], [0.576, 0.440], [0.591, 0.462]],
    ),
    (
        "Indicator 8",
        "Percentage of staff personally experiencing discrimination at work from a \
         manager, team leader or other colleagues in the last 12 months",
        [[0.059, 0.112], [0.061, 0.098], [0.054, 0.091]],
    ),
];

/// Indicator 9, board members by ethnicity.
const EXECUTIVE: Counts = Counts::new(5, 1, 0);
const NON_EXECUTIVE: Counts = Counts::new(6, 1, 0);

/// How a "% BME" cell states its share.
enum Share {
    /// Correctly rounded, as a fraction under a `0.0%` format.
    Rounded,
    /// Fault: cut off instead of rounded.
    Truncated,
    /// Fault: stored as a percentage number (17.1) under a `%` format.
    TimesHundred,
    /// Fault: stored as text, and wrong.
    Text(&'static str),
}

fn write_counts(
    sheet: &mut Worksheet,
    row: u32,
    first_col: u16,
    counts: [u64; 4],
    s: &Styles,
) -> Result {
    for (col, value) in (first_col..).zip(counts) {
        sheet.write_number_with_format(row, col, value as f64, &s.count)?;
    }
    Ok(())
}

/// One row of an indicator 1 or 9 table: label, White, BME, Unknown,
/// `total` (the stated total, normally the sum) and "% BME" in columns A-F.
fn group_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    counts: Counts,
    total: u64,
    share: Share,
    s: &Styles,
) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.text)?;
    write_counts(
        sheet,
        row,
        1,
        [counts.white, counts.bme, counts.unknown, total],
        s,
    )?;
    let (bme, all) = (counts.bme, counts.total());
    match share {
        Share::Rounded => {
            sheet.write_number_with_format(row, 5, rounded(bme, all, 3), &s.percent)?
        }
        Share::Truncated => {
            let (right, cut) = (rounded(bme, all, 3), truncated(bme, all, 3));
            assert_ne!(right, cut, "{label}: truncating must change the figure");
            sheet.write_number_with_format(row, 5, cut, &s.percent)?
        }
        Share::TimesHundred => {
            sheet.write_number_with_format(row, 5, rounded(bme * 100, all, 1), &s.percent)?
        }
        Share::Text(text) => sheet.write_string_with_format(row, 5, text, &s.text)?,
    };
    Ok(())
}

fn table_header(sheet: &mut Worksheet, row: u32, labels: &[&str], s: &Styles) -> Result {
    for (col, label) in (0u16..).zip(labels) {
        sheet.write_string_with_format(row, col, *label, &s.header)?;
    }
    Ok(())
}

/// Sheet "Indicator 1": non-clinical table (header row 4, bands in rows
/// 5-18, total row 19), clinical table (header row 22, rows 23-40, total
/// row 41) and the overall workforce (header row 44, row 45); columns A
/// band, B White, C BME, D Unknown, E Total, F % BME.
fn indicator_1(workbook: &mut Workbook, faults: Faults, s: &Styles) -> Result<Counts> {
    let sheet = workbook.add_worksheet().set_name("Indicator 1")?;
    set_widths(sheet, &[30.0, 10.0, 10.0, 10.0, 10.0, 10.0])?;
    sheet.write_string_with_format(
        0,
        0,
        "Indicator 1: BME staff in each pay band compared with the overall workforce \
         (substantive headcount at 31 March 2024)",
        &s.title,
    )?;
    let header = ["Band", "White", "BME", "Unknown", "Total", "% BME"];
    let injected = faults == Faults::Injected;

    // Non-clinical staff.
    sheet.write_string_with_format(2, 0, "Non-clinical staff", &s.bold)?;
    table_header(sheet, 3, &header, s)?;
    let first = 4;
    for (row, (band, counts)) in (first..).zip(NON_CLINICAL) {
        let share = match *band {
            // Fault: 58/263 = 22.05% shown as 22.0% instead of 22.1%.
            "Band 2" if injected => Share::Truncated,
            // Fault: 17.1% stored as 17.1, which shows as 1710.0%.
            "Band 3" if injected => Share::TimesHundred,
            _ => Share::Rounded,
        };
        group_row(sheet, row, band, *counts, counts.total(), share, s)?;
    }
    let total_row = first + NON_CLINICAL.len() as u32;
    let non_clinical = sum(NON_CLINICAL);
    group_row(
        sheet,
        total_row,
        "Total",
        non_clinical,
        non_clinical.total(),
        Share::Rounded,
        s,
    )?;
    // The total's total as a formula (replacing the plain number), with its
    // value cached for readers that do not calculate.
    let formula = format!("=SUM(E{}:E{})", first + 1, total_row);
    sheet.write_formula_with_format(
        total_row,
        4,
        Formula::new(formula).set_result(non_clinical.total().to_string()),
        &s.count,
    )?;

    // Clinical staff.
    let title_row = total_row + 2;
    sheet.write_string_with_format(title_row, 0, "Clinical staff", &s.bold)?;
    table_header(sheet, title_row + 1, &header, s)?;
    let first = title_row + 2;
    for (row, (band, counts)) in (first..).zip(CLINICAL) {
        let (mut total, mut share) = (counts.total(), Share::Rounded);
        if injected {
            match *band {
                // Fault: stated total 561, but 420 + 118 + 24 = 562 (the share
                // rounds to 21.0% either way).
                "Band 6" => total -= 1,
                // Fault: text, and wrong: 96/376 = 25.5%.
                "Band 3" => share = Share::Text("24.5%"),
                _ => {}
            }
        }
        group_row(sheet, row, band, *counts, total, share, s)?;
    }
    let total_row = first + CLINICAL.len() as u32;
    let clinical = sum(CLINICAL);
    group_row(
        sheet,
        total_row,
        "Total",
        clinical,
        clinical.total(),
        Share::Rounded,
        s,
    )?;

    // The whole workforce, the figure indicators 3, 4 and 9 must repeat.
    let workforce = non_clinical.add(clinical);
    let title_row = total_row + 2;
    sheet.write_string_with_format(title_row, 0, "Overall workforce", &s.bold)?;
    table_header(
        sheet,
        title_row + 1,
        &["", "White", "BME", "Unknown", "Total", "% BME"],
        s,
    )?;
    group_row(
        sheet,
        title_row + 2,
        "All staff (non-clinical and clinical)",
        workforce,
        workforce.total(),
        Share::Rounded,
        s,
    )?;
    Ok(workforce)
}

/// One "Total | White | BME | Unknown" row of an indicator 2-4 table.
fn tcwb_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    counts: Counts,
    total: u64,
    s: &Styles,
) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.text)?;
    write_counts(
        sheet,
        row,
        1,
        [total, counts.white, counts.bme, counts.unknown],
        s,
    )
}

/// A likelihood row: numerator over denominator for Total, White and BME,
/// rounded to what `format` shows (`decimals` places of the fraction).
fn likelihood_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    (num, num_total): (Counts, u64),
    (den, den_total): (Counts, u64),
    (format, decimals): (&Format, u32),
    s: &Styles,
) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.text)?;
    let values = [
        rounded(num_total, den_total, decimals),
        rounded(num.white, den.white, decimals),
        rounded(num.bme, den.bme, decimals),
    ];
    for (col, value) in (1u16..).zip(values) {
        sheet.write_number_with_format(row, col, value, format)?;
    }
    sheet.write_blank(row, 4, &s.text)?;
    Ok(())
}

/// The relative likelihood line under a table: label in A, value in B.
fn rl_line(sheet: &mut Worksheet, row: u32, label: &str, value: f64, s: &Styles) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.bold)?;
    sheet.write_number_with_format(row, 1, value, &s.ratio)?;
    Ok(())
}

/// Sheet "Indicators 2-4": three tables with columns A label, B Total,
/// C White, D BME, E Unknown. Indicator 2: header row 3, rows 4-6, RL in B7;
/// indicator 3: header row 10, rows 11-13, RL in B14; indicator 4: header
/// row 17, rows 18-20, RL in B21.
fn indicators_2_to_4(
    workbook: &mut Workbook,
    workforce: Counts,
    faults: Faults,
    s: &Styles,
) -> Result {
    let sheet = workbook.add_worksheet().set_name("Indicators 2-4")?;
    set_widths(sheet, &[62.0, 10.0, 10.0, 10.0, 10.0])?;
    let injected = faults == Faults::Injected;
    let header = ["", "Total", "White", "BME", "Unknown"];

    // Indicator 2.
    sheet.write_string_with_format(
        0,
        0,
        "Indicator 2: appointment from shortlisting (financial year 2023/24)",
        &s.title,
    )?;
    table_header(sheet, 2, &header, s)?;
    let mut appointed = APPOINTED;
    if injected {
        // Fault: 39 Unknown-ethnicity applicants appointed out of 38 shortlisted.
        appointed.unknown = 39;
    }
    tcwb_row(
        sheet,
        3,
        "Shortlisted applicants",
        SHORTLISTED,
        SHORTLISTED.total(),
        s,
    )?;
    tcwb_row(
        sheet,
        4,
        "Appointed from shortlisting",
        appointed,
        appointed.total(),
        s,
    )?;
    likelihood_row(
        sheet,
        5,
        "Likelihood of appointment from shortlisting",
        (appointed, appointed.total()),
        (SHORTLISTED, SHORTLISTED.total()),
        (&s.percent, 3),
        s,
    )?;
    let white_vs_bme = relative_likelihood(
        appointed.white,
        SHORTLISTED.white,
        appointed.bme,
        SHORTLISTED.bme,
    );
    let stated = if injected {
        // Fault: the reciprocal, BME relative to White (0.70 for 1.43).
        relative_likelihood(
            appointed.bme,
            SHORTLISTED.bme,
            appointed.white,
            SHORTLISTED.white,
        )
    } else {
        white_vs_bme
    };
    rl_line(
        sheet,
        6,
        "Relative likelihood of White applicants being appointed from shortlisting compared \
         to BME applicants",
        stated,
        s,
    )?;

    // Indicator 3.
    sheet.write_string_with_format(
        8,
        0,
        "Indicator 3: entry into the formal disciplinary process (financial year 2023/24)",
        &s.title,
    )?;
    table_header(sheet, 9, &header, s)?;
    let mut headcount = workforce;
    if injected {
        // Fault: BME headcount 848, where indicator 1 has 844; the stated
        // total is still indicator 1's, so the row no longer adds up. (The
        // likelihoods round the same with either figure.)
        headcount.bme = 848;
    }
    tcwb_row(
        sheet,
        10,
        "Workforce (headcount)",
        headcount,
        workforce.total(),
        s,
    )?;
    tcwb_row(
        sheet,
        11,
        "Entering the formal disciplinary process",
        DISCIPLINARY,
        DISCIPLINARY.total(),
        s,
    )?;
    likelihood_row(
        sheet,
        12,
        "Likelihood of entering the formal disciplinary process",
        (DISCIPLINARY, DISCIPLINARY.total()),
        (headcount, workforce.total()),
        (&s.percent_2dp, 4),
        s,
    )?;
    let bme_vs_white = relative_likelihood(
        DISCIPLINARY.bme,
        headcount.bme,
        DISCIPLINARY.white,
        headcount.white,
    );
    let stated = if injected {
        // Fault: a typo, 1.27 for 1.72 (the reciprocal would be 0.58).
        assert_eq!(bme_vs_white, 1.72);
        1.27
    } else {
        bme_vs_white
    };
    rl_line(
        sheet,
        13,
        "Relative likelihood of BME staff entering the formal disciplinary process compared \
         to White staff",
        stated,
        s,
    )?;

    // Indicator 4.
    sheet.write_string_with_format(
        15,
        0,
        "Indicator 4: access to non-mandatory training and CPD (financial year 2023/24)",
        &s.title,
    )?;
    table_header(sheet, 16, &header, s)?;
    tcwb_row(
        sheet,
        17,
        "Workforce (headcount)",
        workforce,
        workforce.total(),
        s,
    )?;
    tcwb_row(
        sheet,
        18,
        "Accessing non-mandatory training and CPD",
        TRAINING,
        TRAINING.total(),
        s,
    )?;
    likelihood_row(
        sheet,
        19,
        "Likelihood of accessing non-mandatory training and CPD",
        (TRAINING, TRAINING.total()),
        (workforce, workforce.total()),
        (&s.percent, 3),
        s,
    )?;
    rl_line(
        sheet,
        20,
        "Relative likelihood of White staff accessing non-mandatory training and CPD \
         compared to BME staff",
        relative_likelihood(TRAINING.white, workforce.white, TRAINING.bme, workforce.bme),
        s,
    )?;
    Ok(())
}

/// Sheet "Survey 5-8": header row 3 (A indicator, B question, C-H White and
/// BME per year), indicators 5-8 in rows 4-7.
fn survey_5_to_8(workbook: &mut Workbook, faults: Faults, s: &Styles) -> Result {
    let sheet = workbook.add_worksheet().set_name("Survey 5-8")?;
    set_widths(sheet, &[12.0, 60.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0])?;
    sheet.write_string_with_format(
        0,
        0,
        "Indicators 5 to 8: NHS Staff Survey results (% of respondents)",
        &s.title,
    )?;
    // Fault: the years run 2022, 2021, 2023.
    let order: [usize; 3] = match faults {
        Faults::None => [0, 1, 2],
        Faults::Injected => [1, 0, 2],
    };
    let mut header = vec!["Indicator".to_owned(), "Survey question".to_owned()];
    for &year in &order {
        for group in ["White", "BME"] {
            header.push(format!("{} {group}", SURVEY_YEARS[year]));
        }
    }
    for (col, label) in (0u16..).zip(&header) {
        sheet.write_string_with_format(2, col, label, &s.header)?;
    }
    for (row, (indicator, question, results)) in (3u32..).zip(SURVEY) {
        sheet.write_string_with_format(row, 0, *indicator, &s.text)?;
        sheet.write_string_with_format(row, 1, *question, &s.text)?;
        let values = order.iter().flat_map(|&year| results[year]);
        for (col, value) in (2u16..).zip(values) {
            sheet.write_number_with_format(row, col, value, &s.percent)?;
        }
    }
    Ok(())
}

/// Sheet "Indicator 9": header row 3 (A group, B White, C BME, D Unknown,
/// E Total, F % BME, G difference in percentage points), rows 4-7.
fn indicator_9(workbook: &mut Workbook, workforce: Counts, faults: Faults, s: &Styles) -> Result {
    let sheet = workbook.add_worksheet().set_name("Indicator 9")?;
    set_widths(sheet, &[30.0, 10.0, 10.0, 10.0, 10.0, 10.0, 16.0])?;
    sheet.write_string_with_format(
        0,
        0,
        "Indicator 9: board voting membership compared with the overall workforce",
        &s.title,
    )?;
    let header = [
        "Group",
        "White",
        "BME",
        "Unknown",
        "Total",
        "% BME",
        "Difference (percentage points)",
    ];
    table_header(sheet, 2, &header, s)?;
    group_row(
        sheet,
        3,
        "Overall workforce",
        workforce,
        workforce.total(),
        Share::Rounded,
        s,
    )?;
    sheet.write_blank(3, 6, &s.text)?;

    let voting = EXECUTIVE.add(NON_EXECUTIVE);
    let board = [
        ("Board voting membership", voting),
        ("Executive", EXECUTIVE),
        ("Non-executive", NON_EXECUTIVE),
    ];
    for (row, (label, counts)) in (4u32..).zip(board) {
        group_row(sheet, row, label, counts, counts.total(), Share::Rounded, s)?;
        // 100 × B_board / T_board − 100 × B_hc / T_hc, in exact integers.
        let (t_board, t_hc) = (i128::from(counts.total()), i128::from(workforce.total()));
        let num = 100 * (i128::from(counts.bme) * t_hc - i128::from(workforce.bme) * t_board);
        let mut difference = signed_rounded(num, t_board * t_hc, 1);
        if faults == Faults::Injected && label == "Non-executive" {
            // Fault: the digits swapped, -3.7 for -7.3.
            assert_eq!(difference, -7.3);
            difference = -3.7;
        }
        sheet.write_number_with_format(row, 6, difference, &s.points)?;
    }
    // The board total as a formula (replacing the plain number), with its
    // value cached.
    sheet.write_formula_with_format(
        4,
        4,
        Formula::new("=SUM(B5:D5)").set_result(voting.total().to_string()),
        &s.count,
    )?;
    Ok(())
}

fn wres_data(path: &Path, faults: Faults) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("WRES data 2024", (2024, 6, 28))?;
    let workforce = indicator_1(&mut workbook, faults, &s)?;
    indicators_2_to_4(&mut workbook, workforce, faults, &s)?;
    survey_5_to_8(&mut workbook, faults, &s)?;
    indicator_9(&mut workbook, workforce, faults, &s)?;
    workbook.save(path)
}

// ---------------------------------------------------------------------------
// 7. wdes-data.xlsx: a WDES data workbook, with injected faults
// ---------------------------------------------------------------------------

/// Head counts by disability status.
#[derive(Clone, Copy, Default)]
struct Disability {
    disabled: u64,
    non_disabled: u64,
    unknown: u64,
}

impl Disability {
    const fn new(disabled: u64, non_disabled: u64, unknown: u64) -> Disability {
        Disability {
            disabled,
            non_disabled,
            unknown,
        }
    }

    fn total(self) -> u64 {
        self.disabled + self.non_disabled + self.unknown
    }

    fn add(self, other: Disability) -> Disability {
        Disability::new(
            self.disabled + other.disabled,
            self.non_disabled + other.non_disabled,
            self.unknown + other.unknown,
        )
    }
}

fn sum_disability(rows: &[(&str, Disability)]) -> Disability {
    rows.iter()
        .fold(Disability::default(), |acc, (_, c)| acc.add(*c))
}

/// Metric 1, non-clinical staff at 31 March 2024, by band cluster:
/// (cluster, Disabled, Non-disabled, Unknown).
const WDES_NON_CLINICAL: &[(&str, Disability)] = &[
    (
        "Cluster 1 (AfC bands under 1 to 4)",
        Disability::new(46, 700, 58),
    ),
    ("Cluster 2 (AfC bands 5 to 7)", Disability::new(17, 282, 21)),
    ("Cluster 3 (AfC bands 8a and 8b)", Disability::new(3, 62, 4)),
    (
        "Cluster 4 (AfC bands 8c to 9 and VSM)",
        Disability::new(1, 28, 2),
    ),
];

/// Metric 1, clinical staff at 31 March 2024, by band cluster.
const WDES_CLINICAL: &[(&str, Disability)] = &[
    (
        "Cluster 1 (AfC bands under 1 to 4)",
        Disability::new(49, 762, 61),
    ),
    (
        "Cluster 2 (AfC bands 5 to 7)",
        Disability::new(71, 1298, 98),
    ),
    (
        "Cluster 3 (AfC bands 8a and 8b)",
        Disability::new(6, 124, 9),
    ),
    (
        "Cluster 4 (AfC bands 8c to 9 and VSM)",
        Disability::new(1, 21, 1),
    ),
    (
        "Cluster 5 (medical and dental: consultants)",
        Disability::new(2, 81, 9),
    ),
    (
        "Cluster 6 (medical and dental: non-consultant career grades)",
        Disability::new(1, 23, 3),
    ),
    (
        "Cluster 7 (medical and dental: trainee grades)",
        Disability::new(3, 58, 5),
    ),
];

/// Metric 2, 2023/24 recruitment.
const WDES_SHORTLISTED: Disability = Disability::new(210, 1560, 128);
const WDES_APPOINTED: Disability = Disability::new(38, 392, 35);
/// Metric 3, staff entering the formal capability process (on the grounds
/// of performance), 2023/24.
const WDES_CAPABILITY: Disability = Disability::new(3, 18, 1);

/// One survey result per year, [Disabled, Non-disabled]; `None` where the
/// survey asks only Disabled staff.
type WdesResults = [[Option<f64>; 2]; 3];

/// Metrics 4-8: (metric, survey question, results).
const WDES_SURVEY: &[(&str, &str, WdesResults)] = &[
    (
        "Metric 4a",
        "Percentage of staff experiencing harassment, bullying or abuse from patients, \
         relatives or the public in the last 12 months",
        [
            [Some(0.298), Some(0.241)],
            [Some(0.287), Some(0.236)],
            [Some(0.274), Some(0.229)],
        ],
    ),
    (
        "Metric 4a",
        "Percentage of staff experiencing harassment, bullying or abuse from managers in \
         the last 12 months",
        [
            [Some(0.186), Some(0.112)],
            [Some(0.179), Some(0.108)],
            [Some(0.174), Some(0.103)],
        ],
    ),
    (
        "Metric 4a",
        "Percentage of staff experiencing harassment, bullying or abuse from other \
         colleagues in the last 12 months",
        [
            [Some(0.263), Some(0.178)],
            [Some(0.258), Some(0.171)],
            [Some(0.249), Some(0.166)],
        ],
    ),
    (
        "Metric 4b",
        "Percentage of staff saying that the last time they experienced harassment, \
         bullying or abuse at work, they or a colleague reported it",
        [
            [Some(0.461), Some(0.472)],
            [Some(0.470), Some(0.468)],
            [Some(0.482), Some(0.475)],
        ],
    ),
    (
        "Metric 5",
        "Percentage of staff who believe that their organisation provides equal \
         opportunities for career progression or promotion",
        [
            [Some(0.431), Some(0.552)],
            [Some(0.440), Some(0.561)],
            [Some(0.452), Some(0.566)],
        ],
    ),
    (
        "Metric 6",
        "Percentage of staff who have felt pressure from their manager to come to work, \
         despite not feeling well enough to perform their duties",
        [
            [Some(0.291), Some(0.198)],
            [Some(0.277), Some(0.189)],
            [Some(0.268), Some(0.183)],
        ],
    ),
    (
        "Metric 7",
        "Percentage of staff satisfied with the extent to which their organisation \
         values their work",
        [
            [Some(0.332), Some(0.441)],
            [Some(0.341), Some(0.452)],
            [Some(0.354), Some(0.458)],
        ],
    ),
    (
        "Metric 8",
        "Percentage of Disabled staff saying that their employer has made adequate \
         adjustments to enable them to carry out their work",
        [
            [Some(0.694), None],
            [Some(0.703), None],
            [Some(0.712), None],
        ],
    ),
];

/// Metric 9a: the staff engagement score (0-10) per year, [Disabled,
/// Non-disabled].
const WDES_ENGAGEMENT: [[f64; 2]; 3] = [[6.4, 6.9], [6.5, 7.0], [6.6, 7.0]];

/// Metric 10, board members by disability status.
const WDES_EXECUTIVE: Disability = Disability::new(0, 6, 0);
const WDES_NON_EXECUTIVE: Disability = Disability::new(1, 5, 1);

/// One row of a metric 1 or 10 table: label, Disabled, Non-disabled,
/// Unknown, `total` (the stated total) and "% Disabled" in columns A-F.
fn disability_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    counts: Disability,
    total: u64,
    s: &Styles,
) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.text)?;
    write_counts(
        sheet,
        row,
        1,
        [counts.disabled, counts.non_disabled, counts.unknown, total],
        s,
    )?;
    let share = rounded(counts.disabled, counts.total(), 3);
    sheet.write_number_with_format(row, 5, share, &s.percent)?;
    Ok(())
}

/// Sheet "Metric 1": non-clinical table (header row 4, clusters in rows
/// 5-8, total row 9), clinical table (header row 12, rows 13-19, total row
/// 20) and the overall workforce (header row 23, row 24); columns A cluster,
/// B Disabled, C Non-disabled, D Unknown, E Total, F % Disabled.
fn wdes_metric_1(workbook: &mut Workbook, faults: Faults, s: &Styles) -> Result<Disability> {
    let sheet = workbook.add_worksheet().set_name("Metric 1")?;
    set_widths(sheet, &[58.0, 10.0, 13.0, 10.0, 10.0, 12.0])?;
    sheet.write_string_with_format(
        0,
        0,
        "Metric 1: Disabled staff in each pay band cluster compared with the overall \
         workforce (headcount at 31 March 2024)",
        &s.title,
    )?;
    sheet.write_string_with_format(
        1,
        0,
        format!("{TRUST}: Workforce Disability Equality Standard (WDES) data, 2024"),
        &s.bold,
    )?;
    let header = [
        "Cluster",
        "Disabled",
        "Non-disabled",
        "Unknown",
        "Total",
        "% Disabled",
    ];
    let mut title_row = 2;
    let mut workforce = Disability::default();
    for (title, clusters) in [
        ("Non-clinical staff", WDES_NON_CLINICAL),
        ("Clinical staff", WDES_CLINICAL),
    ] {
        sheet.write_string_with_format(title_row, 0, title, &s.bold)?;
        table_header(sheet, title_row + 1, &header, s)?;
        let first = title_row + 2;
        for (row, (cluster, counts)) in (first..).zip(clusters) {
            let mut total = counts.total();
            if faults == Faults::Injected
                && title == "Clinical staff"
                && cluster.starts_with("Cluster 2")
            {
                // Fault: 71 + 1,298 + 98 = 1,467, stated 1,476 (the share
                // rounds to 4.8% either way).
                total = 1476;
            }
            disability_row(sheet, row, cluster, *counts, total, s)?;
        }
        let total_row = first + clusters.len() as u32;
        let counts = sum_disability(clusters);
        disability_row(sheet, total_row, "Total", counts, counts.total(), s)?;
        workforce = workforce.add(counts);
        title_row = total_row + 2;
    }
    sheet.write_string_with_format(title_row, 0, "Overall workforce", &s.bold)?;
    let mut header = header;
    header[0] = "";
    table_header(sheet, title_row + 1, &header, s)?;
    disability_row(
        sheet,
        title_row + 2,
        "All staff (non-clinical and clinical)",
        workforce,
        workforce.total(),
        s,
    )?;
    Ok(workforce)
}

/// One "Total | Disabled | Non-disabled | Unknown" row of a metric 2 or 3 table.
fn wdes_counts_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    counts: Disability,
    s: &Styles,
) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.text)?;
    write_counts(
        sheet,
        row,
        1,
        [
            counts.total(),
            counts.disabled,
            counts.non_disabled,
            counts.unknown,
        ],
        s,
    )
}

/// A likelihood row of a metric 2 or 3 table: numerator over denominator
/// for Total, Disabled and Non-disabled, rounded to what `format` shows.
fn wdes_likelihood_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    (num, den): (Disability, Disability),
    (format, decimals): (&Format, u32),
    s: &Styles,
) -> Result {
    sheet.write_string_with_format(row, 0, label, &s.text)?;
    let values = [
        rounded(num.total(), den.total(), decimals),
        rounded(num.disabled, den.disabled, decimals),
        rounded(num.non_disabled, den.non_disabled, decimals),
    ];
    for (col, value) in (1u16..).zip(values) {
        sheet.write_number_with_format(row, col, value, format)?;
    }
    sheet.write_blank(row, 4, &s.text)?;
    Ok(())
}

/// Sheet "Metrics 2-3": two tables with columns A label, B Total, C
/// Disabled, D Non-disabled, E Unknown. Metric 2: header row 3, rows 4-6,
/// relative likelihood in B7; metric 3: header row 10, rows 11-13, relative
/// likelihood in B14.
fn wdes_metrics_2_3(
    workbook: &mut Workbook,
    workforce: Disability,
    faults: Faults,
    s: &Styles,
) -> Result {
    let sheet = workbook.add_worksheet().set_name("Metrics 2-3")?;
    set_widths(sheet, &[70.0, 10.0, 10.0, 13.0, 10.0])?;
    let injected = faults == Faults::Injected;
    let header = ["", "Total", "Disabled", "Non-disabled", "Unknown"];

    // Metric 2: non-disabled ÷ Disabled.
    sheet.write_string_with_format(
        0,
        0,
        "Metric 2: appointment from shortlisting (financial year 2023/24)",
        &s.title,
    )?;
    table_header(sheet, 2, &header, s)?;
    wdes_counts_row(sheet, 3, "Shortlisted applicants", WDES_SHORTLISTED, s)?;
    wdes_counts_row(sheet, 4, "Appointed from shortlisting", WDES_APPOINTED, s)?;
    wdes_likelihood_row(
        sheet,
        5,
        "Likelihood of appointment from shortlisting",
        (WDES_APPOINTED, WDES_SHORTLISTED),
        (&s.percent, 3),
        s,
    )?;
    let defined = relative_likelihood(
        WDES_APPOINTED.non_disabled,
        WDES_SHORTLISTED.non_disabled,
        WDES_APPOINTED.disabled,
        WDES_SHORTLISTED.disabled,
    );
    let stated = if injected {
        // Fault: the WRES direction copied over, Disabled ÷ non-disabled
        // (0.72 for 1.39).
        relative_likelihood(
            WDES_APPOINTED.disabled,
            WDES_SHORTLISTED.disabled,
            WDES_APPOINTED.non_disabled,
            WDES_SHORTLISTED.non_disabled,
        )
    } else {
        defined
    };
    rl_line(
        sheet,
        6,
        "Relative likelihood of non-disabled applicants being appointed from shortlisting \
         compared to Disabled applicants",
        stated,
        s,
    )?;

    // Metric 3: Disabled ÷ non-disabled.
    sheet.write_string_with_format(
        8,
        0,
        "Metric 3: entry into the formal capability process (financial year 2023/24)",
        &s.title,
    )?;
    table_header(sheet, 9, &header, s)?;
    wdes_counts_row(sheet, 10, "Workforce (headcount)", workforce, s)?;
    wdes_counts_row(
        sheet,
        11,
        "Entering the formal capability process",
        WDES_CAPABILITY,
        s,
    )?;
    wdes_likelihood_row(
        sheet,
        12,
        "Likelihood of entering the formal capability process",
        (WDES_CAPABILITY, workforce),
        (&s.percent_2dp, 4),
        s,
    )?;
    let defined = relative_likelihood(
        WDES_CAPABILITY.disabled,
        workforce.disabled,
        WDES_CAPABILITY.non_disabled,
        workforce.non_disabled,
    );
    let stated = if injected {
        // Fault: a typo, 2.78 for 2.87 (the reciprocal would be 0.35).
        assert_eq!(defined, 2.87);
        2.78
    } else {
        defined
    };
    rl_line(
        sheet,
        13,
        "Relative likelihood of Disabled staff entering the formal capability process \
         compared to non-disabled staff",
        stated,
        s,
    )?;
    Ok(())
}

/// Sheet "Survey 4-9": header row 3 (A metric, B question, C-H Disabled and
/// Non-disabled per year), metrics 4a-8 in rows 4-11; the metric 9a
/// engagement scores in a second table (header row 14, row 15).
fn wdes_survey(workbook: &mut Workbook, s: &Styles) -> Result {
    let sheet = workbook.add_worksheet().set_name("Survey 4-9")?;
    set_widths(sheet, &[12.0, 64.0, 11.0, 13.0, 11.0, 13.0, 11.0, 13.0])?;
    sheet.write_string_with_format(
        0,
        0,
        "Metrics 4 to 9: NHS Staff Survey results (% of respondents)",
        &s.title,
    )?;
    let mut header = vec!["Metric".to_owned(), "Survey question".to_owned()];
    for year in SURVEY_YEARS {
        for group in ["Disabled", "Non-disabled"] {
            header.push(format!("{year} {group}"));
        }
    }
    for (col, label) in (0u16..).zip(&header) {
        sheet.write_string_with_format(2, col, label, &s.header)?;
    }
    for (row, (metric, question, results)) in (3u32..).zip(WDES_SURVEY) {
        sheet.write_string_with_format(row, 0, *metric, &s.text)?;
        sheet.write_string_with_format(row, 1, *question, &s.text)?;
        for (col, value) in (2u16..).zip(results.iter().flatten()) {
            match value {
                Some(v) => sheet.write_number_with_format(row, col, *v, &s.percent)?,
                None => sheet.write_blank(row, col, &s.text)?,
            };
        }
    }

    let title_row = 3 + WDES_SURVEY.len() as u32 + 1;
    sheet.write_string_with_format(
        title_row,
        0,
        "Metric 9a: staff engagement score (0-10)",
        &s.bold,
    )?;
    header[1] = "Measure".to_owned();
    for (col, label) in (0u16..).zip(&header) {
        sheet.write_string_with_format(title_row + 1, col, label, &s.header)?;
    }
    let row = title_row + 2;
    sheet.write_string_with_format(row, 0, "Metric 9a", &s.text)?;
    sheet.write_string_with_format(row, 1, "Staff engagement score (0-10)", &s.text)?;
    for (col, value) in (2u16..).zip(WDES_ENGAGEMENT.iter().flatten()) {
        sheet.write_number_with_format(row, col, *value, &s.points)?;
    }
    Ok(())
}

/// Sheet "Metric 10": header row 3 (A group, B Disabled, C Non-disabled, D
/// Unknown, E Total, F % Disabled, G difference in percentage points), rows
/// 4-7.
fn wdes_metric_10(workbook: &mut Workbook, workforce: Disability, s: &Styles) -> Result {
    let sheet = workbook.add_worksheet().set_name("Metric 10")?;
    set_widths(sheet, &[30.0, 10.0, 13.0, 10.0, 10.0, 12.0, 16.0])?;
    sheet.write_string_with_format(
        0,
        0,
        "Metric 10: board voting membership compared with the overall workforce",
        &s.title,
    )?;
    let header = [
        "Group",
        "Disabled",
        "Non-disabled",
        "Unknown",
        "Total",
        "% Disabled",
        "Difference (percentage points)",
    ];
    table_header(sheet, 2, &header, s)?;
    disability_row(
        sheet,
        3,
        "Overall workforce",
        workforce,
        workforce.total(),
        s,
    )?;
    sheet.write_blank(3, 6, &s.text)?;
    let voting = WDES_EXECUTIVE.add(WDES_NON_EXECUTIVE);
    let board = [
        ("Board voting membership", voting),
        ("Executive", WDES_EXECUTIVE),
        ("Non-executive", WDES_NON_EXECUTIVE),
    ];
    for (row, (label, counts)) in (4u32..).zip(board) {
        disability_row(sheet, row, label, counts, counts.total(), s)?;
        // 100 × D_board / T_board − 100 × D_hc / T_hc, in exact integers.
        let (t_board, t_hc) = (i128::from(counts.total()), i128::from(workforce.total()));
        let num =
            100 * (i128::from(counts.disabled) * t_hc - i128::from(workforce.disabled) * t_board);
        let difference = signed_rounded(num, t_board * t_hc, 1);
        sheet.write_number_with_format(row, 6, difference, &s.points)?;
    }
    Ok(())
}

/// The WDES data workbook; `Faults::Injected` gives the committed sample,
/// `Faults::None` the same workbook with every figure right (the tests lint
/// it to show the arithmetic rules read WDES without false alarms).
#[allow(dead_code)] // unused when a test includes this file only for `write_all`
pub fn wdes_data(path: &Path, faults: Faults) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("WDES data 2024", (2024, 8, 30))?;
    let workforce = wdes_metric_1(&mut workbook, faults, &s)?;
    wdes_metrics_2_3(&mut workbook, workforce, faults, &s)?;
    wdes_survey(&mut workbook, &s)?;
    wdes_metric_10(&mut workbook, workforce, &s)?;
    workbook.save(path)
}

// ---------------------------------------------------------------------------
// 8. template/: a governance template's plans, one kept and one drifted
// ---------------------------------------------------------------------------

/// One action of the template plans: (indicator, action, lead, deadline,
/// measure of success, RAG status).
type TemplateAction = (
    &'static str,
    &'static str,
    &'static str,
    Due,
    &'static str,
    &'static str,
);

/// A plan on the People and Culture Committee's 2024 template: one action
/// per indicator, each measure stating where it starts and where it aims.
const TEMPLATE_ACTIONS: &[TemplateAction] = &[
    (
        "Indicator 1",
        "Publish a career pathway for Bands 5 to 7 with a named sponsor for each BME \
         colleague who applies to the talent pool.",
        "Head of Organisational Development",
        Due::Date(2025, 1, 31),
        "BME staff at Band 8a and above up from 9.8% to 11.0%",
        "Green",
    ),
    (
        "Indicator 2",
        "Add an independent panel member to every interview for a post at Band 7 or above.",
        "Head of Recruitment",
        Due::Text("Q3 2024/25"),
        "Relative likelihood of White applicants being appointed from shortlisting \
         compared to BME applicants down from 1.43 to 1.25",
        "Amber",
    ),
    (
        "Indicator 3",
        "Review every case before it enters the formal disciplinary process with a senior \
         HR adviser who is independent of it.",
        "Head of Employee Relations",
        Due::Text("by 31 December 2024"),
        "Relative likelihood of BME staff entering the formal disciplinary process down \
         from 1.72 to 1.30",
        "Green",
    ),
    (
        "Indicator 4",
        "Advertise every non-mandatory course and CPD fund on one intranet page and report \
         approvals by ethnicity each quarter.",
        "Head of Learning and Development",
        Due::Date(2024, 11, 30),
        "Relative likelihood of White staff accessing non-mandatory training and CPD \
         compared to BME staff down from 1.12 to 1.05",
        "Green",
    ),
    (
        "Indicator 5",
        "Run a campaign against racist abuse from patients and visitors, with guidance \
         for staff on reporting incidents.",
        "Head of Health, Safety and Security",
        Due::Text("March 2025"),
        "BME staff experiencing harassment, bullying or abuse from patients, relatives or \
         the public down from 27.1% to 25.0%",
        "Amber",
    ),
    (
        "Indicator 6",
        "Train Freedom to Speak Up champions to handle concerns about race and publish a \
         summary of the concerns raised.",
        "Freedom to Speak Up Guardian",
        Due::Text("Q4 2024/25"),
        "BME staff experiencing harassment, bullying or abuse from staff down from 25.3% \
         to 23.0%",
        "Red",
    ),
    (
        "Indicator 7",
        "Open a third cohort of reciprocal mentoring for the senior leadership team.",
        "Deputy Director of People",
        Due::Date(2025, 2, 28),
        "BME staff believing the Trust provides equal opportunities for career progression \
         up from 46.2% to 50.0%",
        "Green",
    ),
    (
        "Indicator 8",
        "Give every concern about discrimination a case manager and a response within 20 \
         working days.",
        "Head of Employee Relations",
        Due::Date(2025, 3, 31),
        "BME staff personally experiencing discrimination from a manager or colleague down \
         from 9.1% to 8.0%",
        "Amber",
    ),
    (
        "Indicator 9",
        "Use diverse selection panels for the next two non-executive appointments.",
        "Director of Corporate Affairs",
        Due::Text("by 31 March 2025"),
        "Difference between the BME share of board voting members and of the workforce \
         narrowed from -7.3 to -4.0 percentage points",
        "Green",
    ),
];

/// The template's columns, in its order and words.
const TEMPLATE_HEADERS: [&str; 7] = [
    "Ref",
    "WRES Indicator",
    "Action",
    "Lead",
    "Deadline",
    "Measure of success",
    "RAG",
];

/// Sheet "Action Plan" (title rows 1-2, header row 4, actions from row 5)
/// and sheet "Sign-off". `drifted` makes the three changes a plan picks up
/// when it is edited outside the template: "Lead" renamed "Owner", a
/// "Comments" column added before "RAG", and a RAG cell in free text.
fn template_plan(path: &Path, drifted: bool) -> Result {
    let s = Styles::new();
    let mut workbook = new_workbook("WRES Action Plan 2024-25", (2024, 9, 30))?;
    let sheet = workbook.add_worksheet().set_name("Action Plan")?;
    sheet.write_string_with_format(0, 0, "WRES Action Plan 2024-25", &s.title)?;
    sheet.write_string_with_format(1, 0, "Publication date: 30 September 2024", &s.bold)?;
    let mut headers: Vec<&str> = TEMPLATE_HEADERS.to_vec();
    let mut widths = vec![6.0, 14.0, 52.0, 30.0, 16.0, 48.0, 9.0];
    if drifted {
        // Drift: the owner column renamed, and a column of comments added.
        headers[3] = "Owner";
        headers.insert(6, "Comments");
        widths.insert(6, 30.0);
    }
    set_widths(sheet, &widths)?;
    let header_row = 3;
    for (col, label) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(header_row, col, *label, &s.header)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    for ((row, number), action) in (header_row + 1..).zip(1u32..).zip(TEMPLATE_ACTIONS) {
        let (indicator, text, lead, due, measure, rag) = *action;
        sheet.write_number_with_format(row, 0, number, &s.centre)?;
        write_text(sheet, row, 1, indicator, &s.text)?;
        write_text(sheet, row, 2, text, &s.text)?;
        write_text(sheet, row, 3, lead, &s.text)?;
        write_due(sheet, row, 4, due, &s)?;
        write_text(sheet, row, 5, measure, &s.text)?;
        let mut col = 6;
        if drifted {
            let comment = if number == 6 {
                "Champions recruited; training starts in January"
            } else {
                ""
            };
            write_text(sheet, row, col, comment, &s.text)?;
            col += 1;
        }
        // Drift: a RAG status written as free text.
        let rag = if drifted && number == 6 {
            "On track"
        } else {
            rag
        };
        write_text(sheet, row, col, rag, &s.centre)?;
    }

    let sign_off = workbook.add_worksheet().set_name("Sign-off")?;
    set_widths(sign_off, &[28.0, 40.0])?;
    sign_off.write_string_with_format(0, 0, "Sign-off", &s.title)?;
    let rows = [
        ("Approved by", "People and Culture Committee"),
        ("Approved on", "12 September 2024"),
        (
            "Next review",
            "Quarterly, to the People and Culture Committee",
        ),
    ];
    for (row, (label, value)) in (2u32..).zip(rows) {
        sign_off.write_string_with_format(row, 0, label, &s.bold)?;
        sign_off.write_string_with_format(row, 1, value, &s.text)?;
    }
    workbook.save(path)
}
