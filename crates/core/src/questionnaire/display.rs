//! Answers written back to the person, in each language: "36", "60.000 €" / "€60,000", the option's
//! label, "15 ottobre 2025" / "15 October 2025".
//!
//! Separators and month names follow CLDR for each language. Arabic uses Western digits (0-9) on purpose: they
//! are the digits of Maghreb Arabic (CLDR `ar-MA`, `ar-TN`, `ar-DZ`; Morocco is by far the largest
//! Arabic-speaking community in Italy) and the digits on every Italian form, IBAN and phone number the
//! person will copy; grouping and the euro sign follow `ar-MA` ("60.000 €").

use super::state::Slot;
use super::{Answer, Kind, NumberFormat, Question, Questionnaire};
use crate::date::Date;
use crate::lang::{Lang, Text};

/// A whole number with thousands separators: "1.500.000" / "1,500,000".
pub fn format_integer(n: i64, lang: Lang) -> String {
    let mut out = String::new();
    write_integer(&mut out, n, lang);
    out
}

pub(crate) fn write_integer(out: &mut String, n: i64, lang: Lang) {
    let sep = match lang {
        Lang::It | Lang::Ro | Lang::Ar => '.',
        Lang::En | Lang::Zh => ',',
        // A no-break space, so that "60 000" never breaks across lines (CLDR: U+202F for French, U+00A0 else).
        Lang::Fr => '\u{202F}',
        Lang::Sq | Lang::Uk => '\u{00A0}',
    };
    if n < 0 {
        out.push('-');
    }
    let mut buf = [0u8; 20];
    let mut abs = n.unsigned_abs();
    let mut len = 0;
    loop {
        buf[len] = b'0' + (abs % 10) as u8;
        len += 1;
        abs /= 10;
        if abs == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(buf[i]));
        if i > 0 && i % 3 == 0 {
            out.push(sep);
        }
    }
}

/// Euros as each language writes them: "60.000 €" / "€60,000".
pub fn format_euros(n: i64, lang: Lang) -> String {
    let mut out = String::new();
    write_euros(&mut out, n, lang);
    out
}

pub(crate) fn write_euros(out: &mut String, n: i64, lang: Lang) {
    match lang {
        Lang::It => {
            write_integer(out, n, lang);
            out.push_str(" €");
        }
        Lang::Ro | Lang::Ar | Lang::Sq | Lang::Uk | Lang::Fr => {
            write_integer(out, n, lang);
            out.push_str("\u{00A0}€");
        }
        Lang::En | Lang::Zh => {
            if n < 0 {
                out.push('-');
            }
            out.push('€');
            write_integer(out, n.saturating_abs(), lang);
        }
    }
}

/// Euros and cents, as a repayment plan writes them: "188,71 €" / "€188.71" (each language's separators and
/// euro sign placement, as [`format_euros`]).
pub fn format_cents(cents: i64, lang: Lang) -> String {
    let (euros, rest) = (cents / 100, (cents % 100).abs());
    let mut out = String::new();
    if cents < 0 && euros == 0 {
        out.push('-');
    }
    let (decimal, euro_first, euro_after) = match lang {
        Lang::It => (',', false, " €"),
        Lang::En | Lang::Zh => ('.', true, ""),
        Lang::Ro | Lang::Ar | Lang::Sq | Lang::Uk | Lang::Fr => (',', false, "\u{00A0}€"),
    };
    if euro_first {
        if euros < 0 {
            out.push('-');
        }
        out.push('€');
        write_integer(&mut out, euros.saturating_abs(), lang);
    } else {
        write_integer(&mut out, euros, lang);
    }
    out.push(decimal);
    out.push_str(&format!("{rest:02}"));
    out.push_str(euro_after);
    out
}

const MONTHS_IT: [&str; 12] =
    ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTHS_RO: [&str; 12] = [
    "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie",
];
const MONTHS_AR: [&str; 12] = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
const MONTHS_SQ: [&str; 12] = ["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor", "dhjetor"];
/// Ukrainian dates take the genitive ("15 жовтня").
const MONTHS_UK: [&str; 12] =
    ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"];
const MONTHS_FR: [&str; 12] =
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// "15 ottobre 2025" / "15 October 2025"; Italian writes the first of the month "1° luglio 2024".
pub fn format_date(d: Date, lang: Lang) -> String {
    let mut out = String::new();
    write_date(&mut out, d, lang);
    out
}

