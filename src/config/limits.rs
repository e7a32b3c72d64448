//! The `limits:` section: the loader's resource guards and the time budget,
//! for workbooks that legitimately exceed the defaults (a trust-wide staff
//! extract) or for CI runners that want tighter ones.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{problem, Problem};
use crate::load::Limits;

/// `limits:` as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimits {
    max_file_size: Option<Spanned<String>>,
    max_cells: Option<Spanned<String>>,
    max_decompressed_size: Option<Spanned<String>>,
    max_compression_ratio: Option<Spanned<String>>,
    timeout_per_file: Option<Spanned<String>>,
    max_findings: Option<Spanned<String>>,
}

impl RawLimits {
    /// The default limits with those written here; problems for values
    /// that do not read.
    pub(super) fn apply(&self, mut limits: Limits, problems: &mut Vec<Problem>) -> Limits {
        let mut check =
            |at: &Option<Spanned<String>>, parse: fn(&str) -> Option<f64>, what: &str| {
                let at = at.as_ref()?;
                let value = parse(&at.value);
                if value.is_none() {
                    problems.push(problem(format!("`{}` is not {what}", at.value), at));
                }
                value
            };
        if let Some(bytes) = check(&self.max_file_size, size, "a size (e.g. 200 MiB)") {
            limits.max_file_bytes = bytes as u64;
        }
        if let Some(cells) = check(&self.max_cells, count, "a number of cells") {
            limits.max_cells = cells as u64;
        }
        if let Some(bytes) = check(&self.max_decompressed_size, size, "a size (e.g. 2 GiB)") {
            limits.max_decompressed_bytes = bytes as u64;
        }
        if let Some(ratio) = check(
            &self.max_compression_ratio,
            |t| number(t).filter(|r| *r >= 1.0),
            "a ratio of at least 1",
        ) {
            limits.max_compression_ratio = ratio;
        }
        if let Some(seconds) = check(
            &self.timeout_per_file,
            |t| number(t).filter(|s| std::time::Duration::try_from_secs_f64(*s).is_ok()),
            "a number of seconds (0 for no limit)",
        ) {
            limits.time_per_file =
                (seconds > 0.0).then(|| std::time::Duration::from_secs_f64(seconds));
        }
        if let Some(n) = check(
            &self.max_findings,
            count,
            "a number of findings (per rule and sheet)",
        ) {
            limits.max_findings = n as usize;
        }
        limits
    }
}

impl RawLimits {
    /// The limits written here that loosen a guard (`applied` against
    /// `defaults`): a problem each, at its key. A discovered configuration
    /// may only tighten the guards.
    pub(super) fn raised(&self, applied: &Limits, defaults: &Limits) -> Vec<Problem> {
        let time = |t: Option<std::time::Duration>| t.unwrap_or(std::time::Duration::MAX);
        let raised = [
            (
                &self.max_file_size,
                "max_file_size",
                applied.max_file_bytes > defaults.max_file_bytes,
            ),
            (
                &self.max_cells,
                "max_cells",
                applied.max_cells > defaults.max_cells,
            ),
            (
                &self.max_decompressed_size,
                "max_decompressed_size",
                applied.max_decompressed_bytes > defaults.max_decompressed_bytes,
            ),
            (
                &self.max_compression_ratio,
                "max_compression_ratio",
                applied.max_compression_ratio > defaults.max_compression_ratio,
            ),
            (
                &self.timeout_per_file,
                "timeout_per_file",
                time(applied.time_per_file) > time(defaults.time_per_file),
            ),
            (
                &self.max_findings,
                "max_findings",
                applied.max_findings > defaults.max_findings,
            ),
        ];
        raised
            .into_iter()
            .filter_map(|(at, key, raised)| {
                let at = at.as_ref().filter(|_| raised)?;
                Some(problem(
                    format!(
                        "`{key}: {}` loosens a resource guard, but this configuration was found \
                         beside the workbooks, and such a file may only tighten them: pass it \
                         with --config to use it as written (or use --timeout-per-file)",
                        at.value
                    ),
                    at,
                ))
            })
            .collect()
    }
}

/// A finite number, at least 0.
fn number(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
}

/// A whole number above 0, digits grouped with `_` or `,` allowed.
fn count(text: &str) -> Option<f64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | ','))
        .collect();
    digits
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| n as f64)
}

/// Bytes, or a number with a unit: `200 MiB`, `2GB`, `500 kB`. Units count
/// in 1024s, as file sizes are shown on Windows and in Excel.
fn size(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let amount = number(&text[..split])?;
    let unit = match text[split..].trim().to_ascii_lowercase().as_str() {
        "" | "b" | "bytes" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = (amount * unit).round();
    (bytes >= 1.0 && bytes < u64::MAX as f64).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_counts_and_numbers() {
        assert_eq!(size("200 MiB"), Some(200.0 * 1024.0 * 1024.0));
        assert_eq!(size("2GB"), Some(2.0 * 1024.0 * 1024.0 * 1024.0));
        assert_eq!(size("1.5 kb"), Some(1536.0));
        assert_eq!(size("4096"), Some(4096.0));
        assert_eq!(size("lots"), None);
        assert_eq!(size("0"), None);
        assert_eq!(size("12 TB"), None);
        assert_eq!(count("20_000_000"), Some(2e7));
        assert_eq!(count("1,500,000"), Some(1.5e6));
        assert_eq!(count("0"), None);
        assert_eq!(count("2.5"), None);
        assert_eq!(number("-1"), None);
        assert_eq!(number("inf"), None);
    }
}
