//! Which workbooks belong together: a plan and its data (one workbook that
//! holds both, `--data`, `pairs:` in `.wreslint.yaml`, or the same folder
//! and year), and last year's data and plan (`--previous`, `pairs:`, or the
//! same folder, one year earlier). Each pairing says why it was made.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::facts::Facts;

/// One linted file, as pairing sees it.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub path: &'a Path,
    /// `None` when the file could not be read.
    pub facts: Option<&'a Facts>,
}

/// What the user asked for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `--data FILE`: this year's data for every plan checked.
    pub data: Option<PathBuf>,
    /// `--previous FILE`: last year's data or plan (told apart by content).
    pub previous: Vec<PathBuf>,
    /// `pairs:` entries, with paths resolved.
    pub pairs: Vec<Entry>,
    /// Pair files of the same folder by year (off with `--no-pair`).
    pub by_folder: bool,
    /// `--pair`: every plan should find its data; say when one does not.
    pub required: bool,
}

impl Request {
    /// Every file the request names for pairing, with whether it is this
    /// year's data (`--data`, reported like any file named) rather than a
    /// file read for its figures only (last year's, or named by `pairs:`).
    pub fn named_files(&self) -> impl Iterator<Item = (&PathBuf, bool)> {
        self.data
            .iter()
            .map(|p| (p, true))
            .chain(self.previous.iter().map(|p| (p, false)))
            .chain(self.pairs.iter().flat_map(|e| {
                [&e.data, &e.previous_data, &e.previous_plan]
                    .into_iter()
                    .flatten()
                    .map(|p| (p, false))
            }))
    }
}

/// One `pairs:` entry of a configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub plan: PathBuf,
    pub data: Option<PathBuf>,
    pub previous_data: Option<PathBuf>,
    pub previous_plan: Option<PathBuf>,
}

/// The files paired with one file, by index into the candidates, each with
/// the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairing {
    pub data: Option<(usize, String)>,
    pub previous_data: Option<(usize, String)>,
    pub previous_plan: Option<(usize, String)>,
    /// Pairing was asked for this file and no data were found.
    pub unpaired: bool,
}

impl Pairing {
    pub fn is_empty(&self) -> bool {
        self.data.is_none() && self.previous_data.is_none() && self.previous_plan.is_none()
    }
}

