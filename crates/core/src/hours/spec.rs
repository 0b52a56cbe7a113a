//! The operators' short form for opening hours, close to how Italian sources write them:
//!
//! ```text
//! lun, mer 15:30-17:00; chiuso ad agosto
//! dal lunedì al venerdì 9:00–13:00
//! mar 8-14 e 14:30-18; mer 8-14
//! lun-ven dalle 9 alle 13; chiuso dal 24/12 al 06/01
//! ```
//!
//! Clauses are separated by `;`. A clause is either days then time ranges, or `chiuso` then months
//! (`agosto`, `luglio-agosto`) or dates (`24/12-06/01` every year, `24/12/2026-06/01/2027` once).
//! Anything else is an error naming the clause: a wrong guess about hours is worse than none.

use super::{Clock, Closure, MonthDay, WeeklyRange, weekday_code};
use crate::date::{Date, Month, Weekday};
use crate::geo::fold;
use std::fmt::Write as _;

/// Hours that could not be read, with the clause and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{clause}`: {reason}")]
pub struct SpecError {
    pub clause: String,
    pub reason: String,
}

impl SpecError {
    pub(super) fn new(clause: &str, reason: impl Into<String>) -> SpecError {
        SpecError { clause: clause.trim().to_string(), reason: reason.into() }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A folded word ("lunedi", "chiuso", "dalle").
    Word(String),
    /// Digits with `:` `.` `/` inside: a time ("9", "15:30", "9.00") or a date ("24/12", "24/12/2026").
    Num(String),
    Dash,
    /// `,` `&` `e` `ed`: joins days, ranges or closures.
    And,
}

pub(super) fn parse(spec: &str) -> Result<(Vec<WeeklyRange>, Vec<Closure>), SpecError> {
    let mut weekly = Vec::new();
    let mut closures = Vec::new();
    for clause in spec.split(';').filter(|c| !c.trim().is_empty()) {
        let toks = tokenize(clause).map_err(|r| SpecError::new(clause, r))?;
        let res = match toks.first() {
            Some(Tok::Word(w)) if matches!(w.as_str(), "chiuso" | "chiusa" | "chiusi" | "chiusura") => {
                closure_clause(&toks[1..], &mut closures)
            }
            _ => weekly_clause(&toks, &mut weekly),
        };
        res.map_err(|r| SpecError::new(clause, r))?;
    }
    Ok((weekly, closures))
}

fn tokenize(clause: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let mut chars = clause.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '\'' || c == '’' {
            chars.next();
        } else if c.is_ascii_digit() {
            let mut s = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit() || matches!(d, ':' | '.' | '/')) {
                s.push(d);
                chars.next();
            }
            toks.push(Tok::Num(s));
        } else if c.is_alphabetic() {
            let mut s = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_alphabetic()) {
                s.push(d);
                chars.next();
            }
            let word = fold(&s);
            toks.push(if word == "e" || word == "ed" { Tok::And } else { Tok::Word(word) });
        } else {
            chars.next();
            toks.push(match c {
                '-' | '–' | '—' | '‐' => Tok::Dash,
                ',' | '&' => Tok::And,
                '(' | ')' => return Err("remarks in brackets go in hours_note_it / hours_note_en".into()),
                other => return Err(format!("unexpected `{other}`")),
            });
        }
    }
    Ok(toks)
}

/// A cursor over a clause's tokens.
struct Cur<'a> {
    toks: &'a [Tok],
    at: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<&'a Tok> {
        let t = self.toks.get(self.at);
        self.at += usize::from(t.is_some());
        t
    }

    fn eat_word(&mut self, words: &[&str]) -> bool {
        let hit = matches!(self.peek(), Some(Tok::Word(w)) if words.contains(&w.as_str()));
        self.at += usize::from(hit);
        hit
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let hit = self.peek() == Some(tok);
        self.at += usize::from(hit);
        hit
    }

    fn describe_next(&self) -> String {
        match self.peek() {
            None => "the end".into(),
            Some(Tok::Word(w)) | Some(Tok::Num(w)) => format!("`{w}`"),
            Some(Tok::Dash) => "`-`".into(),
            Some(Tok::And) => "`,`/`e`".into(),
        }
    }
}

fn weekly_clause(toks: &[Tok], out: &mut Vec<WeeklyRange>) -> Result<(), String> {
    let mut cur = Cur { toks, at: 0 };
    let days = days(&mut cur)?;
    if days.is_empty() {
        return Err(format!("expected a weekday (lun, mar, … or lunedì, martedì, …), found {}", cur.describe_next()));
    }
    let ranges = ranges(&mut cur)?;
    if cur.peek().is_some() {
        return Err(format!("unexpected {} after the times", cur.describe_next()));
    }
    for day in days {
        out.extend(ranges.iter().map(|&(from, to)| WeeklyRange { day, from, to }));
    }
    Ok(())
}

