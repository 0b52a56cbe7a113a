//! Conditions over answers, shared by branching (`show_if`) and the eligibility rules.
//!
//! In the data files a condition is one small JSON object:
//! `{"q": "region", "in": ["13", "14"]}`, `{"q": "age", "min": 18, "max": 34}`,
//! `{"q": "start_date", "from": "2024-07-01", "to": "2025-12-31"}`, `{"shown": "crater"}`,
//! `{"today": {"from": "2026-01-01"}}`, `{"all": [..]}`, `{"any": [..]}`, `{"not": {..}}`, `{"ref": "sud8"}`.
//!
//! Evaluation is three-valued (Kleene): an answer that is missing or "non so" is *unknown*, and
//! `all`/`any`/`not` only decide what the known answers already decide. That is what makes an unknown
//! answer unable to rule anyone out by itself.

use super::Questionnaire;
use super::state::Slot;
use crate::date::{Date, iso};
use serde::{Deserialize, Serialize};

/// A condition as written in the data files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCondition", into = "RawCondition")]
pub enum Condition {
    /// The answer is one of `values` (for multiple choice: at least one selected value is).
    In {
        q: String,
        values: Vec<String>,
    },
    /// An integer answer within `[min, max]` (either bound may be absent).
    Range {
        q: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A date answer within `[from, to]`.
    Dates {
        q: String,
        from: Option<Date>,
        to: Option<Date>,
    },
    /// The question is asked on the current path (its own `show_if` holds).
    Shown(String),
    /// The assessment date is within `[from, to]` (for rules that change on a date).
    Today {
        from: Option<Date>,
        to: Option<Date>,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// A named condition from the `define` section of instruments.json.
    Ref(String),
}

impl Condition {
    /// The question this leaf tests, if it is a leaf over an answer.
    pub fn question(&self) -> Option<&str> {
        match self {
            Condition::In { q, .. } | Condition::Range { q, .. } | Condition::Dates { q, .. } | Condition::Shown(q) => Some(q),
            Condition::Today { .. } | Condition::All(_) | Condition::Any(_) | Condition::Not(_) | Condition::Ref(_) => None,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    in_: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<i64>,
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    from: Option<Date>,
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shown: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    today: Option<RawToday>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not: Option<Box<Condition>>,
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    ref_: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToday {
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    from: Option<Date>,
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    to: Option<Date>,
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(r: RawCondition) -> Result<Condition, String> {
        let heads =
            [r.q.is_some(), r.shown.is_some(), r.today.is_some(), r.all.is_some(), r.any.is_some(), r.not.is_some(), r.ref_.is_some()];
        if heads.iter().filter(|h| **h).count() != 1 {
            return Err("a condition needs exactly one of `q`, `shown`, `today`, `all`, `any`, `not`, `ref`".into());
        }
        let has_range = r.min.is_some() || r.max.is_some();
        let has_dates = r.from.is_some() || r.to.is_some();
        if r.q.is_none() && (r.in_.is_some() || has_range || has_dates) {
            return Err("`in`, `min`, `max`, `from` and `to` go with `q`".into());
        }
        Ok(match r {
            RawCondition { q: Some(q), in_, min, max, from, to, .. } => match (in_, has_range, has_dates) {
                (Some(values), false, false) => Condition::In { q, values },
                (None, true, false) => Condition::Range { q, min, max },
                (None, false, true) => Condition::Dates { q, from, to },
                _ => return Err(format!("the test on `{q}` needs exactly one of `in`, `min`/`max`, `from`/`to`")),
            },
            RawCondition { shown: Some(q), .. } => Condition::Shown(q),
            RawCondition { today: Some(t), .. } => Condition::Today { from: t.from, to: t.to },
            RawCondition { all: Some(v), .. } => Condition::All(v),
            RawCondition { any: Some(v), .. } => Condition::Any(v),
            RawCondition { not: Some(c), .. } => Condition::Not(c),
            RawCondition { ref_: Some(name), .. } => Condition::Ref(name),
            RawCondition { .. } => return Err("empty condition".into()),
        })
    }
}

impl From<Condition> for RawCondition {
    fn from(c: Condition) -> RawCondition {
        match c {
            Condition::In { q, values } => RawCondition { q: Some(q), in_: Some(values), ..Default::default() },
            Condition::Range { q, min, max } => RawCondition { q: Some(q), min, max, ..Default::default() },
            Condition::Dates { q, from, to } => RawCondition { q: Some(q), from, to, ..Default::default() },
            Condition::Shown(q) => RawCondition { shown: Some(q), ..Default::default() },
            Condition::Today { from, to } => RawCondition { today: Some(RawToday { from, to }), ..Default::default() },
            Condition::All(v) => RawCondition { all: Some(v), ..Default::default() },
            Condition::Any(v) => RawCondition { any: Some(v), ..Default::default() },
            Condition::Not(c) => RawCondition { not: Some(c), ..Default::default() },
            Condition::Ref(name) => RawCondition { ref_: Some(name), ..Default::default() },
        }
    }
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    False,
    Unknown,
    True,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }

    pub fn is_true(self) -> bool {
        self == Tri::True
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// How a "non so" answer reads: literally (branching can say "if non so, ask …") or as unknown (rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Literal,
    Assess,
}

/// What a condition is evaluated against.
pub(crate) struct Ctx<'a> {
    /// Per question (in questionnaire order) what is known about its answer. Shorter than the
    /// questionnaire while branching is being resolved: later questions read as unknown.
    pub slots: &'a [Slot],
    pub unknown: &'a [Option<u8>],
    pub mode: Mode,
    pub today: Option<Date>,
}

/// The answers that decided a condition, with how each leaf came out.
pub(crate) type Witness = Vec<(u16, Tri)>;

/// A condition compiled against a questionnaire: question indices, option bitmasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cond {
    Const(Tri),
    All(Box<[Cond]>),
    Any(Box<[Cond]>),
    Not(Box<Cond>),
    Choice { q: u16, mask: u64 },
    Int { q: u16, min: i64, max: i64 },
    Date { q: u16, from: Date, to: Date },
    Shown(u16),
    Today { from: Date, to: Date },
}

impl Cond {
    /// Evaluates, pushing the leaves that decided the result onto `w`: for `all` that is true, every
    /// child; that is false, the first false child; for `any` the mirror image. Hidden questions are not
    /// "used", so they are never pushed.
    pub(crate) fn eval(&self, ctx: &Ctx, w: &mut Witness) -> Tri {
        match self {
            Cond::Const(t) => *t,
            Cond::All(children) => {
                let mark = w.len();
                let mut result = Tri::True;
                for c in children.iter() {
                    let start = w.len();
                    match c.eval(ctx, w) {
                        Tri::False => {
                            w.drain(mark..start);
                            return Tri::False;
                        }
                        Tri::Unknown => result = Tri::Unknown,
                        Tri::True => {}
                    }
                }
                result
            }
            Cond::Any(children) => {
                let mark = w.len();
                let mut result = Tri::False;
                for c in children.iter() {
                    let start = w.len();
                    match c.eval(ctx, w) {
                        Tri::True => {
                            w.drain(mark..start);
                            return Tri::True;
                        }
                        Tri::Unknown => result = Tri::Unknown,
                        Tri::False => {}
                    }
                }
                result
            }
            Cond::Not(c) => !c.eval(ctx, w),
            Cond::Choice { q, mask } => {
                let r = match ctx.slots.get(usize::from(*q)) {
                    Some(Slot::Hidden) => return Tri::False,
                    Some(Slot::Choice(i)) => {
                        if ctx.mode == Mode::Assess && ctx.unknown.get(usize::from(*q)).copied().flatten() == Some(*i) {
                            Tri::Unknown
                        } else {
                            Tri::from_bool(mask & (1u64 << i) != 0)
                        }
                    }
                    Some(Slot::Choices(m)) => {
                        let unknown_bit = ctx.unknown.get(usize::from(*q)).copied().flatten().map_or(0, |i| 1u64 << i);
                        if ctx.mode == Mode::Assess && m & unknown_bit != 0 { Tri::Unknown } else { Tri::from_bool(m & mask != 0) }
                    }
                    _ => Tri::Unknown,
                };
                w.push((*q, r));
                r
            }
            Cond::Int { q, min, max } => {
                let r = match ctx.slots.get(usize::from(*q)) {
                    Some(Slot::Hidden) => return Tri::False,
                    Some(Slot::Int(v)) => Tri::from_bool(min <= v && v <= max),
                    _ => Tri::Unknown,
                };
                w.push((*q, r));
                r
            }
            Cond::Date { q, from, to } => {
                let r = match ctx.slots.get(usize::from(*q)) {
                    Some(Slot::Hidden) => return Tri::False,
                    Some(Slot::Date(d)) => Tri::from_bool(from <= d && d <= to),
                    _ => Tri::Unknown,
                };
                w.push((*q, r));
                r
            }
            Cond::Shown(q) => match ctx.slots.get(usize::from(*q)) {
                Some(Slot::Hidden) => Tri::False,
                Some(Slot::Maybe) | None => Tri::Unknown,
                Some(_) => Tri::True,
            },
            Cond::Today { from, to } => match ctx.today {
                Some(d) => Tri::from_bool(*from <= d && d <= *to),
                None => Tri::Unknown,
            },
        }
    }

    /// Calls `f` on this node and every node below it.
    pub(crate) fn visit(&self, f: &mut dyn FnMut(&Cond)) {
        f(self);
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Cond::Not(c) => c.visit(f),
            Cond::Const(_) | Cond::Choice { .. } | Cond::Int { .. } | Cond::Date { .. } | Cond::Shown(_) | Cond::Today { .. } => {}
        }
    }

    /// Every question this condition reads (answers or visibility), possibly with repeats.
    pub(crate) fn questions(&self, out: &mut Vec<u16>) {
        match self {
            Cond::Const(_) | Cond::Today { .. } => {}
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.questions(out)),
            Cond::Not(c) => c.questions(out),
            Cond::Choice { q, .. } | Cond::Int { q, .. } | Cond::Date { q, .. } | Cond::Shown(q) => out.push(*q),
        }
    }
}

/// Named conditions a `ref` may point to.
pub(crate) type Defines<'a> = dyn Fn(&str) -> Option<&'a Condition> + 'a;

/// Compiles a condition. Anything that does not resolve (unknown question or name, a test that does not
/// fit the question's kind, a cycle of `ref`s) becomes *unknown*: `check-data` reports it, and at run time
/// it can only make an outcome "possible", never exclude anyone.
pub(crate) fn compile<'a>(c: &Condition, questionnaire: &Questionnaire, defines: &Defines<'a>) -> Cond {
    compile_at(c, questionnaire, defines, 0)
}