/// Pair every candidate.
pub fn pair(files: &[Candidate<'_>], request: &Request) -> Vec<Pairing> {
    let paths = Paths::new(files.iter().map(|f| f.path));
    let plans = Paths::new(request.pairs.iter().map(|e| e.plan.as_path()));
    let index_of = |path: &Path| paths.position(path);
    let folders = Folders::new(files);
    let facts = |i: usize| files[i].facts;
    let explicit_data = request.data.as_deref().and_then(index_of);
    let previous: Vec<usize> = request
        .previous
        .iter()
        .filter_map(|p| index_of(p))
        .collect();
    let named_previous = |i: usize| previous.contains(&i);
    files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let mut pairing = Pairing::default();
            let Some(this) = file.facts else {
                return pairing;
            };
            if named_previous(i) {
                return pairing;
            }
            let entry = (0..request.pairs.len())
                .find(|&e| plans.same(e, &paths, i))
                .map(|e| &request.pairs[e]);
            let entry_index = |p: &Option<PathBuf>| p.as_deref().and_then(index_of);
            // This year's data.
            if this.is_plan() {
                if let Some(d) = entry.and_then(|e| entry_index(&e.data)) {
                    pairing.data = Some((d, "pairs: in .wreslint.yaml".into()));
                } else if let Some(d) = explicit_data.filter(|&d| d != i) {
                    pairing.data = Some((d, "--data".into()));
                } else if this.is_data() {
                    pairing.data = Some((i, "same workbook".into()));
                } else if request.by_folder {
                    // One to one: a folder holding two plans of the year, or
                    // another plan whose year is unknown (a governance
                    // team's folder of several trusts), pairs neither with
                    // the one data workbook.
                    let plans_of_year = folders
                        .of(i)
                        .iter()
                        .filter(|&&j| {
                            files[j].facts.is_some_and(|f| {
                                f.is_plan()
                                    && (f.year == this.year || f.year.is_none())
                                    && f.standard == this.standard
                            })
                        })
                        .count();
                    if plans_of_year <= 1 {
                        pairing.data = in_folder(
                            files,
                            folders.of(i),
                            i,
                            |_, f| f.is_data() && !f.is_plan() && f.standard == this.standard,
                            this.year,
                            "data",
                        );
                    }
                }
            }
            // Last year's data and plan. Found in the folder, last year's file
            // is named as this year's of its kind but for the year
            // ("wres-data-2023" → "wres-data-2022"): a folder of many trusts'
            // files of two years pairs nothing.
            let this_years = |want_plan: bool| -> Option<&Path> {
                if want_plan || this.is_data() {
                    Some(file.path)
                } else {
                    pairing.data.as_ref().map(|(d, _)| files[*d].path)
                }
            };
            let previous_of = |want_plan: bool| -> Option<(usize, String)> {
                let from_entry = entry.and_then(|e| {
                    entry_index(if want_plan {
                        &e.previous_plan
                    } else {
                        &e.previous_data
                    })
                });
                if let Some(p) = from_entry {
                    return Some((p, "pairs: in .wreslint.yaml".into()));
                }
                let named = previous.iter().copied().find(|&p| {
                    facts(p).is_some_and(|f| if want_plan { f.is_plan() } else { f.is_data() })
                });
                if let Some(p) = named {
                    return Some((p, "--previous".into()));
                }
                let year = this.year?.checked_sub(1);
                if !request.by_folder || year.is_none() {
                    return None;
                }
                in_folder(
                    files,
                    folders.of(i),
                    i,
                    |j, f| {
                        f.standard == this.standard
                            && if want_plan { f.is_plan() } else { f.is_data() }
                            && this_years(want_plan).is_some_and(|now| {
                                name_without_years(files[j].path) == name_without_years(now)
                            })
                    },
                    year,
                    if want_plan {
                        "previous plan"
                    } else {
                        "previous data"
                    },
                )
                .filter(|(_, reason)| reason.starts_with("same folder"))
            };
            if this.is_data() || pairing.data.is_some() {
                pairing.previous_data = previous_of(false);
            }
            if this.is_plan() {
                pairing.previous_plan = previous_of(true);
            }
            pairing.unpaired =
                this.is_plan() && pairing.data.is_none() && (request.required || entry.is_some());
            pairing
        })
        .collect()
}

/// The one file of `i`'s folder (`here`, the indices of the files in it)
/// that `fits` and is of `year`; else, when the year cannot decide, the
/// only file of the folder that fits.
fn in_folder(
    files: &[Candidate<'_>],
    here: &[usize],
    i: usize,
    fits: impl Fn(usize, &Facts) -> bool,
    year: Option<u16>,
    what: &str,
) -> Option<(usize, String)> {
    let others: Vec<usize> = here
        .iter()
        .copied()
        .filter(|&j| j != i && files[j].facts.is_some_and(|x| fits(j, x)))
        .collect();
    if let Some(year) = year {
        let same: Vec<usize> = others
            .iter()
            .copied()
            .filter(|&j| files[j].facts.and_then(|f| f.year) == Some(year))
            .collect();
        if let [one] = same.as_slice() {
            return Some((*one, format!("same folder and year ({year})")));
        }
        if !same.is_empty() {
            return None;
        }
    }
    // Years unknown on one side: only a folder of one plan and one such file.
    let plans_here = here
        .iter()
        .filter(|&&j| files[j].facts.is_some_and(Facts::is_plan))
        .count();
    match others.as_slice() {
        [one]
            if plans_here == 1
                && (year.is_none() || files[*one].facts.and_then(|f| f.year).is_none()) =>
        {
            Some((*one, format!("the only {what} workbook in the folder")))
        }
        _ => None,
    }
}

/// A file name's letters, lower-cased, without digits or separators:
/// "WRES plan 2023-24.xlsx" and "wres_plan_2022_23.xlsx" are alike.
fn name_without_years(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The files of each folder, grouped once: finding a file's neighbours
/// by comparing every pair of paths' parents took longer, on a folder of
/// 100 plan-and-data pairs, than the cross-checks themselves.
struct Folders {
    /// The indices of the files of each folder, in the candidates' order.
    members: Vec<Vec<usize>>,
    /// Each candidate's folder, by index into `members`.
    folder: Vec<usize>,
}

impl Folders {
    fn new(files: &[Candidate<'_>]) -> Folders {
        let mut index: HashMap<Option<&Path>, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let folder = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let k = *index.entry(f.path.parent()).or_insert_with(|| {
                    members.push(Vec::new());
                    members.len() - 1
                });
                members[k].push(i);
                k
            })
            .collect();
        Folders { members, folder }
    }

    /// The files of `i`'s folder, `i` among them.
    fn of(&self, i: usize) -> &[usize] {
        &self.members[self.folder[i]]
    }
}

/// Paths as given, each made absolute (`canonicalize`) at most once and
/// only when a comparison needs it, rather than once per comparison.
pub struct Paths<'a> {
    paths: Vec<&'a Path>,
    canonical: Vec<OnceCell<Option<PathBuf>>>,
}