fn days(cur: &mut Cur) -> Result<Vec<Weekday>, String> {
    let mut days = Vec::new();
    loop {
        let (first, last) = if cur.eat_word(&["dal", "da"]) {
            let first = day(cur)?;
            if !cur.eat_word(&["al", "a"]) {
                return Err(format!("expected `al` after `dal …`, found {}", cur.describe_next()));
            }
            (first, day(cur)?)
        } else {
            match cur.peek() {
                Some(Tok::Word(w)) if day_from_word(w).is_some() => {}
                _ => break,
            }
            let first = day(cur)?;
            let last = if cur.eat(&Tok::Dash) { day(cur)? } else { first };
            (first, last)
        };
        // A range may run across Sunday ("sab-lun").
        let mut d = first;
        loop {
            if !days.contains(&d) {
                days.push(d);
            }
            if d == last {
                break;
            }
            d = d.next();
        }
        if !cur.eat(&Tok::And) {
            break;
        }
    }
    Ok(days)
}

fn day(cur: &mut Cur) -> Result<Weekday, String> {
    match cur.peek() {
        Some(Tok::Word(w)) => {
            cur.next();
            day_from_word(w).ok_or_else(|| format!("`{w}` is not a weekday"))
        }
        _ => Err(format!("expected a weekday, found {}", cur.describe_next())),
    }
}

fn day_from_word(w: &str) -> Option<Weekday> {
    use Weekday::*;
    Some(match w {
        "lunedi" | "lun" => Monday,
        "martedi" | "mar" => Tuesday,
        "mercoledi" | "mer" => Wednesday,
        "giovedi" | "gio" => Thursday,
        "venerdi" | "ven" => Friday,
        "sabato" | "sab" => Saturday,
        "domenica" | "dom" => Sunday,
        _ => return None,
    })
}

fn ranges(cur: &mut Cur) -> Result<Vec<(Clock, Clock)>, String> {
    let mut ranges = Vec::new();
    loop {
        let from_to = if cur.eat_word(&["dalle", "dalla", "ore"]) {
            let from = clock(cur)?;
            if !cur.eat_word(&["alle", "a"]) && !cur.eat(&Tok::Dash) {
                return Err(format!("expected `alle` after `dalle …`, found {}", cur.describe_next()));
            }
            (from, clock(cur)?)
        } else {
            let from = clock(cur)?;
            if !cur.eat(&Tok::Dash) {
                return Err(format!("expected `-` and a closing time after {from}, found {}", cur.describe_next()));
            }
            (from, clock(cur)?)
        };
        ranges.push(from_to);
        if !cur.eat(&Tok::And) {
            return Ok(ranges);
        }
    }
}

fn clock(cur: &mut Cur) -> Result<Clock, String> {
    match cur.peek() {
        Some(Tok::Num(s)) => {
            cur.next();
            parse_clock(s).ok_or_else(|| format!("`{s}` is not a time (write 9, 9:30 or 9.30, up to 24:00)"))
        }
        _ => Err(format!("expected a time, found {}", cur.describe_next())),
    }
}

fn parse_clock(s: &str) -> Option<Clock> {
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m.parse().ok()?),
        Some(_) => return None,
        None => (s, 0),
    };
    if h.is_empty() || h.len() > 2 {
        return None;
    }
    Clock::new(h.parse().ok()?, m)
}

/// Words that only make the Italian read well: "chiuso *ad* agosto", "chiuso *nel mese di* agosto".
const FILLER: &[&str] = &[
    "a", "ad", "al", "in", "nel", "nei", "mese", "mesi", "di", "del", "il", "per", "tutto", "tutta", "l", "dal", "da",
    "fino",
];

fn closure_clause(toks: &[Tok], out: &mut Vec<Closure>) -> Result<(), String> {
    let toks: Vec<&Tok> = toks.iter().filter(|t| !matches!(t, Tok::Word(w) if FILLER.contains(&w.as_str()))).collect();
    if toks.is_empty() {
        return Err("`chiuso` needs months (agosto, luglio-agosto) or dates (24/12-06/01)".into());
    }
    // Items joined by `,`/`e`; an item is X, X-Y or "dal X al Y" (the filler words are gone, so: X Y).
    for item in toks.split(|t| matches!(t, Tok::And)) {
        let ends: Vec<&Tok> = item.iter().copied().filter(|t| !matches!(t, Tok::Dash)).collect();
        let closure = match ends.as_slice() {
            [a] => closure_between(a, a)?,
            [a, b] => closure_between(a, b)?,
            [] => return Err("empty closure between separators".into()),
            _ => {
                return Err(
                    "a closure is a month, a date, or a range of either (`luglio-agosto`, `24/12-06/01`)".into()
                );
            }
        };
        out.push(closure);
    }
    Ok(())
}

