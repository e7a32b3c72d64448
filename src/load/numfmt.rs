//! What a number format shows: digits after the decimal point and whether
//! it is a percentage. Only the first (positive) section matters, and only
//! enough of Excel's format grammar is parsed to skip literal text.

use crate::workbook::Shown;

/// Most decimals reported; Excel itself shows at most 30.
const MAX_DECIMALS: u8 = 30;

/// How a format code shows a number, or `None` for `General`, text (`@`),
/// dates, times, fractions and codes without digit placeholders.
pub(crate) fn shown(code: &str) -> Option<Shown> {
    let section = first_section(code);
    let mut tokens = Tokens::new(section);
    let (mut decimals, mut percent) = (0u8, false);
    let (mut seen_digit, mut after_point) = (false, false);
    while let Some(token) = tokens.next() {
        match token {
            Token::Placeholder => {
                seen_digit = true;
                if after_point {
                    decimals = decimals.saturating_add(1).min(MAX_DECIMALS);
                }
            }
            Token::Point => after_point = true,
            Token::Percent => percent = true,
            Token::Exponent => after_point = false,
            Token::DateOrTime | Token::General | Token::Text | Token::Fraction => return None,
            Token::Other => {
                // A space or literal after the decimals ends them ("0.0 ")
                if after_point && decimals > 0 {
                    after_point = false;
                }
            }
        }
    }
    seen_digit.then_some(Shown { decimals, percent })
}

/// A format code's first section (up to an unquoted, unescaped `;`).
fn first_section(code: &str) -> &str {
    let mut tokens = Tokens::new(code);
    while tokens.next().is_some() {
        if tokens.at_section_end {
            return &code[..tokens.section_end];
        }
    }
    code
}

#[derive(Debug, PartialEq)]
enum Token {
    /// `0`, `#` or `?`.
    Placeholder,
    Point,
    Percent,
    /// `E+` / `E-` of scientific notation.
    Exponent,
    DateOrTime,
    General,
    /// `@`: the cell's text.
    Text,
    /// `/` between placeholders: a fraction, shown without decimals.
    Fraction,
    /// Anything else: literals, quoted text, colours, conditions, padding.
    Other,
}

/// Splits a format code into the tokens that matter, skipping quoted text,
/// `\x` escapes, `_x` spacing and `*x` fill characters.
struct Tokens<'a> {
    code: &'a str,
    at: usize,
    at_section_end: bool,
    section_end: usize,
    last_was_placeholder: bool,
}