const MAX_REF_DEPTH: usize = 16;

fn compile_at<'a>(c: &Condition, qn: &Questionnaire, defines: &Defines<'a>, depth: usize) -> Cond {
    use super::Kind;
    let unknown = Cond::Const(Tri::Unknown);
    let question = |id: &str| qn.index(id).and_then(|i| u16::try_from(i).ok().map(|qi| (qi, &qn.questions()[i])));
    match c {
        Condition::In { q, values } => match question(q) {
            Some((qi, question)) if question.is_choice() => {
                let mask = values.iter().filter_map(|v| question.option_index(v)).filter(|i| *i < 64).fold(0u64, |m, i| m | (1u64 << i));
                Cond::Choice { q: qi, mask }
            }
            _ => unknown,
        },
        Condition::Range { q, min, max } => match question(q) {
            Some((qi, question)) if question.kind == Kind::Integer => {
                Cond::Int { q: qi, min: min.unwrap_or(i64::MIN), max: max.unwrap_or(i64::MAX) }
            }
            _ => unknown,
        },
        Condition::Dates { q, from, to } => match question(q) {
            Some((qi, question)) if question.kind == Kind::Date => {
                Cond::Date { q: qi, from: from.unwrap_or(Date::MIN), to: to.unwrap_or(Date::MAX) }
            }
            _ => unknown,
        },
        Condition::Shown(q) => question(q).map_or(unknown, |(qi, _)| Cond::Shown(qi)),
        Condition::Today { from, to } => Cond::Today { from: from.unwrap_or(Date::MIN), to: to.unwrap_or(Date::MAX) },
        Condition::All(cs) => Cond::All(cs.iter().map(|c| compile_at(c, qn, defines, depth)).collect()),
        Condition::Any(cs) => Cond::Any(cs.iter().map(|c| compile_at(c, qn, defines, depth)).collect()),
        Condition::Not(c) => Cond::Not(Box::new(compile_at(c, qn, defines, depth))),
        Condition::Ref(name) => match defines(name) {
            Some(def) if depth < MAX_REF_DEPTH => compile_at(def, qn, defines, depth + 1),
            _ => unknown,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_forms() {
        let c: Condition = serde_json::from_str(r#"{"all": [{"q": "region", "in": ["12"]}, {"not": {"q": "age", "min": 18}}]}"#).unwrap();
        assert_eq!(
            c,
            Condition::All(vec![
                Condition::In { q: "region".into(), values: vec!["12".into()] },
                Condition::Not(Box::new(Condition::Range { q: "age".into(), min: Some(18), max: None })),
            ])
        );
        let back: Condition = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        let d: Condition = serde_json::from_str(r#"{"today": {"from": "2026-01-01"}}"#).unwrap();
        assert!(matches!(d, Condition::Today { from: Some(_), to: None }));
    }

    #[test]
    fn malformed_conditions_say_why() {
        for (bad, says) in [
            (r#"{"q": "age"}"#, "exactly one of `in`"),
            (r#"{"q": "age", "in": ["1"], "min": 3}"#, "exactly one of `in`"),
            (r#"{"all": [], "any": []}"#, "exactly one of `q`"),
            (r#"{"in": ["1"]}"#, "exactly one of `q`"),
            (r#"{"q": "age", "between": [1, 2]}"#, "unknown field"),
        ] {
            let err = serde_json::from_str::<Condition>(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn kleene_logic() {
        use Tri::*;
        let slots = [Slot::Choice(0), Slot::Unanswered, Slot::Hidden];
        let ctx = Ctx { slots: &slots, unknown: &[None, None, None], mode: Mode::Assess, today: None };
        let yes = Cond::Choice { q: 0, mask: 1 };
        let no = Cond::Choice { q: 0, mask: 2 };
        let unknown = Cond::Choice { q: 1, mask: 1 };
        let hidden = Cond::Choice { q: 2, mask: 1 };
        let all = |v: Vec<Cond>| Cond::All(v.into_boxed_slice());
        let any = |v: Vec<Cond>| Cond::Any(v.into_boxed_slice());
        let mut w = Witness::new();
        assert_eq!(all(vec![yes.clone(), unknown.clone()]).eval(&ctx, &mut w), Unknown);
        assert_eq!(all(vec![no.clone(), unknown.clone()]).eval(&ctx, &mut w), False);
        assert_eq!(any(vec![yes.clone(), unknown.clone()]).eval(&ctx, &mut w), True);
        assert_eq!(any(vec![no.clone(), unknown.clone()]).eval(&ctx, &mut w), Unknown);
        assert_eq!(hidden.eval(&ctx, &mut w), False);
        assert_eq!(Cond::Not(Box::new(unknown)).eval(&ctx, &mut w), Unknown);
        w.clear();
        assert_eq!(any(vec![no, yes]).eval(&ctx, &mut w), True);
        assert_eq!(w, [(0, True)], "only the deciding leaf is kept");
    }
}