fn closure_between(a: &Tok, b: &Tok) -> Result<Closure, String> {
    match (a, b) {
        (Tok::Word(a), Tok::Word(b)) => Ok(Closure::Months { from: month_from_word(a)?, to: month_from_word(b)? }),
        (Tok::Num(a), Tok::Num(b)) => match (day_of(a)?, day_of(b)?) {
            (DayOf::Yearly(from), DayOf::Yearly(to)) => Ok(Closure::Yearly { from, to }),
            (DayOf::Once(from), DayOf::Once(to)) if from <= to => Ok(Closure::Dates { from, to }),
            (DayOf::Once(_), DayOf::Once(_)) => Err(format!("the closure {a}–{b} ends before it starts")),
            _ => Err(format!("give the year on both dates or on neither ({a}–{b})")),
        },
        _ => Err("a closure runs from a month to a month, or from a date to a date".into()),
    }
}

fn month_from_word(w: &str) -> Result<u8, String> {
    const MONTHS: [(&str, &str); 12] = [
        ("gennaio", "gen"),
        ("febbraio", "feb"),
        ("marzo", "mar"),
        ("aprile", "apr"),
        ("maggio", "mag"),
        ("giugno", "giu"),
        ("luglio", "lug"),
        ("agosto", "ago"),
        ("settembre", "set"),
        ("ottobre", "ott"),
        ("novembre", "nov"),
        ("dicembre", "dic"),
    ];
    MONTHS
        .iter()
        .position(|(full, short)| w == *full || w == *short)
        .map(|i| i as u8 + 1)
        .ok_or_else(|| format!("`{w}` is not a month"))
}

enum DayOf {
    Yearly(MonthDay),
    Once(Date),
}

fn day_of(s: &str) -> Result<DayOf, String> {
    let bad = || format!("`{s}` is not a date (write 24/12 for every year, 24/12/2026 for once)");
    let parts: Vec<&str> = s.split('/').collect();
    let num = |p: &str| p.parse::<u16>().ok().filter(|_| !p.is_empty() && p.len() <= 4);
    match parts.as_slice() {
        [d, m] if d.len() <= 2 && m.len() <= 2 => {
            let (d, m) = (num(d).ok_or_else(bad)?, num(m).ok_or_else(bad)?);
            MonthDay::new(m as u8, d as u8).map(DayOf::Yearly).ok_or_else(bad)
        }
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            let (d, m, y) = (num(d).ok_or_else(bad)?, num(m).ok_or_else(bad)?, num(y).ok_or_else(bad)?);
            let month = Month::try_from(m as u8).map_err(|_| bad())?;
            Date::from_calendar_date(i32::from(y), month, d as u8).map(DayOf::Once).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// The short form of structured hours: one clause per weekday, then the closures.
pub(super) fn write(weekly: &[WeeklyRange], closures: &[Closure]) -> String {
    const IT_DAYS: [&str; 7] = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];
    const IT_MONTHS: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let mut clauses: Vec<String> = Vec::new();
    for (_, day) in weekday_code::CODES {
        let ranges: Vec<String> =
            weekly.iter().filter(|r| r.day == day).map(|r| format!("{}-{}", r.from, r.to)).collect();
        if !ranges.is_empty() {
            clauses.push(format!("{} {}", IT_DAYS[usize::from(day.number_days_from_monday())], ranges.join(", ")));
        }
    }
    let month = |m: u8| IT_MONTHS.get(usize::from(m.wrapping_sub(1))).copied().unwrap_or("?");
    for c in closures {
        let mut s = String::from("chiuso ");
        let _ = match c {
            Closure::Months { from, to } if from == to => write!(s, "{}", month(*from)),
            Closure::Months { from, to } => write!(s, "{}-{}", month(*from), month(*to)),
            Closure::Yearly { from, to } => {
                write!(s, "{:02}/{:02}-{:02}/{:02}", from.day, from.month, to.day, to.month)
            }
            Closure::Dates { from, to } => write!(
                s,
                "{:02}/{:02}/{}-{:02}/{:02}/{}",
                from.day(),
                u8::from(from.month()),
                from.year(),
                to.day(),
                u8::from(to.month()),
                to.year()
            ),
        };
        clauses.push(s);
    }
    clauses.join("; ")
}