impl<'a> Tokens<'a> {
    fn new(code: &'a str) -> Tokens<'a> {
        Tokens {
            code,
            at: 0,
            at_section_end: false,
            section_end: 0,
            last_was_placeholder: false,
        }
    }

    fn next(&mut self) -> Option<Token> {
        let rest = &self.code[self.at..];
        let c = rest.chars().next()?;
        let mut len = c.len_utf8();
        let token = match c {
            '0' | '#' | '?' => Token::Placeholder,
            '.' => Token::Point,
            '%' => Token::Percent,
            '@' => Token::Text,
            ';' => {
                self.at_section_end = true;
                self.section_end = self.at;
                Token::Other
            }
            '"' => {
                len += rest[1..].find('"').map_or(rest.len() - 1, |end| end + 1);
                Token::Other
            }
            '\\' | '_' | '*' => {
                len += rest[1..].chars().next().map_or(0, char::len_utf8);
                Token::Other
            }
            '[' => {
                let inner = rest[1..].split(']').next().unwrap_or_default();
                len = (1 + inner.len() + 1).min(rest.len());
                bracket(inner)
            }
            'E' | 'e' if rest[1..].starts_with(['+', '-']) => {
                len += 1;
                Token::Exponent
            }
            '/' if self.last_was_placeholder => Token::Fraction,
            'G' | 'g' if starts_with_ignore_case(rest, "general") => {
                len = 7;
                Token::General
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => Token::DateOrTime,
            'A' | 'a' if starts_with_ignore_case(rest, "a/p") => Token::DateOrTime,
            _ => Token::Other,
        };
        self.last_was_placeholder = token == Token::Placeholder;
        self.at = (self.at + len).min(self.code.len());
        Some(token)
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Brackets hold colours (`[Red]`), conditions (`[>=100]`), locales
/// (`[$-409]`, `[$£-809]`) or elapsed time (`[h]`, `[mm]`, `[ss]`).
fn bracket(inner: &str) -> Token {
    let elapsed = !inner.is_empty()
        && inner
            .chars()
            .all(|c| matches!(c, 'h' | 'H' | 'm' | 'M' | 's' | 'S'));
    if elapsed {
        Token::DateOrTime
    } else {
        Token::Other
    }
}

/// The format code of a built-in number format id (ECMA-376 18.8.30), for
/// the ids whose display does not depend on the locale.
pub(crate) fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        // Currency formats 5–8 are locale-defined; this is en-GB's pattern.
        5 | 6 => "\"£\"#,##0;-\"£\"#,##0",
        7 | 8 => "\"£\"#,##0.00;-\"£\"#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14..=22 | 27..=36 | 45..=47 | 50..=58 => "d/m/yyyy",
        37 | 38 => "#,##0 ;(#,##0)",
        39 | 40 => "#,##0.00;(#,##0.00)",
        41 | 42 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        43 | 44 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(decimals: u8, percent: bool) -> Option<Shown> {
        Some(Shown { decimals, percent })
    }

    #[test]
    fn plain_numbers_and_percentages() {
        assert_eq!(shown("0.00%"), s(2, true));
        assert_eq!(shown("0%"), s(0, true));
        assert_eq!(shown("0.0"), s(1, false));
        assert_eq!(shown("#,##0"), s(0, false));
        assert_eq!(shown("#,##0.00"), s(2, false));
        assert_eq!(shown("0.000_);(0.000)"), s(3, false));
        assert_eq!(shown("0.00E+00"), s(2, false));
        assert_eq!(shown("##0.0E+0"), s(1, false));
    }

    #[test]
    fn malformed_codes_do_not_panic() {
        for code in ["[£", "\"£", "\\", "*", "_", "[", "0.[", "G£néral", "a£"] {
            let _ = shown(code);
        }
    }

    #[test]
    fn general_text_dates_and_fractions_show_no_decimals() {
        for code in [
            "General",
            "general",
            "@",
            "d/m/yyyy",
            "mmm-yy",
            "[h]:mm:ss",
            "h:mm AM/PM",
        ] {
            assert_eq!(shown(code), None, "{code}");
        }
        assert_eq!(shown("# ?/?"), None);
        assert_eq!(shown("[Red]General"), None);
        assert_eq!(shown("\"Yes\""), None);
        assert_eq!(shown(""), None);
    }

    #[test]
    fn literal_text_is_skipped() {
        assert_eq!(shown("\"£\"#,##0.00"), s(2, false));
        assert_eq!(shown("0.0\"%\""), s(1, false));
        assert_eq!(shown("0.0\\%"), s(1, false));
        assert_eq!(shown("[$£-809]#,##0.00"), s(2, false));
        assert_eq!(shown("[Blue][>=100]0.0;[Red]0.00"), s(1, false));
        assert_eq!(shown("0.0 \"days\""), s(1, false));
        assert_eq!(
            shown("_-* #,##0.00_-;-* #,##0.00_-;_-* \"-\"??_-;_-@_-"),
            s(2, false)
        );
        assert_eq!(shown("0.0 \"ms\""), s(1, false));
        assert_eq!(shown("0\" h\""), s(0, false));
    }

    #[test]
    fn builtin_ids() {
        assert_eq!(builtin_code(10).and_then(shown), s(2, true));
        assert_eq!(builtin_code(3).and_then(shown), s(0, false));
        assert_eq!(builtin_code(14).and_then(shown), None);
        assert_eq!(builtin_code(0).and_then(shown), None);
        assert_eq!(builtin_code(200), None);
    }
}
