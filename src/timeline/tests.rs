//! Table-driven tests of the timeline parser.
//!
//! Each case is an input and the expected expressions, one per `;`, each
//! rendered as `Class(span text) due !issue @cue`:
//! - `due` is the resolved due date, `-` when there is none, or
//!   `from:YYYY-MM-DD` for an open-ended expression with a start;
//! - `!issue` is [`Issue::code`], with `(period)` when the year was taken
//!   from the plan period;
//! - `@cue` is the kind of cue word before the expression.
//!
//! Inputs copy the short deadline phrases of the two reference plans
//! (`shared/reference/`) and add cases written in their style.

use super::*;

/// Plan periods of the tables: the financial year starting in that year.
const FY2018: Option<i32> = Some(2018);
const FY2022: Option<i32> = Some(2022);
const FY2023: Option<i32> = Some(2023);
const NO_PERIOD: Option<i32> = None;

type Case = (&'static str, &'static str);

fn ctx(fy: Option<i32>) -> Context {
    Context {
        period: fy.map(PlanPeriod::financial_year),
    }
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// One line per expression, as described in the module docs.
fn render(text: &str, exprs: &[TimeExpr]) -> String {
    exprs
        .iter()
        .map(|e| render_one(text, e))
        .collect::<Vec<_>>()
        .join("; ")
}

fn render_one(text: &str, e: &TimeExpr) -> String {
    let when = match (e.due, e.start, e.class) {
        (Some(due), _, _) => iso(due),
        (None, Some(start), TimeClass::OpenEnded) => format!("from:{}", iso(start)),
        _ => "-".to_owned(),
    };
    let mut line = format!("{:?}({}) {when}", e.class, e.text(text));
    if let Some(issue) = e.issue {
        let assumed = matches!(
            issue,
            Issue::MissingYear {
                assumed_from_period: true
            } | Issue::DayMonthNoYear {
                assumed_from_period: true
            }
        );
        line.push_str(&format!(
            " !{}{}",
            issue.code(),
            if assumed { "(period)" } else { "" }
        ));
    }
    if let Some(cue) = &e.cue {
        line.push_str(&format!(" @{}", format!("{:?}", cue.kind).to_lowercase()));
    }
    line
}

/// Runs a table and reports every failing case at once.
fn check(fy: Option<i32>, cases: &[(impl AsRef<str>, impl AsRef<str>)]) {
    let ctx = ctx(fy);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let (text, want) = (text.as_ref(), want.as_ref());
            let got = render(text, &parse(text, &ctx));
            (got != want).then(|| format!("  {text:?}\n    want: {want}\n    got:  {got}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The reference plans, phrase by phrase.

#[test]
fn plan_2018_19_numbered_items() {
    let cases: &[Case] = &[
        (
            "Data packs to be completed by 30.09.18 Data pack to be shared, reviewed and actions feedback by 31.12.18",
            "FullDate(30.09.18) 2018-09-30 @deadline; FullDate(31.12.18) 2018-12-31 @deadline",
        ),
        (
            "All Staff Comms Q2 by 30.09 Q3 by 31.12 Q4 by 31.03 Annual contact in Dec 2018 Trust data to improve by 31.03.19",
            "QuarterFy(Q2) 2018-09-30 !missing-year(period); FullDate(30.09) 2018-09-30 !day-month-no-year(period) @deadline; \
             QuarterFy(Q3) 2018-12-31 !missing-year(period); FullDate(31.12) 2018-12-31 !day-month-no-year(period) @deadline; \
             QuarterFy(Q4) 2019-03-31 !missing-year(period); FullDate(31.03) 2019-03-31 !day-month-no-year(period) @deadline; \
             MonthYear(Dec 2018) 2018-12-31 @during; FullDate(31.03.19) 2019-03-31 @deadline",
        ),
        ("Q2 by 30.09", "QuarterFy(Q2) 2018-09-30 !missing-year(period); FullDate(30.09) 2018-09-30 !day-month-no-year(period) @deadline"),
        ("Mentoring to be completed 31.10.018", "Malformed(31.10.018) 2018-10-31 !three-digit-year"),
        ("Analysis of research and report to be completed 31.12.18", "FullDate(31.12.18) 2018-12-31"),
        ("Extension of the project to middle managers / Non-Executive Directors in early 2019.", "YearOnly(2019) 2019-12-31 !year-only"),
        ("Aim for 30 colleagues to attend workshops over 3 cohorts", ""),
        ("1 st Cohort to be commenced by September 2018", "MonthYear(September 2018) 2018-09-30 @deadline"),
        (
            "If feedback is positive then plan for 2nd cohort to commence in December 2018 or January 2019",
            "MonthYear(December 2018) 2018-12-31 @during; MonthYear(January 2019) 2019-01-31",
        ),
        ("Data analysis by 30.11.18 Report feedback by 28.02.19", "FullDate(30.11.18) 2018-11-30 @deadline; FullDate(28.02.19) 2019-02-28 @deadline"),
        ("31.10.18", "FullDate(31.10.18) 2018-10-31"),
        ("31.03.19", "FullDate(31.03.19) 2019-03-31"),
        ("NHFT currently has 5 Cultural Ambassadors who received training in November 2017.", "Historical(November 2017) 2017-11-30 @historical"),
        (
            "CA's to be allocated to cases from 01.04.18 Results to be reviewed throughout the year",
            "OpenEnded(from 01.04.18) from:2018-04-01 @from; Recurring(throughout the year) -",
        ),
        ("Meetings with CA scheduled for every 2 months to discuss issues / project", "Recurring(every 2 months) -"),
        (
            "Meeting with data holders scheduled by Nov 2018 If applicable, revised data recording in place by 31.03.18",
            "MonthYear(Nov 2018) 2018-11-30 @deadline; FullDate(31.03.18) 2018-03-31 @deadline",
        ),
        (
            "Planning to commence in Sept 2018 Sessions to be delivered by 31.03.19",
            "MonthYear(Sept 2018) 2018-09-30 @during; FullDate(31.03.19) 2019-03-31 @deadline",
        ),
        (
            "Workshop design to be completed by Dec 18 Workshops scheduled by 31.03.19",
            "MonthYear(Dec 18) 2018-12-31 !two-digit-year-month @deadline; FullDate(31.03.19) 2019-03-31 @deadline",
        ),
        ("by Dec 18", "MonthYear(Dec 18) 2018-12-31 !two-digit-year-month @deadline"),
        ("by Nov 2018", "MonthYear(Nov 2018) 2018-11-30 @deadline"),
        ("Feedback sessions to commence by 31.12.18", "FullDate(31.12.18) 2018-12-31 @deadline"),
        ("Three BME staff engagement events to be held throughout the year and be facilitated by the Trusts BME Network.", "Recurring(throughout the year) -"),
        (
            "Events will be an opportunity for the BME Network to feedback to colleagues on the 2017 & 2018 action plans",
            "Historical(2017) 2017-12-31 !year-only @reference; Historical(2018) 2018-12-31 !year-only @reference",
        ),
        ("A data pack will be produced reporting the Trusts WRES Data 2018.", "Historical(2018) 2018-12-31 !year-only @reference"),
        ("The Trusts WRES Data 2018 will be shared across the organisation", "Historical(2018) 2018-12-31 !year-only @reference"),
        ("Workforce Race Equality Standard (WRES) Action Plan 2018 – 2019", "YearSpan(2018 – 2019) 2019-03-31"),
        ("The Trust will request colleagues complete the 'personal information' section on ESR self service on a quarterly basis.", "Recurring(on a quarterly basis) -"),
        ("Improve the self-reporting of ethnicity from 91.67% to at least 95% to improve the validity of the WRES data", ""),
        ("Contact staff annually who have not self-reported their ethnicity", "Recurring(annually) -"),
        ("HR to contact staff annually", "Recurring(annually) -"),
        ("Currently information is recorded in ESR and on 2 separate spreadsheets with information held by 3 teams.", ""),
        ("All interviews for posts Band 8a and above will include a BME panel member.", ""),
        ("Increase in representation of BME colleagues in bands 7 and above", ""),
        ("Metric 1, 2 & 7", ""),
        ("Planning to commence in Sept 2018", "MonthYear(Sept 2018) 2018-09-30 @during"),
        ("Sessions to be delivered by 31.03.19", "FullDate(31.03.19) 2019-03-31 @deadline"),
        ("Workshops scheduled by 31.03.19", "FullDate(31.03.19) 2019-03-31 @deadline"),
        ("Extension of the project to middle managers in early 2019", "YearOnly(2019) 2019-12-31 !year-only"),
        // The year a figure is for is not a deadline.
        ("BME staff: 27.3% in 2023.", "Historical(2023) 2023-12-31 !year-only @reference"),
        ("Relative likelihood 1.52 (2023)", "Historical(2023) 2023-12-31 !year-only @reference"),
        // A year the work spans whole is a closed span, not a vague year.
        ("Throughout 2019", "YearOnly(2019) 2019-12-31 @during"),
        ("Across 2024, with a report each quarter", "YearOnly(2024) 2024-12-31 @during; Recurring(each quarter) -"),
        ("Deliver two training sessions for Middle Managers", ""),
    ];
    check(FY2018, cases);
}

#[test]
fn plan_2023_24_indicator_rows() {
    let cases: &[Case] = &[
        (
            "Training will initially commence during Q4 2023/24 and continue thereafter.",
            "QuarterFy(Q4 2023/24) 2024-03-31 @during; OpenEnded(continue thereafter) -",
        ),
        ("during Q4 2023/24", "QuarterFy(Q4 2023/24) 2024-03-31 @during"),
        ("during Q3/Q4 2023/24", "QuarterRange(Q3/Q4 2023/24) 2024-03-31 @during"),
        ("Q3 and Q4 2023/2024", "QuarterRange(Q3 and Q4 2023/2024) 2024-03-31"),
        ("Training will be scheduled on a regular basis and will be promoted in the Trust's regular education bulletin.", "Recurring(on a regular basis) -"),
        ("It is planned that the Culture Dashboard will go live in Q4 2023/24.", "QuarterFy(Q4 2023/24) 2024-03-31 @during"),
        ("The Dashboard will be reviewed at People Group and the EDI steering group on a quarterly basis.", "Recurring(on a quarterly basis) -"),
        ("Audits will commence during Q3 2023/24 as part of a refreshed internal audit process", "QuarterFy(Q3 2023/24) 2023-12-31 @during"),
        ("This training was refreshed in 2022. (Ongoing)", "Historical(2022) 2022-12-31 !year-only @historical; OpenEnded(Ongoing) -"),
        ("refreshed in 2022", "Historical(2022) 2022-12-31 !year-only @historical"),
        ("Publish the Race Equality Scheme as revised in 2008", "Historical(2008) 2008-12-31 !year-only @historical"),
        ("Policy to be revised by March 2025", "MonthYear(March 2025) 2025-03-31 @deadline"),
        (
            "Delivery of recruitment and selection training is business as usual and takes place on a regular basis for new recruiting managers.",
            "OpenEnded(business as usual) -; Recurring(on a regular basis) -",
        ),
        ("The pilot scheme opened in August 2023.", "Historical(August 2023) 2023-08-31 @historical"),
        ("opened in August 2023", "Historical(August 2023) 2023-08-31 @historical"),
        ("Reciprocal mentoring will continue to be delivered across the organisation, twice a year.", "Recurring(twice a year) -"),
        (
            "Appraisal compliance is regularly monitored and reported on a monthly basis as part of the workforce dashboard.",
            "Recurring(regularly) -; Recurring(on a monthly basis) -",
        ),
        ("Lead Investigator role created August 2021, which has now evolved into a Head of ER role.", "Historical(August 2021) 2021-08-31 @historical"),
        ("created August 2021", "Historical(August 2021) 2021-08-31 @historical"),
        ("The Cultural Ambassador programme commenced in this Trust in 2021 and CAs are actively involved in cases.", "Historical(2021) 2021-12-31 !year-only @historical"),
        ("commenced in this Trust in 2021", "Historical(2021) 2021-12-31 !year-only @historical"),
        ("New Policy and related documentation introduced August 2023. KPIs include:", "Historical(August 2023) 2023-08-31 @historical"),
        ("introduced August 2023", "Historical(August 2023) 2023-08-31 @historical"),
        ("documentation introduced", ""),
        (
            "Identify and implement actions in relation to the letter dated 23 June 2023 (Sexual Safety of NHS Staff and Patients)",
            "Historical(23 June 2023) 2023-06-23 @historical",
        ),
        ("the letter dated 23 June 2023", "Historical(23 June 2023) 2023-06-23 @historical"),
        ("Appoint a Domestic Abuse and Violence Lead - August 2023.", "MonthYear(August 2023) 2023-08-31"),
        ("Sign up to the sexual safety charter – September 2023.", "MonthYear(September 2023) 2023-09-30"),
        ("Review policies and support offered to staff who experience issues related to sexual safety – Q4 2023/24.", "QuarterFy(Q4 2023/24) 2024-03-31"),
        ("Create a safe space for colleagues to discuss and tackle matters of sexual safety – Q3 2023/24.", "QuarterFy(Q3 2023/24) 2023-12-31"),
        (
            "Appoint a Domestic Abuse and Violence Lead - August 2023. Sign up to the sexual safety charter – September 2023. \
             Review policies – Q4 2023/24. Create a safe space – Q3 2023/24.",
            "MonthYear(August 2023) 2023-08-31; MonthYear(September 2023) 2023-09-30; QuarterFy(Q4 2023/24) 2024-03-31; QuarterFy(Q3 2023/24) 2023-12-31",
        ),
        (
            "A request has been made to update Datix to include prompts relating to completion of the Supporting Staff Action Plan – Q4 2023/24.",
            "QuarterFy(Q4 2023/24) 2024-03-31",
        ),
        ("New Policy to be ratified Q4 2023/24.", "QuarterFy(Q4 2023/24) 2024-03-31"),
        (
            "(Ongoing – deferred from 2022-23 due to the procurement of a new Datix system).",
            "OpenEnded(Ongoing) -; Historical(2022-23) 2023-03-31 @historical",
        ),
        (
            "Implementation of a new Datix system is expected in Q4 2023/24, however this may carry over into 2024/25.",
            "QuarterFy(Q4 2023/24) 2024-03-31 @during; YearSpan(2024/25) 2025-03-31 @hedge",
        ),
        (
            "Q4 2023/24, however this may carry over into 2024/25",
            "QuarterFy(Q4 2023/24) 2024-03-31; YearSpan(2024/25) 2025-03-31 @hedge",
        ),
        ("The code of conduct is scheduled to be launched during Q3/Q4 2023/24.", "QuarterRange(Q3/Q4 2023/24) 2024-03-31 @during"),
        (
            "The calendar was developed in May 2023, with the first events commencing June 2023, and taking place monthly thereafter.",
            "Historical(May 2023) 2023-05-31 @historical; MonthYear(June 2023) 2023-06-30; Recurring(monthly) -; OpenEnded(thereafter) -",
        ),
        ("The EDI engagement sessions will continue on a monthly basis.", "Recurring(on a monthly basis) -"),
        ("Campaign to launch in Q4 2023/24.", "QuarterFy(Q4 2023/24) 2024-03-31 @during"),
        ("Following the launch of the campaign, it is intended that sessions will continue on a monthly basis.", "Recurring(on a monthly basis) -"),
        ("Revised training programme commenced October 2022. KPIs include:", "Historical(October 2022) 2022-10-31 @historical"),
        ("There will be an ongoing requirement to deliver training to managers.", "OpenEnded(ongoing) -"),
        ("Campaigns take place on a regular basis as part of: - Anti-bullying week", "Recurring(on a regular basis) -"),
        (
            "The Trust's Mediation Service is well established across the organisation with recruitment of additional mentors as and when needed.",
            "OpenEnded(as and when needed) -",
        ),
        ("as and when needed", "OpenEnded(as and when needed) -"),
        ("Extended reporting to commence during Q3 and Q4 2023/2024.", "QuarterRange(Q3 and Q4 2023/2024) 2024-03-31 @during"),
        ("KPIs are reviewed by the KPS Group on a monthly basis", "Recurring(on a monthly basis) -"),
        ("NHS Workforce Race Equality Standard (WRES) Action Plan 2023-24", "YearSpan(2023-24) 2024-03-31"),
        ("Publication Date: October 2023", "Historical(October 2023) 2023-10-31 @historical"),
        ("(Ongoing).", "OpenEnded(Ongoing) -"),
        ("CAs are also invited to attend action learning sets at the RCN to ensure ongoing development of the CA role.", "OpenEnded(ongoing) -"),
        ("Policies are regularly updated to reflect changes in practice", "Recurring(regularly) -"),
        ("The case review process is now well established and takes place on a regular basis.", "Recurring(on a regular basis) -"),
        ("Key points of learning are shared as part of the monthly People Practices report", "Recurring(monthly) -"),
        ("participant feedback to ensure continuous improvement.", ""),
        ("Indicato Equal opportu", ""),
        ("·", ""),
        ("Refreshed training is now in place.", ""),
        ("Additional reporting will commence following the procurement of the new system.", ""),
        ("Baseline 2022 / 23", "YearSpan(2022 / 23) 2023-03-31"),
        ("Target 2023 - 2025", "YearSpan(2023 - 2025) 2025-03-31"),
    ];
    check(FY2023, cases);
}

// ---------------------------------------------------------------------------
// Classes, one table each.

#[test]
fn full_dates() {
    let cases: &[Case] = &[
        ("31.10.18", "FullDate(31.10.18) 2018-10-31"),
        ("31/10/2018", "FullDate(31/10/2018) 2018-10-31"),
        ("31-10-18", "FullDate(31-10-18) 2018-10-31"),
        ("31/10/18", "FullDate(31/10/18) 2018-10-31"),
        ("1.4.24", "FullDate(1.4.24) 2024-04-01"),
        ("01.04.2024", "FullDate(01.04.2024) 2024-04-01"),
        ("12.01.2024", "FullDate(12.01.2024) 2024-01-12"),
        ("05/06/24", "FullDate(05/06/24) 2024-06-05"),
        ("29.02.2024", "FullDate(29.02.2024) 2024-02-29"),
        ("31st March 2024", "FullDate(31st March 2024) 2024-03-31"),
        ("1st April 2024", "FullDate(1st April 2024) 2024-04-01"),
        (
            "1 st September 2018",
            "FullDate(1 st September 2018) 2018-09-01",
        ),
        ("2nd May 2024", "FullDate(2nd May 2024) 2024-05-02"),
        ("3rd June 2024", "FullDate(3rd June 2024) 2024-06-03"),
        ("23 June 2023", "FullDate(23 June 2023) 2023-06-23"),
        ("31 March 2024", "FullDate(31 March 2024) 2024-03-31"),
        ("30 Sept 2024", "FullDate(30 Sept 2024) 2024-09-30"),
        ("30 Sept. 2024", "FullDate(30 Sept. 2024) 2024-09-30"),
        (
            "1st of April 2024",
            "FullDate(1st of April 2024) 2024-04-01",
        ),
        ("31 Mar 24", "FullDate(31 Mar 24) 2024-03-31"),
        ("31 March, 2024", "FullDate(31 March, 2024) 2024-03-31"),
        ("March 31st 2024", "FullDate(March 31st 2024) 2024-03-31"),
        ("March 31, 2024", "FullDate(March 31, 2024) 2024-03-31"),
        ("2024-03-31", "FullDate(2024-03-31) 2024-03-31"),
        ("2023-10-31T00:00:00", "FullDate(2023-10-31) 2023-10-31"),
        ("by 31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        ("By: 31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        ("*by 31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        ("(*by 31.03.24)", "FullDate(31.03.24) 2024-03-31 @deadline"),
        (
            "no later than 31.03.24",
            "FullDate(31.03.24) 2024-03-31 @deadline",
        ),
        ("before 31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        (
            "Deadline: 31.03.24",
            "FullDate(31.03.24) 2024-03-31 @deadline",
        ),
        ("due 31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        ("until 31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        (
            "by the 31st March 2024",
            "FullDate(31st March 2024) 2024-03-31 @deadline",
        ),
        ("by\n31.03.24", "FullDate(31.03.24) 2024-03-31 @deadline"),
        ("on 31.03.24", "FullDate(31.03.24) 2024-03-31"),
        ("w/c 4th March 2024", "FullDate(4th March 2024) 2024-03-04"),
        (
            "Deliver by 30.06.24 and review by 31.12.24",
            "FullDate(30.06.24) 2024-06-30 @deadline; FullDate(31.12.24) 2024-12-31 @deadline",
        ),
        (
            "31st March",
            "FullDate(31st March) 2024-03-31 !day-month-no-year(period)",
        ),
        (
            "1st April",
            "FullDate(1st April) 2023-04-01 !day-month-no-year(period)",
        ),
        (
            "by 30.09",
            "FullDate(30.09) 2023-09-30 !day-month-no-year(period) @deadline",
        ),
        (
            "by 31.03",
            "FullDate(31.03) 2024-03-31 !day-month-no-year(period) @deadline",
        ),
        (
            "31.03",
            "FullDate(31.03) 2024-03-31 !day-month-no-year(period)",
        ),
        (
            "by 10/11",
            "FullDate(10/11) 2023-11-10 !day-month-no-year(period) @deadline",
        ),
        (
            "by 29.02",
            "FullDate(29.02) 2024-02-29 !day-month-no-year(period) @deadline",
        ),
        (
            "1 April 30 staff",
            "FullDate(1 April) 2023-04-01 !day-month-no-year(period)",
        ),
        (
            "by 1st March.",
            "FullDate(1st March) 2024-03-01 !day-month-no-year(period) @deadline",
        ),
        (
            "by 1 Sept.",
            "FullDate(1 Sept.) 2023-09-01 !day-month-no-year(period) @deadline",
        ),
    ];
    check(FY2023, cases);
}

#[test]
fn month_and_year() {
    let cases: &[Case] = &[
        (
            "by March 2024",
            "MonthYear(March 2024) 2024-03-31 @deadline",
        ),
        ("by Sept 2018", "MonthYear(Sept 2018) 2018-09-30 @deadline"),
        ("Sept. 2024", "MonthYear(Sept. 2024) 2024-09-30"),
        ("December, 2023", "MonthYear(December, 2023) 2023-12-31"),
        (
            "Dec 18",
            "MonthYear(Dec 18) 2018-12-31 !two-digit-year-month",
        ),
        (
            "March 24",
            "MonthYear(March 24) 2024-03-31 !two-digit-year-month",
        ),
        ("Dec-18", "MonthYear(Dec-18) 2018-12-31"),
        ("Dec '18", "MonthYear(Dec '18) 2018-12-31"),
        ("Dec ’18", "MonthYear(Dec ’18) 2018-12-31"),
        ("March 2023/24", "MonthYear(March 2023/24) 2024-03-31"),
        ("Dec 2018/19", "MonthYear(Dec 2018/19) 2018-12-31"),
        ("June 2024/25", "MonthYear(June 2024/25) 2024-06-30"),
        (
            "by March",
            "MonthYear(March) 2024-03-31 !missing-year(period) @deadline",
        ),
        (
            "by December",
            "MonthYear(December) 2023-12-31 !missing-year(period) @deadline",
        ),
        (
            "by April",
            "MonthYear(April) 2023-04-30 !missing-year(period) @deadline",
        ),
        (
            "by May",
            "MonthYear(May) 2023-05-31 !missing-year(period) @deadline",
        ),
        (
            "in April",
            "MonthYear(April) 2023-04-30 !missing-year(period) @during",
        ),
        (
            "during January",
            "MonthYear(January) 2024-01-31 !missing-year(period) @during",
        ),
        (
            "end of June",
            "MonthYear(June) 2023-06-30 !missing-year(period) @deadline",
        ),
        (
            "by the end of June",
            "MonthYear(June) 2023-06-30 !missing-year(period) @deadline",
        ),
        (
            "by end March 2024",
            "MonthYear(March 2024) 2024-03-31 @deadline",
        ),
        (
            "no later than end of Sept.",
            "MonthYear(Sept.) 2023-09-30 !missing-year(period) @deadline",
        ),
        (
            "by March.",
            "MonthYear(March) 2024-03-31 !missing-year(period) @deadline",
        ),
        (
            "(*by June 2025)",
            "MonthYear(June 2025) 2025-06-30 @deadline",
        ),
        ("by Feb 2024", "MonthYear(Feb 2024) 2024-02-29 @deadline"),
        ("by Feb 2023", "MonthYear(Feb 2023) 2023-02-28 @deadline"),
        (
            "April – June 2024",
            "MonthYear(April – June 2024) 2024-06-30",
        ),
        (
            "April - June 2024",
            "MonthYear(April - June 2024) 2024-06-30",
        ),
        ("Jan/Feb 2024", "MonthYear(Jan/Feb 2024) 2024-02-29"),
        (
            "November – February 2024",
            "MonthYear(November – February 2024) 2024-02-29",
        ),
        (
            "September to December 2023",
            "MonthYear(September to December 2023) 2023-12-31",
        ),
        (
            "May and June 2024",
            "MonthYear(May and June 2024) 2024-06-30",
        ),
        (
            "April 2023 – March 2024",
            "MonthYear(April 2023 – March 2024) 2024-03-31",
        ),
        (
            "from September to December 2023",
            "MonthYear(September to December 2023) 2023-12-31 @from",
        ),
        ("may 2024", "MonthYear(may 2024) 2024-05-31"),
        (
            "MAY 18",
            "MonthYear(MAY 18) 2018-05-31 !two-digit-year-month",
        ),
        (
            "Sign up – September 2023, then review in Jan 2024",
            "MonthYear(September 2023) 2023-09-30; MonthYear(Jan 2024) 2024-01-31 @during",
        ),
    ];
    check(FY2023, cases);
}

#[test]
fn quarters() {
    let cases: &[Case] = &[
        ("Q1 2023/24", "QuarterFy(Q1 2023/24) 2023-06-30"),
        ("Q2 2023/24", "QuarterFy(Q2 2023/24) 2023-09-30"),
        ("Q3 2023/24", "QuarterFy(Q3 2023/24) 2023-12-31"),
        ("Q4 2023/24", "QuarterFy(Q4 2023/24) 2024-03-31"),
        ("Q4 23/24", "QuarterFy(Q4 23/24) 2024-03-31"),
        ("Q4 2023-24", "QuarterFy(Q4 2023-24) 2024-03-31"),
        ("Q4 2023/2024", "QuarterFy(Q4 2023/2024) 2024-03-31"),
        ("Q4 FY2023/24", "QuarterFy(Q4 FY2023/24) 2024-03-31"),
        ("Q2 of 2024/25", "QuarterFy(Q2 of 2024/25) 2024-09-30"),
        (
            "Quarter 3 2023/24",
            "QuarterFy(Quarter 3 2023/24) 2023-12-31",
        ),
        ("q4 2023/24", "QuarterFy(q4 2023/24) 2024-03-31"),
        ("Q3/Q4 2023/24", "QuarterRange(Q3/Q4 2023/24) 2024-03-31"),
        ("Q3-Q4 2023/24", "QuarterRange(Q3-Q4 2023/24) 2024-03-31"),
        (
            "Q3 - Q4 2023/24",
            "QuarterRange(Q3 - Q4 2023/24) 2024-03-31",
        ),
        (
            "Q3 & Q4 2023/24",
            "QuarterRange(Q3 & Q4 2023/24) 2024-03-31",
        ),
        ("Q3/4 2023/24", "QuarterRange(Q3/4 2023/24) 2024-03-31"),
        (
            "Q1 to Q4 2024/25",
            "QuarterRange(Q1 to Q4 2024/25) 2025-03-31",
        ),
        (
            "Q3-Q4",
            "QuarterRange(Q3-Q4) 2024-03-31 !missing-year(period)",
        ),
        ("Q2", "QuarterFy(Q2) 2023-09-30 !missing-year(period)"),
        (
            "end of Q4",
            "QuarterFy(Q4) 2024-03-31 !missing-year(period) @deadline",
        ),
        (
            "by Q1",
            "QuarterFy(Q1) 2023-06-30 !missing-year(period) @deadline",
        ),
        (
            "Q4 2023",
            "QuarterFy(Q4 2023) 2024-03-31 !calendar-year-quarter",
        ),
        (
            "Q1 2024",
            "QuarterFy(Q1 2024) 2024-06-30 !calendar-year-quarter",
        ),
        (
            "between Q3 2023/24 and Q1 2024/25",
            "QuarterRange(Q3 2023/24 and Q1 2024/25) 2024-06-30",
        ),
        (
            "Q3 2023/24 – Q1 2024/25",
            "QuarterRange(Q3 2023/24 – Q1 2024/25) 2024-06-30",
        ),
        (
            "Q4 2023/24 to Q1 2024/25",
            "QuarterRange(Q4 2023/24 to Q1 2024/25) 2024-06-30",
        ),
        (
            "Q4/Q1 2023/24",
            "Malformed(Q4/Q1 2023/24) - !reversed-range",
        ),
        ("Q5 2023/24", "YearSpan(2023/24) 2024-03-31"),
        ("Q12 results", ""),
        ("FAQ1", ""),
        ("Q&A session", ""),
        (
            "Q4 2023-2025",
            "QuarterFy(Q4) 2024-03-31 !missing-year(period); YearSpan(2023-2025) 2025-03-31",
        ),
    ];
    check(FY2023, cases);
}

#[test]
fn year_spans() {
    let cases: &[Case] = &[
        ("2023/24", "YearSpan(2023/24) 2024-03-31"),
        ("2023-24", "YearSpan(2023-24) 2024-03-31"),
        ("2023/2024", "YearSpan(2023/2024) 2024-03-31"),
        ("2022 / 23", "YearSpan(2022 / 23) 2023-03-31"),
        ("21/22", "YearSpan(21/22) 2022-03-31"),
        ("for 21/22", "YearSpan(21/22) 2022-03-31"),
        ("2018 – 2019", "YearSpan(2018 – 2019) 2019-03-31"),
        ("2018 - 2019", "YearSpan(2018 - 2019) 2019-03-31"),
        ("2018—2019", "YearSpan(2018—2019) 2019-03-31"),
        ("2018–19", "YearSpan(2018–19) 2019-03-31"),
        ("2023 - 2025", "YearSpan(2023 - 2025) 2025-03-31"),
        ("2023-25", "YearSpan(2023-25) 2025-03-31"),
        ("FY23/24", "YearSpan(FY23/24) 2024-03-31"),
        ("FY 23-24", "YearSpan(FY 23-24) 2024-03-31"),
        ("FY 2023/24", "YearSpan(FY 2023/24) 2024-03-31"),
        ("financial year 2024/25", "YearSpan(2024/25) 2025-03-31"),
        ("2099/00", "YearSpan(2099/00) 2100-03-31"),
        ("during 2023/24", "YearSpan(2023/24) 2024-03-31 @during"),
        ("by 2024/25", "YearSpan(2024/25) 2025-03-31 @deadline"),
        (
            "by the end of 2024/25",
            "YearSpan(2024/25) 2025-03-31 @deadline",
        ),
        ("throughout 2023/24", "YearSpan(2023/24) 2024-03-31 @during"),
        ("within 2023/24", "YearSpan(2023/24) 2024-03-31 @during"),
        ("Action Plan 2023-24", "YearSpan(2023-24) 2024-03-31"),
        ("1999-2000", "YearSpan(1999-2000) 2000-03-31"),
        ("2023/99", ""),
        ("2000-2500 staff", ""),
        ("2018/19/20", ""),
        ("12/13", "YearSpan(12/13) 2013-03-31"),
        ("21/23", ""),
        ("3/4 of staff", ""),
        ("24/7 service", ""),
    ];
    check(FY2023, cases);
}

#[test]
fn years_only() {
    let cases: &[Case] = &[
        ("by 2025", "YearOnly(2025) 2025-12-31 !year-only @deadline"),
        ("in 2024", "YearOnly(2024) 2024-12-31 !year-only @during"),
        ("2024", "YearOnly(2024) 2024-12-31 !year-only"),
        ("early 2019", "YearOnly(2019) 2019-12-31 !year-only"),
        ("sex and race 2024, disability 2025", "YearOnly(2024) 2024-12-31 !year-only; YearOnly(2025) 2025-12-31 !year-only"),
        ("1990", "YearOnly(1990) 1990-12-31 !year-only"),
        ("2099", "YearOnly(2099) 2099-12-31 !year-only"),
        ("1989", ""),
        ("2100", ""),
        ("the 1990s", ""),
        ("2019 staff", ""),
        ("2030 colleagues", ""),
        ("£2018", ""),
        ("2018%", ""),
        ("20188", ""),
        ("12345", ""),
        ("n=2019", ""),
        ("2023 to 2025", "YearOnly(2023 to 2025) 2025-12-31 !year-only"),
        ("Staff Survey 2022 results", "Historical(2022) 2022-12-31 !year-only @reference"),
        ("the 2022 staff survey", "Historical(2022) 2022-12-31 !year-only @reference"),
        ("2019 staff survey results", "Historical(2019) 2019-12-31 !year-only @reference"),
        ("WRES Data 2018 and 2019", "Historical(2018) 2018-12-31 !year-only @reference; Historical(2019) 2019-12-31 !year-only @reference"),
        ("the 2022/23 data shows", "Historical(2022/23) 2023-03-31 @reference"),
        // A statute's year names the statute, not a deadline.
        ("champions by 2014, as the Equality Act 2010 requires", "YearOnly(2014) 2014-12-31 !year-only @deadline; Historical(2010) 2010-12-31 !year-only @reference"),
        ("during 2023/24 data collection", "YearSpan(2023/24) 2024-03-31 @during"),
        // The year of an Equality Delivery System publication names it.
        ("the CCG's 2016 EDS2 portfolio (31st January 2017 deadline)", "Historical(2016) 2016-12-31 !year-only @reference; FullDate(31st January 2017) 2017-01-31"),
    ];
    check(FY2023, cases);
}

#[test]
fn recurring() {
    let cases: &[Case] = &[
        ("quarterly", "Recurring(quarterly) -"),
        ("Quarterly", "Recurring(Quarterly) -"),
        ("on a quarterly basis", "Recurring(on a quarterly basis) -"),
        ("every 2 months", "Recurring(every 2 months) -"),
        ("every six months", "Recurring(every six months) -"),
        ("every 3 weeks", "Recurring(every 3 weeks) -"),
        ("every two  months", "Recurring(every two  months) -"),
        ("twice a year", "Recurring(twice a year) -"),
        ("Twice Yearly", "Recurring(Twice Yearly) -"),
        ("bi-monthly", "Recurring(bi-monthly) -"),
        ("bimonthly", "Recurring(bimonthly) -"),
        ("bi monthly", "Recurring(bi monthly) -"),
        ("year on year", "Recurring(year on year) -"),
        ("year-on-year", "Recurring(year-on-year) -"),
        ("Year-on-Year", "Recurring(Year-on-Year) -"),
        ("on a regular basis", "Recurring(on a regular basis) -"),
        ("throughout the year", "Recurring(throughout the year) -"),
        ("weekly", "Recurring(weekly) -"),
        ("fortnightly", "Recurring(fortnightly) -"),
        ("annually", "Recurring(annually) -"),
        ("3 times a year", "Recurring(3 times a year) -"),
        ("every other month", "Recurring(every other month) -"),
        ("six monthly", "Recurring(six monthly) -"),
        ("six-monthly", "Recurring(six-monthly) -"),
        ("bi-annually", "Recurring(bi-annually) -"),
        (
            "monthly thereafter",
            "Recurring(monthly) -; OpenEnded(thereafter) -",
        ),
        (
            "reviewed annually in March",
            "Recurring(annually) -; MonthYear(March) 2024-03-31 !missing-year(period) @during",
        ),
        ("biweekly", ""),
        ("Annual contact", ""),
        ("a regular education bulletin", ""),
    ];
    check(FY2023, cases);
}

#[test]
fn open_ended() {
    let cases: &[Case] = &[
        ("Ongoing", "OpenEnded(Ongoing) -"),
        ("ongoing", "OpenEnded(ongoing) -"),
        ("On-going", "OpenEnded(On-going) -"),
        ("(Ongoing)", "OpenEnded(Ongoing) -"),
        ("on an ongoing basis", "OpenEnded(on an ongoing basis) -"),
        ("as and when needed", "OpenEnded(as and when needed) -"),
        ("as and when required", "OpenEnded(as and when required) -"),
        ("as and when", "OpenEnded(as and when) -"),
        (
            "as per needs of the business",
            "OpenEnded(as per needs of the business) -",
        ),
        (
            "As per the needs of the business",
            "OpenEnded(As per the needs of the business) -",
        ),
        (
            "as further opportunities arise",
            "OpenEnded(as further opportunities arise) -",
        ),
        (
            "as further training needs arise",
            "OpenEnded(as further training needs arise) -",
        ),
        (
            "from April 2024 onwards",
            "OpenEnded(from April 2024 onwards) from:2024-04-01",
        ),
        (
            "from 01.04.18 onwards",
            "OpenEnded(from 01.04.18 onwards) from:2018-04-01",
        ),
        (
            "April 2024 onwards",
            "OpenEnded(April 2024 onwards) from:2024-04-01",
        ),
        (
            "from 01.04.18",
            "OpenEnded(from 01.04.18) from:2018-04-01 @from",
        ),
        (
            "from April 2024",
            "OpenEnded(from April 2024) from:2024-04-01 @from",
        ),
        (
            "from Q4 2023/24",
            "OpenEnded(from Q4 2023/24) from:2024-01-01 @from",
        ),
        (
            "from 2024/25",
            "OpenEnded(from 2024/25) from:2024-04-01 @from",
        ),
        (
            "with effect from 1 April 2024",
            "OpenEnded(with effect from 1 April 2024) from:2024-04-01 @from",
        ),
        (
            "from September",
            "OpenEnded(from September) from:2023-09-01 !missing-year(period) @from",
        ),
        ("continue thereafter", "OpenEnded(continue thereafter) -"),
        ("business as usual", "OpenEnded(business as usual) -"),
        ("BAU", "OpenEnded(BAU) -"),
        ("as required", "OpenEnded(as required) -"),
        ("continuously", "OpenEnded(continuously) -"),
        (
            "from 01.04.23 to 31.03.24",
            "FullDate(01.04.23 to 31.03.24) 2024-03-31 @from",
        ),
        ("continuous improvement", ""),
        ("from the start", ""),
    ];
    check(FY2023, cases);
}

#[test]
fn historical_and_reference() {
    let cases: &[Case] = &[
        ("since 2015", "Historical(2015) 2015-12-31 !year-only @historical"),
        ("as at 31 March 2023", "Historical(31 March 2023) 2023-03-31 @historical"),
        ("as of 31.03.23", "Historical(31.03.23) 2023-03-31 @historical"),
        ("established in 2019", "Historical(2019) 2019-12-31 !year-only @historical"),
        ("launched in April 2023", "Historical(April 2023) 2023-04-30 @historical"),
        ("Launched April 2023; review by April 2024", "Historical(April 2023) 2023-04-30 @historical; MonthYear(April 2024) 2024-04-30 @deadline"),
        ("published 2022", "Historical(2022) 2022-12-31 !year-only @historical"),
        ("started in 2019", "Historical(2019) 2019-12-31 !year-only @historical"),
        ("went live in April 2023", "Historical(April 2023) 2023-04-30 @historical"),
        ("took place in May 2023", "Historical(May 2023) 2023-05-31 @historical"),
        ("Ongoing (started 2019)", "OpenEnded(Ongoing) -; Historical(2019) 2019-12-31 !year-only @historical"),
        ("introduced in 2021 and 2022", "Historical(2021) 2021-12-31 !year-only @historical; Historical(2022) 2022-12-31 !year-only @historical"),
        (
            "The training was introduced in 2021 and 2022, and will be reviewed by March 2024.",
            "Historical(2021) 2021-12-31 !year-only @historical; Historical(2022) 2022-12-31 !year-only @historical; MonthYear(March 2024) 2024-03-31 @deadline",
        ),
        (
            "created in 2021 and will be refreshed in 2024",
            "Historical(2021) 2021-12-31 !year-only @historical; YearOnly(2024) 2024-12-31 !year-only @during",
        ),
        ("To be launched during Q3 2023/24", "QuarterFy(Q3 2023/24) 2023-12-31 @during"),
        ("will be introduced in April 2024", "MonthYear(April 2024) 2024-04-30 @during"),
        ("being introduced May 2024", "MonthYear(May 2024) 2024-05-31"),
        ("is scheduled to be launched during Q3/Q4 2023/24", "QuarterRange(Q3/Q4 2023/24) 2024-03-31 @during"),
        ("to be commenced by September 2018", "MonthYear(September 2018) 2018-09-30 @deadline"),
        ("commenced by September 2018", "MonthYear(September 2018) 2018-09-30 @deadline"),
        ("introduced. Review in 2024", "YearOnly(2024) 2024-12-31 !year-only @during"),
        ("opened to all staff in August 2023", "Historical(August 2023) 2023-08-31 @historical"),
        ("commenced in this Trust and the wider region in 2021", "YearOnly(2021) 2021-12-31 !year-only @during"),
        ("introduced, with a review in 2024", "YearOnly(2024) 2024-12-31 !year-only @during"),
        ("The calendar was developed in May 2023", "Historical(May 2023) 2023-05-31 @historical"),
        ("deferred from 2022-23", "Historical(2022-23) 2023-03-31 @historical"),
        ("the 2017 & 2018 action plans", "Historical(2017) 2017-12-31 !year-only @reference; Historical(2018) 2018-12-31 !year-only @reference"),
        ("the 2023/24 action plan", "Historical(2023/24) 2024-03-31 @reference"),
        ("by 2025 action plans", "YearOnly(2025) 2025-12-31 !year-only @deadline"),
        ("created 31.10.018", "Historical(31.10.018) 2018-10-31 !three-digit-year @historical"),
    ];
    check(FY2023, cases);
}

#[test]
fn malformed() {
    let cases: &[Case] = &[
        (
            "31.10.018",
            "Malformed(31.10.018) 2018-10-31 !three-digit-year",
        ),
        (
            "by 31.10.018",
            "Malformed(31.10.018) 2018-10-31 !three-digit-year @deadline",
        ),
        ("31.10.201", "Malformed(31.10.201) - !three-digit-year"),
        ("Dec 018", "Malformed(Dec 018) 2018-12-31 !three-digit-year"),
        ("31.02.2024", "Malformed(31.02.2024) - !invalid-date"),
        ("29.02.2023", "Malformed(29.02.2023) - !invalid-date"),
        ("31.04.24", "Malformed(31.04.24) - !invalid-date"),
        (
            "31st February 2024",
            "Malformed(31st February 2024) - !invalid-date",
        ),
        ("2023/22", "Malformed(2023/22) - !reversed-range"),
        ("2019-2018", "Malformed(2019-2018) - !reversed-range"),
        (
            "Q4/Q1 2023/24",
            "Malformed(Q4/Q1 2023/24) - !reversed-range",
        ),
        (
            "31.03.24 - 01.04.23",
            "Malformed(31.03.24 - 01.04.23) - !reversed-range",
        ),
        (
            "31.10.018 - 31.12.18",
            "Malformed(31.10.018 - 31.12.18) 2018-12-31 !three-digit-year",
        ),
    ];
    check(FY2023, cases);
    // 29 February does not exist in the year the plan period gives it.
    check(
        FY2022,
        &[("by 29.02", "Malformed(29.02) - !invalid-date @deadline")],
    );
}

#[test]
fn figures_are_not_dates() {
    let cases: &[Case] = &[
        ("91.67%", ""),
        ("from 91.67% to at least 95%", ""),
        ("95%", ""),
        ("30 colleagues", ""),
        ("3 cohorts", ""),
        ("Band 8a", ""),
        ("Bands 7", ""),
        ("2 months", ""),
        ("1.25", ""),
        ("RL 1.25 → 1.12", ""),
        ("reduce the RL from 1.25 to 1.12", ""),
        ("0.80-1.25", ""),
        ("version 1.2.18", ""),
        ("v1.2.18", ""),
        ("section 4.1.20", ""),
        ("page 12.10.2020", ""),
        ("1.2.18.5", ""),
        ("2,018 applicants", ""),
        ("3.5 FTE", ""),
        ("1/2 day", ""),
        ("at 10.30", ""),
        ("10.30am", ""),
        ("12.15 on Friday", ""),
        ("Indicator 3", ""),
        ("WRES 2", ""),
        ("Dec 18 colleagues", ""),
        ("by Dec 18 colleagues", ""),
        ("30.09", "FullDate(30.09) 2023-09-30 !day-month-no-year(period)"),
        ("Q2 30.09 Q3", "QuarterFy(Q2) 2023-09-30 !missing-year(period); QuarterFy(Q3) 2023-12-31 !missing-year(period)"),
        ("by 1.10", ""),
        ("the May deadline", ""),
        ("this may carry over", ""),
        ("March on", ""),
        ("Juneteenth; Marching; Decision; Augment; Mayor; Janet", ""),
        ("31.10.18a", ""),
        ("31.10/18", ""),
        ("", ""),
        ("   ", ""),
    ];
    check(FY2023, cases);
}

#[test]
fn missing_years_without_a_period() {
    let cases: &[Case] = &[
        ("by March", "MonthYear(March) - !missing-year @deadline"),
        ("Q2", "QuarterFy(Q2) - !missing-year"),
        ("Q3-Q4", "QuarterRange(Q3-Q4) - !missing-year"),
        ("by 30.09", "FullDate(30.09) - !day-month-no-year @deadline"),
        ("1st April", "FullDate(1st April) - !day-month-no-year"),
        (
            "by Dec 18",
            "MonthYear(Dec 18) 2018-12-31 !two-digit-year-month @deadline",
        ),
        (
            "from September",
            "OpenEnded(from September) - !missing-year @from",
        ),
        ("Q4 2023/24", "QuarterFy(Q4 2023/24) 2024-03-31"),
    ];
    check(NO_PERIOD, cases);
}

#[test]
fn missing_years_in_a_two_year_period() {
    let two_years = Context {
        period: PlanPeriod::financial_years(2023, 2025),
    };
    for (text, want) in [
        (
            "by March",
            "MonthYear(March) 2024-03-31 !missing-year(period) @deadline",
        ),
        (
            "by December",
            "MonthYear(December) 2023-12-31 !missing-year(period) @deadline",
        ),
        ("Q4", "QuarterFy(Q4) 2024-03-31 !missing-year(period)"),
    ] {
        assert_eq!(render(text, &parse(text, &two_years)), want, "{text}");
    }
}

#[test]
fn text_around_dates() {
    let cases: &[Case] = &[
        (
            "by\u{a0}31.03.24",
            "FullDate(31.03.24) 2024-03-31 @deadline",
        ),
        ("Q4\u{a0}2023/24", "QuarterFy(Q4\u{a0}2023/24) 2024-03-31"),
        ("2018\u{2013}2019", "YearSpan(2018\u{2013}2019) 2019-03-31"),
        (
            "by 31.03.24 😀 Q4 2023/24",
            "FullDate(31.03.24) 2024-03-31 @deadline; QuarterFy(Q4 2023/24) 2024-03-31",
        ),
        ("Über 2023/24 ✓", "YearSpan(2023/24) 2024-03-31"),
        (
            "by 31.03.24\r\nQ4 2023/24",
            "FullDate(31.03.24) 2024-03-31 @deadline; QuarterFy(Q4 2023/24) 2024-03-31",
        ),
        (
            "•\tby March 2024",
            "MonthYear(March 2024) 2024-03-31 @deadline",
        ),
        (
            "a. Pilot by June 2024 b. Roll out by Q4 2024/25",
            "MonthYear(June 2024) 2024-06-30 @deadline; QuarterFy(Q4 2024/25) 2025-03-31 @deadline",
        ),
        ("(Q4 2023/24)", "QuarterFy(Q4 2023/24) 2024-03-31"),
        ("[31.03.24]", "FullDate(31.03.24) 2024-03-31"),
        ("31.03.24.", "FullDate(31.03.24) 2024-03-31"),
        ("31.03.24,", "FullDate(31.03.24) 2024-03-31"),
        (
            "01.04.23-31.03.24",
            "FullDate(01.04.23-31.03.24) 2024-03-31",
        ),
        (
            "01.04.23 – 31.03.24",
            "FullDate(01.04.23 – 31.03.24) 2024-03-31",
        ),
        (
            "between 01.04.23 and 31.03.24",
            "FullDate(01.04.23 and 31.03.24) 2024-03-31",
        ),
        (
            "01.04.23 and 31.03.24",
            "FullDate(01.04.23) 2023-04-01; FullDate(31.03.24) 2024-03-31",
        ),
    ];
    check(FY2023, cases);
}

// ---------------------------------------------------------------------------
// Generated tables: every month spelling, every quarter form, every phrase
// of the vocabulary.

#[test]
fn every_month_spelling() {
    let mut cases: Vec<(String, String)> = Vec::new();
    for (month, names) in (1u8..).zip(&Vocabulary::builtin().months) {
        let end_2024 = iso(Date::end_of_month(2024, month).unwrap());
        // In the plan period 2023/24, January–March fall in 2024.
        let in_period = if month >= 4 { 2023 } else { 2024 };
        let end_in_period = iso(Date::end_of_month(in_period, month).unwrap());
        for name in names {
            cases.push((
                format!("by {name} 2024"),
                format!("MonthYear({name} 2024) {end_2024} @deadline"),
            ));
            cases.push((
                format!("1 {name} 2024"),
                format!("FullDate(1 {name} 2024) 2024-{month:02}-01"),
            ));
            cases.push((
                format!("{name} 2023/24"),
                format!("MonthYear({name} 2023/24) {end_in_period}"),
            ));
            cases.push((
                format!("by {name}"),
                format!("MonthYear({name}) {end_in_period} !missing-year(period) @deadline"),
            ));
        }
    }
    assert!(cases.len() >= 88);
    check(FY2023, &cases);
}

#[test]
fn every_quarter_form() {
    const DUE: [&str; 4] = ["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"];
    let mut cases: Vec<(String, String)> = Vec::new();
    for fy in [
        "2023/24",
        "2023-24",
        "2023/2024",
        "23/24",
        "FY 2023/24",
        "2023 / 24",
    ] {
        for q in 1..=4 {
            let text = format!("Q{q} {fy}");
            cases.push((text.clone(), format!("QuarterFy({text}) {}", DUE[q - 1])));
        }
        for sep in ["/", "-", " and ", " & ", " to ", "/Q", " – Q"] {
            for (a, b) in [(1, 2), (2, 4), (3, 4)] {
                let text = format!("Q{a}{sep}{b} {fy}");
                cases.push((text.clone(), format!("QuarterRange({text}) {}", DUE[b - 1])));
            }
        }
    }
    check(FY2023, &cases);
}

#[test]
fn every_vocabulary_phrase_is_recognised() {
    let v = Vocabulary::builtin();
    let example = |phrase: &str| {
        phrase
            .replace("<number>", "2")
            .replace("<words>", "new needs")
    };
    let mut cases: Vec<(String, String)> = Vec::new();
    for phrase in &v.recurring {
        let text = example(phrase);
        cases.push((text.clone(), format!("Recurring({text}) -")));
    }
    for phrase in &v.open_ended {
        let text = example(phrase);
        cases.push((text.clone(), format!("OpenEnded({text}) -")));
    }
    check(FY2023, &cases);
}

#[test]
fn every_deadline_cue_makes_a_deadline() {
    let v = Vocabulary::builtin();
    let cases: Vec<(String, String)> = v
        .deadline_cues
        .iter()
        .map(|cue| {
            (
                format!("{cue} 31.03.24"),
                "FullDate(31.03.24) 2024-03-31 @deadline".to_owned(),
            )
        })
        .collect();
    check(FY2023, &cases);
}

#[test]
fn every_historical_trigger_makes_history() {
    let v = Vocabulary::builtin();
    let cases: Vec<(String, String)> = v
        .historical_triggers
        .iter()
        .map(|t| {
            (
                format!("{t} August 2021"),
                "Historical(August 2021) 2021-08-31 @historical".to_owned(),
            )
        })
        .collect();
    check(FY2023, &cases);
    // ... and a future word before it undoes that.
    let cases: Vec<(String, String)> = ["introduced", "launched", "refreshed"]
        .iter()
        .map(|t| {
            (
                format!("to be {t} August 2024"),
                "MonthYear(August 2024) 2024-08-31".to_owned(),
            )
        })
        .collect();
    check(FY2023, &cases);
}

// ---------------------------------------------------------------------------
// The rest of the API.

#[test]
fn deadlines() {
    let ctx = ctx(FY2023);
    let deadline = |text: &str| {
        parse(text, &ctx)
            .iter()
            .map(TimeExpr::is_deadline)
            .collect::<Vec<_>>()
    };
    assert_eq!(deadline("by 31.03.24"), [true]);
    assert_eq!(deadline("by March"), [true]);
    assert_eq!(deadline("31.10.018"), [true]);
    assert_eq!(deadline("introduced August 2023"), [false]);
    assert_eq!(
        deadline("quarterly; ongoing; from 01.04.18"),
        [false, false, false]
    );
    assert_eq!(deadline("31.02.2024"), [false]);
    assert_eq!(
        deadline("Q4 2023/24, however this may carry over into 2024/25"),
        [true, true]
    );
    assert!(parse("by March", &Context::default())
        .iter()
        .all(|e| !e.is_deadline()));
    let hedged: Vec<bool> = parse("Q4 2023/24, however this may carry over into 2024/25", &ctx)
        .iter()
        .map(TimeExpr::is_hedged)
        .collect();
    assert_eq!(hedged, [false, true]);
}

#[test]
fn descriptions() {
    let cases: &[(Option<i32>, &str, &str)] = &[
        (FY2023, "by March", "read `by March` as 31 March 2024 from the plan period 2023/24"),
        (NO_PERIOD, "by March", "`by March` has no year, and no plan period is known to supply one"),
        (FY2018, "Q2", "read `Q2` from the plan period 2018/19 as July – September 2018, due 30 September 2018"),
        (FY2018, "by 30.09", "read `by 30.09` as 30 September 2018 from the plan period 2018/19"),
        (FY2018, "31.10.018", "`31.10.018` has a 3-digit year; read as 31 October 2018"),
        (FY2018, "31.10.201", "`31.10.201` has a 3-digit year that cannot be read"),
        (
            FY2018,
            "by Dec 18",
            "read `by Dec 18` as December 2018 (due 31 December 2018); it could also mean 18 December",
        ),
        (FY2023, "by 2025", "`by 2025` names only a year; read as due 31 December 2025"),
        (FY2023, "31.02.2024", "`31.02.2024` is not a date in the calendar"),
        (FY2023, "2023/22", "`2023/22` ends before it starts"),
        (
            FY2023,
            "Q4 2023",
            "`Q4 2023` gives a calendar year, not a financial year: read in 2023/24 as January – March 2024, due 31 March 2024",
        ),
        (FY2023, "by 30.09.18", "`by 30.09.18` is 30 September 2018"),
        (FY2023, "Nov 2018", "`Nov 2018` is November 2018 (due 30 November 2018)"),
        (FY2023, "during Q4 2023/24", "`during Q4 2023/24` is January – March 2024, due 31 March 2024"),
        (FY2023, "Q3/Q4 2023/24", "`Q3/Q4 2023/24` is October 2023 – March 2024, due 31 March 2024"),
        (FY2023, "2023/24", "`2023/24` is the financial year 1 April 2023 – 31 March 2024"),
        (FY2023, "2023 - 2025", "`2023 - 2025` spans the financial years 1 April 2023 – 31 March 2025"),
        (FY2023, "twice a year", "`twice a year` is recurring and sets no completion date"),
        (FY2023, "Ongoing", "`Ongoing` is open-ended and sets no completion date"),
        (
            FY2023,
            "from 01.04.18",
            "`from 01.04.18` is open-ended from 1 April 2018 and sets no completion date",
        ),
        (FY2023, "introduced August 2023", "`August 2023` follows `introduced`: a past date, not a deadline"),
        (FY2023, "refreshed in 2022", "`2022` follows `refreshed`: a past date, not a deadline"),
        (
            FY2023,
            "WRES Data 2018",
            "`2018` names a data set or document (`WRES Data`), not a deadline",
        ),
        (FY2023, "01.04.23 – 31.03.24", "`01.04.23 – 31.03.24` is 1 April 2023 – 31 March 2024"),
    ];
    for (fy, text, want) in cases {
        let ctx = ctx(*fy);
        let first = parse(text, &ctx)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing in {text:?}"));
        assert_eq!(first.describe(text, &ctx), *want, "{text}");
    }
    let ctx = ctx(FY2023);
    let text = "Q4 2023/24, however this may carry over into 2024/25";
    let hedge = &parse(text, &ctx)[1];
    assert_eq!(
        hedge.describe(text, &ctx),
        "`2024/25` is the financial year 1 April 2024 – 31 March 2025; hedged by `may carry over into`"
    );
    let cell = from_date_cell(Date::new(2024, 3, 31).unwrap());
    assert_eq!(cell.describe("", &ctx), "`(date cell)` is 31 March 2024");
}

#[test]
fn periods_are_found_in_titles() {
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        (
            "NHS Workforce Race Equality Standard (WRES) Action Plan 2023-24",
            Some(("2023/24", "2023-24")),
        ),
        (
            "Workforce Race Equality Standard (WRES) Action Plan 2018 – 2019",
            Some(("2018/19", "2018 – 2019")),
        ),
        ("WRES action plan for 21/22", Some(("2021/22", "21/22"))),
        (
            "Targets 2023 - 2025",
            Some(("2023/24–2024/25", "2023 - 2025")),
        ),
        ("Action Plan 2023/2024", Some(("2023/24", "2023/2024"))),
        (
            "Plan FY23/24 (published October 2023)",
            Some(("2023/24", "FY23/24")),
        ),
        (
            "Published 31.10.2023, plan 2023/24",
            Some(("2023/24", "2023/24")),
        ),
        ("Baseline 2022 / 23", Some(("2022/23", "2022 / 23"))),
        ("2023/22 then 2024/25", Some(("2024/25", "2024/25"))),
        (
            "Action plan: April 2023 – March 2024",
            Some(("2023/24", "April 2023 – March 2024")),
        ),
        (
            "Covering Apr 2024 to Mar 2026",
            Some(("2024/25–2025/26", "Apr 2024 to Mar 2026")),
        ),
        (
            "Plan for January 2024 - December 2024",
            Some((
                "1 January 2024 – 31 December 2024",
                "January 2024 - December 2024",
            )),
        ),
        (
            "Plan 2023/24, reviewed April 2024 – June 2024",
            Some(("2023/24", "2023/24")),
        ),
        // Backwards, shorter than six months or longer than five years: not a
        // plan period.
        ("March 2024 – April 2023", None),
        ("Consultation April 2024 – June 2024", None),
        ("April 2020 – March 2030", None),
        ("WRES Action Plan 2023", None),
        // Years joined by "to" in a title (Walsall's equality objectives).
        (
            "Equality objectives 2019 to 2022",
            Some(("2019/20–2021/22", "2019 to 2022")),
        ),
        // Two years in a row joined by "and" (NHS England's objectives).
        (
            "Equality objectives for 2024/25 and 2025/26",
            Some(("2024/25–2025/26", "2024/25 and 2025/26")),
        ),
        (
            "Plans for 2022/23 and 2024/25",
            Some(("2022/23", "2022/23")),
        ),
        ("Action Plan", None),
        ("", None),
    ];
    for (text, want) in cases {
        let got = find_period(text).map(|(period, span)| (period.label(), &text[span]));
        let want = want.map(|(label, span)| (label.to_owned(), span));
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn plan_periods() {
    let fy = PlanPeriod::financial_year(2023);
    assert_eq!(
        (fy.start.to_string(), fy.end.to_string()),
        ("1 April 2023".into(), "31 March 2024".into())
    );
    assert_eq!(fy.label(), "2023/24");
    assert_eq!(PlanPeriod::financial_year(1999).label(), "1999/00");
    assert!(fy.contains(Date::new(2023, 4, 1).unwrap()));
    assert!(fy.contains(Date::new(2024, 3, 31).unwrap()));
    assert!(!fy.contains(Date::new(2024, 4, 1).unwrap()));
    assert!(!fy.contains(Date::new(2023, 3, 31).unwrap()));
    let two = PlanPeriod::financial_years(2023, 2025).unwrap();
    assert_eq!(two.label(), "2023/24–2024/25");
    assert_eq!(PlanPeriod::financial_years(2023, 2023), None);
    let calendar = PlanPeriod {
        start: Date::new(2024, 1, 1).unwrap(),
        end: Date::new(2024, 12, 31).unwrap(),
    };
    assert_eq!(calendar.label(), "1 January 2024 – 31 December 2024");
}

#[test]
fn date_cells() {
    let d = Date::new(2024, 3, 31).unwrap();
    let e = from_date_cell(d);
    assert_eq!(
        (e.span.clone(), e.class, e.start, e.due, e.issue),
        (0..0, TimeClass::FullDate, Some(d), Some(d), None)
    );
    assert!(e.is_deadline());
    assert_eq!(e.text("anything"), "");
}

#[test]
fn labels_and_codes_are_distinct() {
    use std::collections::HashSet;
    let classes = [
        TimeClass::FullDate,
        TimeClass::MonthYear,
        TimeClass::QuarterFy,
        TimeClass::QuarterRange,
        TimeClass::YearSpan,
        TimeClass::YearOnly,
        TimeClass::Recurring,
        TimeClass::OpenEnded,
        TimeClass::Historical,
        TimeClass::Malformed,
    ];
    assert_eq!(
        classes
            .iter()
            .map(|c| c.label())
            .collect::<HashSet<_>>()
            .len(),
        classes.len()
    );
    let issues = [
        Issue::ThreeDigitYear,
        Issue::MissingYear {
            assumed_from_period: true,
        },
        Issue::TwoDigitYearMonth,
        Issue::DayMonthNoYear {
            assumed_from_period: true,
        },
        Issue::YearOnly,
        Issue::InvalidDate,
        Issue::ReversedRange,
        Issue::CalendarYearQuarter,
    ];
    assert_eq!(
        issues
            .iter()
            .map(|i| i.code())
            .collect::<HashSet<_>>()
            .len(),
        issues.len()
    );
}

// ---------------------------------------------------------------------------
// Properties: never panic, spans well-formed, whatever the text.

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Spans on char boundaries inside the text, non-empty, in order and
    /// not overlapping; dates consistent; descriptions never panic.
    fn assert_well_formed(text: &str, ctx: &Context) {
        let exprs = parse(text, ctx);
        let mut end = 0;
        for e in &exprs {
            assert!(
                e.span.start >= end,
                "overlap or disorder at {:?} in {text:?}",
                e.span
            );
            assert!(
                e.span.start < e.span.end && e.span.end <= text.len(),
                "{:?} in {text:?}",
                e.span
            );
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            if let Some(cue) = &e.cue {
                assert!(
                    text.get(cue.span.clone()).is_some(),
                    "cue {:?} in {text:?}",
                    cue.span
                );
            }
            if let (Some(start), Some(due)) = (e.start, e.due) {
                assert!(start <= due, "{e:?} in {text:?}");
            }
            assert!(!e.is_deadline() || e.due.is_some());
            let _ = e.describe(text, ctx);
            end = e.span.end;
        }
        if let Some((_, span)) = find_period(text) {
            assert!(text.get(span).is_some());
        }
    }

    fn contexts() -> impl Strategy<Value = Context> {
        prop_oneof![
            Just(Context::default()),
            (1990i32..2100).prop_map(|y| Context {
                period: Some(PlanPeriod::financial_year(y))
            }),
            Just(Context {
                period: PlanPeriod::financial_years(2023, 2025)
            }),
        ]
    }

    /// Text made of the pieces dates are made of, so the parser's paths get
    /// exercised, not just its rejections.
    fn date_soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("by "),
            Just("during "),
            Just("from "),
            Just("introduced "),
            Just("to be "),
            Just("Q"),
            Just("Q4 "),
            Just("/"),
            Just("-"),
            Just("–"),
            Just("."),
            Just(" "),
            Just("20"),
            Just("23"),
            Just("24"),
            Just("018"),
            Just("31"),
            Just("1 st "),
            Just("March "),
            Just("Sept. "),
            Just("may "),
            Just("onwards"),
            Just("ongoing"),
            Just("every 2 months"),
            Just("as further "),
            Just("arise"),
            Just(", however this may carry over into "),
            Just("between "),
            Just(" and "),
            Just("é"),
            Just("😀"),
            Just("\u{a0}"),
            Just("%"),
            Just("data "),
            Just("staff"),
            Just("FY"),
            Just("Quarter "),
            Just("T"),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_unicode_never_panics(text in "\\PC*", ctx in contexts()) {
            assert_well_formed(&text, &ctx);
        }

        #[test]
        fn arbitrary_strings_never_panic(text in any::<String>(), ctx in contexts()) {
            assert_well_formed(&text, &ctx);
        }

        #[test]
        fn date_like_text_is_well_formed(text in date_soup(), ctx in contexts()) {
            assert_well_formed(&text, &ctx);
        }

        #[test]
        fn dates_and_figures_in_any_order(text in "[0-9./\\- –QqFYbyinMarchSepto&%:*()\n]{0,60}", ctx in contexts()) {
            assert_well_formed(&text, &ctx);
        }

        /// A full date written day-first is always read day-first.
        #[test]
        fn numeric_dates_are_day_first(day in 1u8..=28, month in 1u8..=12, year in 2000i32..2100, sep in "[./-]") {
            let text = format!("by {day:02}{sep}{month:02}{sep}{year}");
            let exprs = parse(&text, &Context::default());
            prop_assert_eq!(exprs.len(), 1);
            prop_assert_eq!(exprs[0].due, Date::new(year, month, day));
        }
    }
}