/// Appends a date; in Italian, elides the article just written before "8" and "11" as Italian does:
/// "il 8 giugno" → "l'8 giugno", "fino al 11" → "fino all'11".
pub(crate) fn write_date(out: &mut String, d: Date, lang: Lang) {
    use std::fmt::Write;
    let m = usize::from(u8::from(d.month())) - 1;
    match lang {
        Lang::It => {
            if matches!(d.day(), 8 | 11) {
                elide_article(out);
            }
            match d.day() {
                1 => out.push_str("1°"),
                day => {
                    let _ = write!(out, "{day}");
                }
            }
            let _ = write!(out, " {} {}", MONTHS_IT[m], d.year());
        }
        Lang::En => {
            let _ = write!(out, "{} {} {}", d.day(), MONTHS_EN[m], d.year());
        }
        Lang::Ro => {
            let _ = write!(out, "{} {} {}", d.day(), MONTHS_RO[m], d.year());
        }
        Lang::Ar => {
            let _ = write!(out, "{} {} {}", d.day(), MONTHS_AR[m], d.year());
        }
        Lang::Sq => {
            let _ = write!(out, "{} {} {}", d.day(), MONTHS_SQ[m], d.year());
        }
        Lang::Uk => {
            let _ = write!(out, "{} {} {} р.", d.day(), MONTHS_UK[m], d.year());
        }
        Lang::Zh => {
            let _ = write!(out, "{}年{}月{}日", d.year(), m + 1, d.day());
        }
        Lang::Fr => match d.day() {
            1 => {
                let _ = write!(out, "1er {} {}", MONTHS_FR[m], d.year());
            }
            day => {
                let _ = write!(out, "{day} {} {}", MONTHS_FR[m], d.year());
            }
        },
    }
}

fn elide_article(out: &mut String) {
    for (article, elided) in [(" il ", " l'"), (" al ", " all'"), (" dal ", " dall'"), (" del ", " dell'"), (" nel ", " nell'")] {
        if out.ends_with(article) {
            out.truncate(out.len() - article.len());
            out.push_str(elided);
            return;
        }
    }
}

/// The same text in every language, built by `f`.
pub(crate) fn each_lang(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::It), f(Lang::En))
}

fn write_number(out: &mut String, question: &Question, n: i64, lang: Lang) {
    match question.format {
        NumberFormat::Euro => write_euros(out, n, lang),
        NumberFormat::Plain if n.abs() >= 10_000 => write_integer(out, n, lang),
        // Ages and small counts read better without a separator ("2025", not "2.025").
        NumberFormat::Plain => {
            use std::fmt::Write;
            let _ = write!(out, "{n}");
        }
    }
}

fn integer_text(question: &Question, n: i64) -> Text {
    each_lang(|l| {
        let mut s = String::new();
        write_number(&mut s, question, n, l);
        s
    })
}

/// Appends how a resolved answer reads inside a sentence; `false` (nothing written) when there is no
/// usable answer.
pub(crate) fn write_slot(out: &mut String, question: &Question, slot: Slot, lang: Lang) -> bool {
    match slot {
        Slot::Int(n) => write_number(out, question, n, lang),
        Slot::Date(d) => write_date(out, d, lang),
        Slot::Choice(i) => match question.options.get(usize::from(i)) {
            Some(c) => out.push_str(c.short_label().get(lang)),
            None => return false,
        },
        Slot::Choices(mask) => {
            let chosen = question.options.iter().enumerate().filter(|(i, _)| *i < 64 && mask & (1u64 << i) != 0);
            for (k, (_, c)) in chosen.enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                out.push_str(c.short_label().get(lang));
            }
        }
        Slot::Hidden | Slot::Maybe | Slot::Unanswered | Slot::Invalid => return false,
    }
    true
}

/// [`write_slot`] into a new string.
pub(crate) fn slot_str(question: &Question, slot: Slot, lang: Lang) -> Option<String> {
    let mut s = String::new();
    write_slot(&mut s, question, slot, lang).then_some(s)
}

/// [`slot_str`] in every language.
pub(crate) fn slot_text(question: &Question, slot: Slot) -> Option<Text> {
    Some(Text::new(slot_str(question, slot, Lang::It)?, slot_str(question, slot, Lang::En)?))
}

impl Questionnaire {
    /// [`Questionnaire::display`] in one language, any of them: the overlay languages too (their option labels
    /// from the overlay, numbers and dates written their way), which the two-language [`Text`] cannot hold.
    pub fn display_in(&self, id: &str, answer: &Answer, lang: Lang) -> String {
        let Some(question) = self.question(id) else {
            return self.display(id, answer).get(lang).to_string();
        };
        match (question.kind, answer) {
            (Kind::Integer, Answer::Integer(n)) => {
                let mut s = String::new();
                write_number(&mut s, question, *n, lang);
                if let (Some(unit), NumberFormat::Plain) = (&question.unit, question.format) {
                    s.push(' ');
                    s.push_str(unit.get(lang));
                }
                s
            }
            (Kind::Date, Answer::Date(d)) => format_date(*d, lang),
            (Kind::Multiple, Answer::Choices(vs)) => {
                vs.iter().map(|v| question.option(v).map_or(v.as_str(), |c| c.label.get(lang))).collect::<Vec<_>>().join(", ")
            }
            _ => self.display(id, answer).get(lang).to_string(),
        }
    }