impl<'a> Paths<'a> {
    pub fn new(paths: impl IntoIterator<Item = &'a Path>) -> Paths<'a> {
        let paths: Vec<&Path> = paths.into_iter().collect();
        let canonical = paths.iter().map(|_| OnceCell::new()).collect();
        Paths { paths, canonical }
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    fn canonical(&self, i: usize) -> Option<&Path> {
        self.canonical[i]
            .get_or_init(|| std::fs::canonicalize(self.paths[i]).ok())
            .as_deref()
    }

    /// Path `i` of these and path `j` of `other` name the same file (as
    /// given, or once made absolute).
    pub fn same(&self, i: usize, other: &Paths<'_>, j: usize) -> bool {
        self.paths[i] == other.paths[j]
            || matches!((self.canonical(i), other.canonical(j)), (Some(a), Some(b)) if a == b)
    }

    /// The first of these paths that names the same file as `path`.
    pub fn position(&self, path: &Path) -> Option<usize> {
        let one = Paths::new([path]);
        (0..self.len()).find(|&i| self.same(i, &one, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::facts::{ActionFacts, DataFigure, What};
    use crate::location::CellRef;

    fn plan(year: Option<u16>) -> Facts {
        let sheet: std::sync::Arc<str> = "Plan".into();
        Facts {
            year,
            actions: vec![ActionFacts {
                cell: CellRef::new(&sheet, 1, 1),
                name: "Run mentoring".into(),
                links: Default::default(),
                done: false,
                has_status: false,
                quoted: Vec::new(),
            }],
            ..Facts::default()
        }
    }

    fn data(year: Option<u16>) -> Facts {
        let sheet: std::sync::Arc<str> = "Data".into();
        Facts {
            year,
            figures: vec![DataFigure {
                indicator: 2,
                year,
                what: What::RelativeLikelihood,
                figure: crate::model::data::Figure {
                    cell: CellRef::new(&sheet, 1, 1),
                    shown: 1.5,
                    decimals: 2,
                    percent: false,
                    source: crate::model::data::Source::Number,
                },
                computed: false,
                trend: false,
            }],
            ..Facts::default()
        }
    }

    fn run(files: &[(&str, Facts)], request: &Request) -> Vec<Pairing> {
        let candidates: Vec<Candidate<'_>> = files
            .iter()
            .map(|(p, f)| Candidate {
                path: Path::new(p),
                facts: Some(f),
            })
            .collect();
        pair(&candidates, request)
    }

    #[test]
    fn same_folder_same_year_and_the_year_before() {
        let request = Request {
            by_folder: true,
            ..Request::default()
        };
        let files = [
            ("t/plan-2023.xlsx", plan(Some(2023))),
            ("t/data-2023.xlsx", data(Some(2023))),
            ("t/data-2022.xlsx", data(Some(2022))),
            ("u/data-2023.xlsx", data(Some(2023))),
        ];
        let pairings = run(&files, &request);
        assert_eq!(
            pairings[0].data,
            Some((1, "same folder and year (2023)".into()))
        );
        assert_eq!(
            pairings[0].previous_data,
            Some((2, "same folder and year (2022)".into()))
        );
        // This year's data also meets last year's, for restated figures.
        assert_eq!(pairings[1].previous_data.as_ref().map(|p| p.0), Some(2));
        // Another folder is another trust.
        assert!(pairings[3].is_empty());
    }

    #[test]
    fn last_years_plan_is_named_as_this_years() {
        let request = Request {
            by_folder: true,
            ..Request::default()
        };
        let files = [
            ("t/riverside-wres-plan-2023.xlsx", plan(Some(2023))),
            ("t/riverside-wres-plan-2022.xlsx", plan(Some(2022))),
            ("t/hillside-wres-plan-2022.xlsx", plan(Some(2022))),
        ];
        // Two plans of 2022: the one named as this year's is last year's.
        let pairings = run(&files, &request);
        assert_eq!(pairings[0].previous_plan.as_ref().map(|p| p.0), Some(1));
        // A folder of other trusts' plans of last year pairs nothing.
        let others = [
            ("t/riverside-wres-plan-2023.xlsx", plan(Some(2023))),
            ("t/hillside-wres-plan-2022.xlsx", plan(Some(2022))),
        ];
        assert_eq!(run(&others, &request)[0].previous_plan, None);
    }

    #[test]
    fn two_plans_of_one_year_share_no_data_by_folder() {
        let request = Request {
            by_folder: true,
            ..Request::default()
        };
        let files = [
            ("t/riverside-plan.xlsx", plan(Some(2023))),
            ("t/hillside-plan.xlsx", plan(Some(2023))),
            ("t/riverside-data.xlsx", data(Some(2023))),
        ];
        let pairings = run(&files, &request);
        assert_eq!(pairings[0].data, None);
        assert_eq!(pairings[1].data, None);
    }

    #[test]
    fn ambiguous_folders_pair_nothing_and_say_so_when_asked() {
        let request = Request {
            by_folder: true,
            required: true,
            ..Request::default()
        };
        let files = [
            ("t/plan.xlsx", plan(Some(2023))),
            ("t/a.xlsx", data(Some(2023))),
            ("t/b.xlsx", data(Some(2023))),
        ];
        let pairings = run(&files, &request);
        assert_eq!(pairings[0].data, None);
        assert!(pairings[0].unpaired);
    }

    #[test]
    fn folders_are_told_apart_in_any_order() {
        let request = Request {
            by_folder: true,
            ..Request::default()
        };
        let files = [
            ("t/plan.xlsx", plan(Some(2023))),
            ("u/plan.xlsx", plan(Some(2023))),
            ("u/data.xlsx", data(Some(2023))),
            ("t/data.xlsx", data(Some(2023))),
            ("plan.xlsx", plan(Some(2023))),
        ];
        let pairings = run(&files, &request);
        assert_eq!(pairings[0].data.as_ref().map(|d| d.0), Some(3));
        assert_eq!(pairings[1].data.as_ref().map(|d| d.0), Some(2));
        assert!(pairings[4].is_empty());
    }

    #[test]
    fn paths_name_one_file_as_given_or_made_absolute() {
        let absolute = std::fs::canonicalize("Cargo.toml").unwrap();
        let paths = Paths::new([Path::new("src"), Path::new("Cargo.toml")]);
        assert_eq!(paths.position(Path::new("Cargo.toml")), Some(1));
        assert_eq!(paths.position(&absolute), Some(1));
        assert_eq!(paths.position(Path::new("no/such/file.xlsx")), None);
        let missing = Paths::new([Path::new("no/such/file.xlsx")]);
        assert_eq!(missing.position(Path::new("no/such/file.xlsx")), Some(0));
    }

    #[test]
    fn explicit_data_and_one_workbook_holding_both() {
        let mut both = plan(Some(2023));
        both.figures = data(Some(2023)).figures;
        let files = [
            ("a/plan.xlsx", plan(None)),
            ("b/data.xlsx", data(None)),
            ("c/both.xlsx", both),
        ];
        let request = Request {
            data: Some("b/data.xlsx".into()),
            ..Request::default()
        };
        let pairings = run(&files, &request);
        assert_eq!(pairings[0].data, Some((1, "--data".into())));
        // --data names this year's data for the plans; a workbook holding
        // both is still paired with itself only when nothing else is named.
        assert_eq!(pairings[2].data, Some((1, "--data".into())));
        let alone = run(&files[2..], &Request::default());
        assert_eq!(alone[0].data, Some((0, "same workbook".into())));
    }
}