    /// How an answer reads on the "check your answers" page: the option's label, the number with its
    /// unit, the date in words. An answer that does not fit the question is shown as given.
    pub fn display(&self, id: &str, answer: &Answer) -> Text {
        let Some(question) = self.question(id) else {
            return raw(answer);
        };
        match (question.kind, answer) {
            (Kind::Integer, Answer::Integer(n)) => {
                let n_text = integer_text(question, *n);
                match (&question.unit, question.format) {
                    (Some(unit), NumberFormat::Plain) => each_lang(|l| format!("{} {}", n_text.get(l), unit.get(l))),
                    _ => n_text,
                }
            }
            (Kind::Date, Answer::Date(d)) => each_lang(|l| format_date(*d, l)),
            (Kind::Integer, Answer::Choice(v)) => question.option(v).map_or_else(|| raw(answer), |c| c.label.clone()),
            (Kind::Single, Answer::Choice(v)) => question.option(v).map_or_else(|| raw(answer), |c| c.label.clone()),
            (Kind::Multiple, Answer::Choices(vs)) => {
                let chosen: Vec<Text> =
                    vs.iter().map(|v| question.option(v).map_or_else(|| Text::new(v, v), |c| c.label.clone())).collect();
                each_lang(|l| chosen.iter().map(|t| t.get(l)).collect::<Vec<_>>().join(", "))
            }
            _ => raw(answer),
        }
    }
}

fn raw(answer: &Answer) -> Text {
    let s = match answer {
        Answer::Integer(n) => n.to_string(),
        Answer::Choice(v) => v.clone(),
        Answer::Choices(vs) => vs.join(", "),
        Answer::Date(d) => crate::date::to_iso(*d),
    };
    Text::new(s.clone(), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_as_each_language_writes_them() {
        assert_eq!(format_cents(18_871, Lang::It), "188,71 €");
        assert_eq!(format_cents(18_871, Lang::En), "€188.71");
        assert_eq!(format_cents(1_132_274, Lang::It), "11.322,74 €");
        assert_eq!(format_cents(1_132_274, Lang::En), "€11,322.74");
        assert_eq!(format_cents(5, Lang::It), "0,05 €");
    }

    #[test]
    fn numbers_and_dates_read_naturally() {
        assert_eq!(format_integer(1_500_000, Lang::It), "1.500.000");
        assert_eq!(format_integer(999, Lang::En), "999");
        assert_eq!(format_integer(-12_000, Lang::En), "-12,000");
        assert_eq!(format_euros(60_000, Lang::It), "60.000 €");
        assert_eq!(format_euros(60_000, Lang::En), "€60,000");
        assert_eq!(format_euros(-5, Lang::En), "-€5");
        let d = crate::date::parse_iso("2025-10-14").unwrap();
        assert_eq!(format_date(d, Lang::It), "14 ottobre 2025");
        assert_eq!(format_date(d, Lang::En), "14 October 2025");
        assert_eq!(format_date(crate::date::parse_iso("2024-07-01").unwrap(), Lang::It), "1° luglio 2024");
        assert_eq!(format_date(crate::date::parse_iso("2024-07-01").unwrap(), Lang::En), "1 July 2024");
        let after = |prefix: &str, date: &str| {
            let mut s = String::from(prefix);
            write_date(&mut s, crate::date::parse_iso(date).unwrap(), Lang::It);
            s
        };
        assert_eq!(after("Chiusa il ", "2022-06-08"), "Chiusa l'8 giugno 2022");
        assert_eq!(after("Sospese fino al ", "2025-12-11"), "Sospese fino all'11 dicembre 2025");
        assert_eq!(after("Chiusa il ", "2025-10-14"), "Chiusa il 14 ottobre 2025");
        assert_eq!(after("Aperta dal ", "2024-07-01"), "Aperta dal 1° luglio 2024");
    }

    #[test]
    fn each_language_writes_numbers_and_dates_its_own_way() {
        let d = crate::date::parse_iso("2025-10-01").unwrap();
        let cases = [
            (Lang::Ro, "60.000\u{a0}€", "1 octombrie 2025"),
            (Lang::Ar, "60.000\u{a0}€", "1 أكتوبر 2025"),
            (Lang::Sq, "60\u{a0}000\u{a0}€", "1 tetor 2025"),
            (Lang::Uk, "60\u{a0}000\u{a0}€", "1 жовтня 2025 р."),
            (Lang::Zh, "€60,000", "2025年10月1日"),
            (Lang::Fr, "60\u{202f}000\u{a0}€", "1er octobre 2025"),
        ];
        for (lang, euros, date) in cases {
            assert_eq!(format_euros(60_000, lang), euros, "{lang:?}");
            assert_eq!(format_date(d, lang), date, "{lang:?}");
        }
        assert_eq!(format_integer(1_500_000, Lang::Ar), "1.500.000", "Western digits in Arabic");
    }
}
