//! Checks of `instruments.json`: engine texts, named conditions, criteria and their cases, amounts,
//! notes, dates, successors, regional ids, sources and `checked_on`; and questions nothing reads.

use super::{Allowed, Checker, IF, ProblemKind, QF, is_id, region_slug};
use crate::lang::Text;
use crate::questionnaire::{Condition, Kind};
use crate::rules::REVIEW_DUE;
use crate::rules::model::{self, Criterion, Instruments, Source, SourceKind, SupportKind};
use crate::rules::template::Var;
use std::collections::{BTreeMap, BTreeSet, HashSet};

impl Checker<'_> {
    fn rule_condition(&mut self, path: &str, c: Option<&Condition>, file: &Instruments) {
        if let Some(c) = c {
            self.condition_in(IF, path, c, Allowed { show_if_of: None }, Some(&file.define));
        }
    }

    pub(super) fn instruments(&mut self, file: &Instruments) {
        let t = &file.texts;
        for (name, text, vars) in [
            ("unanswered", &t.unanswered, &[Var::Question][..]),
            ("dont_know", &t.dont_know, &[Var::Question][..]),
            ("verify_open", &t.verify_open, &[][..]),
            ("closed", &t.closed, &[Var::Date][..]),
            ("not_yet_open", &t.not_yet_open, &[Var::Date][..]),
            ("paused", &t.paused, &[Var::Date, Var::Reason][..]),
            ("successor", &t.successor, &[Var::Successor][..]),
            ("no_answer", &t.no_answer, &[][..]),
            ("review_label", &t.review_label, &[][..]),
            ("review_due", &t.review_due, &[Var::Date][..]),
        ] {
            self.template(IF, &format!("texts.{name}"), text, vars);
        }
        for (name, c) in &file.define {
            if !is_id(name) {
                self.push(IF, format!("define.{name}"), ProblemKind::Structure, format!("`{name}` is not an id"));
            }
            self.rule_condition(&format!("define.{name}"), Some(c), file);
            if refers_to(name, c, &file.define, &mut Vec::new()) {
                self.push(IF, format!("define.{name}"), ProblemKind::Reference, format!("`{name}` refers to itself"));
            }
        }
        for (name, c) in &file.common_criteria {
            self.criterion(&format!("common_criteria.{name}"), c, file, true);
        }
        let ids: Vec<&str> = file.instruments.iter().map(|i| i.id.as_str()).collect();
        let mut seen = HashSet::new();
        for (n, inst) in file.instruments.iter().enumerate() {
            let p = format!("instruments[{n}]");
            if !is_id(&inst.id) {
                self.push(
                    IF,
                    format!("{p}.id"),
                    ProblemKind::Structure,
                    format!("`{}` is not an id (lowercase letters, digits, `_`)", inst.id),
                );
            }
            if !seen.insert(inst.id.as_str()) {
                self.push(IF, format!("{p}.id"), ProblemKind::Structure, format!("instrument `{}` appears twice", inst.id));
            }
            self.text(IF, &format!("{p}.name"), &inst.name);
            self.text(IF, &format!("{p}.managing_body"), &inst.managing_body);
            self.text(IF, &format!("{p}.support"), &inst.support);
            self.text(IF, &format!("{p}.legal_basis"), &inst.legal_basis);
            if let Some(ct) = &inst.closed_text {
                self.template(IF, &format!("{p}.closed_text"), ct, &[Var::Date]);
            }
            self.region(&p, inst);
            if let (Some(open), Some(close)) = (inst.opens_on, inst.closes_on)
                && open > close
            {
                self.push(IF, format!("{p}.opens_on"), ProblemKind::Structure, "`opens_on` is after `closes_on`");
            }
            for (k, pause) in inst.pauses.iter().enumerate() {
                if pause.from > pause.to {
                    self.push(IF, format!("{p}.pauses[{k}].from"), ProblemKind::Structure, "`from` is after `to`");
                }
                self.text(IF, &format!("{p}.pauses[{k}].reason"), &pause.reason);
            }
            if let Some(s) = &inst.successor {
                if !ids.contains(&s.as_str()) {
                    self.push(IF, format!("{p}.successor"), ProblemKind::Reference, format!("unknown instrument `{s}`"));
                }
                if inst.closes_on.is_none() {
                    self.push(IF, format!("{p}.successor"), ProblemKind::Structure, "only an instrument with `closes_on` has a successor");
                }
            }
            for (k, a) in inst.alternatives.iter().enumerate() {
                if !ids.contains(&a.as_str()) || *a == inst.id {
                    self.push(IF, format!("{p}.alternatives[{k}]"), ProblemKind::Reference, format!("`{a}` is not another instrument"));
                }
            }
            if inst.criteria.is_empty() {
                self.push(IF, format!("{p}.criteria"), ProblemKind::Structure, "an instrument needs at least one criterion");
            }
            let mut criterion_ids = HashSet::new();
            for (k, c) in inst.criteria.iter().enumerate() {
                let cp = format!("{p}.criteria[{k}]");
                self.criterion(&cp, c, file, false);
                let id = c.uses.as_ref().and_then(|u| file.common_criteria.get(u)).map_or(c.id.as_str(), |common| common.id.as_str());
                if !id.is_empty() && !criterion_ids.insert(id.to_owned()) {
                    self.push(IF, cp, ProblemKind::Structure, format!("criterion `{id}` appears twice"));
                }
            }
            for (k, a) in inst.amounts.iter().enumerate() {
                let ap = format!("{p}.amounts[{k}]");
                self.rule_condition(&format!("{ap}.when"), a.when.as_ref(), file);
                let vars: &[Var] = if a.basis.is_some() { &[Var::Value, Var::Basis] } else { &[] };
                self.template(IF, &format!("{ap}.text"), &a.text, vars);
                if let Some(b) = &a.basis {
                    match self.q.question(&b.q) {
                        None => self.push(IF, format!("{ap}.basis.q"), ProblemKind::Reference, format!("unknown question `{}`", b.q)),
                        Some(question) if question.kind != Kind::Integer => {
                            self.push(IF, format!("{ap}.basis.q"), ProblemKind::Structure, format!("`{}` is not an integer question", b.q))
                        }
                        Some(_) => {}
                    }
                }
                if a.percent.is_some() && a.basis.is_none() {
                    self.push(IF, format!("{ap}.percent"), ProblemKind::Structure, "`percent` needs a `basis`");
                }
                if a.percent.is_some_and(|p| p > 100) {
                    self.push(IF, format!("{ap}.percent"), ProblemKind::Structure, "`percent` is at most 100");
                }
            }
            for (list, items) in [("prepare", &inst.prepare), ("next_steps", &inst.next_steps)] {
                for (k, item) in items.iter().enumerate() {
                    self.rule_condition(&format!("{p}.{list}[{k}].when"), item.when.as_ref(), file);
                    self.template(IF, &format!("{p}.{list}[{k}].text"), &item.text, &[]);
                }
            }
            for (k, note) in inst.notes.iter().enumerate() {
                self.rule_condition(&format!("{p}.notes[{k}].when"), note.when.as_ref(), file);
                self.template(IF, &format!("{p}.notes[{k}].text"), &note.text, &[]);
            }
            if inst.sources.is_empty() {
                self.push(IF, format!("{p}.sources"), ProblemKind::Source, "an instrument needs at least one source");
            }
            if inst.checked_on.is_none() {
                self.push(IF, format!("{p}.checked_on"), ProblemKind::Source, format!("instrument `{}` has no `checked_on` date", inst.id));
            }
            self.review_by(&p, inst);
            self.lines(&p, inst, file);
            self.loan(&p, inst, file);
            self.sources(&p, &inst.sources);
        }
    }

    /// `review_by`: present, not before `checked_on`, and at most 12 months after it.
    fn review_by(&mut self, p: &str, inst: &model::Instrument) {
        match (inst.review_by, inst.checked_on) {
            (None, _) => {
                self.push(IF, format!("{p}.review_by"), ProblemKind::Source, format!("instrument `{}` has no `review_by` date", inst.id))
            }
            (Some(review), Some(checked)) if review < checked => {
                self.push(IF, format!("{p}.review_by"), ProblemKind::Source, "`review_by` is before `checked_on`")
            }
            (Some(review), Some(checked)) if review > add_months(checked, 12) => self.push(
                IF,
                format!("{p}.review_by"),
                ProblemKind::Source,
                format!("`review_by` is more than 12 months after `checked_on` (at most {})", crate::date::to_iso(add_months(checked, 12))),
            ),
            _ => {}
        }
    }

    /// Lines: a condition, a window of their own, and a closed text with only `{date}`.
    fn lines(&mut self, p: &str, inst: &model::Instrument, file: &Instruments) {
        for (k, line) in inst.lines.iter().enumerate() {
            let lp = format!("{p}.lines[{k}]");
            self.rule_condition(&format!("{lp}.when"), Some(&line.when), file);
            if line.opens_on.is_none() && line.closes_on.is_none() {
                self.push(IF, lp.clone(), ProblemKind::Structure, "a line needs its own `opens_on` or `closes_on`");
            }
            let (open, close) = (line.opens_on.or(inst.opens_on), line.closes_on.or(inst.closes_on));
            if let (Some(open), Some(close)) = (open, close)
                && open > close
            {
                self.push(IF, format!("{lp}.opens_on"), ProblemKind::Structure, "the line opens after it closes");
            }
            // The instrument's own window is the widest: the app lists open measures by it.
            let outside = line.opens_on.zip(inst.opens_on).is_some_and(|(l, i)| l < i)
                || line.closes_on.zip(inst.closes_on).is_some_and(|(l, i)| l > i);
            if outside {
                self.push(IF, lp.clone(), ProblemKind::Structure, "a line's window must lie within the instrument's own window");
            }
            if let Some(t) = &line.closed_text {
                self.template(IF, &format!("{lp}.closed_text"), t, &[Var::Date]);
            }
        }
    }

    /// Loan terms: plausible numbers, and an illustrative rate always with its source.
    fn loan(&mut self, p: &str, inst: &model::Instrument, file: &Instruments) {
        for (k, n) in inst.non_repayable.iter().enumerate() {
            self.text(IF, &format!("{p}.non_repayable[{k}].text"), &n.text);
            if !matches!(n.kind, SupportKind::Grant | SupportKind::Voucher | SupportKind::LumpSum | SupportKind::MonthlyAllowance) {
                self.push(
                    IF,
                    format!("{p}.non_repayable[{k}].kind"),
                    ProblemKind::Structure,
                    "only grants, vouchers and allowances are non-repayable",
                );
            }
        }
        let Some(loan) = &inst.loan else {
            // Closed measures and funds whose call is not confirmed may leave the terms out.
            let lends = inst.support_kinds.iter().any(|k| matches!(k, SupportKind::Loan | SupportKind::ZeroInterestLoan));
            if lends && inst.closes_on.is_none() && !inst.verify_open {
                self.push(IF, format!("{p}.loan"), ProblemKind::Content, "a measure that lends money needs its `loan` terms");
            }
            return;
        };
        let lp = format!("{p}.loan");
        if loan.max_term_months == 0 || loan.max_term_months > 360 {
            self.push(IF, format!("{lp}.max_term_months"), ProblemKind::Structure, "the term is 1 to 360 months");
        }
        if loan.grace_months > 60 {
            self.push(IF, format!("{lp}.grace_months"), ProblemKind::Structure, "a grace period of more than 60 months is not plausible");
        }
        for (name, v) in [("lends_percent", loan.lends_percent), ("repaid_percent", loan.repaid_percent)] {
            if v == 0 || v > 100 {
                self.push(IF, format!("{lp}.{name}"), ProblemKind::Structure, format!("`{name}` is 1 to 100"));
            }
        }
        if loan.max_amount.is_some_and(|m| m <= 0) {
            self.push(IF, format!("{lp}.max_amount"), ProblemKind::Structure, "`max_amount` is a positive number of euros");
        }
        for (k, a) in loan.adjust.iter().enumerate() {
            let ap = format!("{lp}.adjust[{k}]");
            self.rule_condition(&format!("{ap}.when"), Some(&a.when), file);
            for (name, v) in [("lends_percent", a.lends_percent), ("repaid_percent", a.repaid_percent)] {
                if v.is_some_and(|v| v == 0 || v > 100) {
                    self.push(IF, format!("{ap}.{name}"), ProblemKind::Structure, format!("`{name}` is 1 to 100"));
                }
            }
            if a.max_amount.is_some_and(|m| m <= 0) {
                self.push(IF, format!("{ap}.max_amount"), ProblemKind::Structure, "`max_amount` is a positive number of euros");
            }
            if a.lends_percent.is_none() && a.max_amount.is_none() && a.repaid_percent.is_none() {
                self.push(IF, ap, ProblemKind::Structure, "an adjustment changes at least one figure");
            }
        }
        let rate = &loan.rate;
        if !rate.percent.is_finite() || !(0.0..50.0).contains(&rate.percent) {
            self.push(IF, format!("{lp}.rate.percent"), ProblemKind::Structure, "the rate is a yearly percentage from 0 to 50");
        }
        if let Some(n) = &rate.note {
            self.text(IF, &format!("{lp}.rate.note"), n);
        }
        match (&rate.source, rate.basis) {
            (None, model::RateBasis::Illustrative) => {
                self.push(IF, format!("{lp}.rate.source"), ProblemKind::Source, "an illustrative rate needs its source")
            }
            (Some(src), _) => self.source(&format!("{lp}.rate.source"), src),
            (None, model::RateBasis::Fixed) => {}
        }
        if rate.basis == model::RateBasis::Illustrative && rate.note.is_none() {
            self.push(
                IF,
                format!("{lp}.rate.note"),
                ProblemKind::Content,
                "an illustrative rate needs a note saying the lender sets the real one",
            );
        }
    }

    /// Every source of an instrument; official ones first.
    pub(super) fn sources(&mut self, p: &str, sources: &[Source]) {
        let mut seen_secondary = false;
        for (k, s) in sources.iter().enumerate() {
            let sp = format!("{p}.sources[{k}]");
            self.source(&sp, s);
            match s.kind {
                Some(SourceKind::Secondary) => seen_secondary = true,
                Some(SourceKind::Official) if seen_secondary => {
                    self.push(IF, format!("{sp}.kind"), ProblemKind::Source, "official sources come before secondary ones")
                }
                _ => {}
            }
        }
    }

    /// One source: a page (not a bare home page), a title, a date, a kind.
    pub(super) fn source(&mut self, sp: &str, s: &Source) {
        self.source_in(IF, sp, s);
    }

    pub(super) fn source_in(&mut self, file: &str, sp: &str, s: &Source) {
        self.out.extend(source_problems(file, sp, s));
    }

    /// Regional funds: a known region, and an id `regionale_<region>` (a second fund: `regionale_<region>_…`).
    fn region(&mut self, p: &str, inst: &model::Instrument) {
        match (&inst.region, inst.id.starts_with("regionale_")) {
            (None, true) => self.push(IF, format!("{p}.region"), ProblemKind::Structure, "a regional fund needs its `region` (ISTAT code)"),
            (Some(_), false) => {
                self.push(IF, format!("{p}.id"), ProblemKind::Structure, "a fund with a `region` needs an id starting with `regionale_`")
            }
            (Some(code), true) => {
                if let Some(regions) = self.regions {
                    match regions.iter().find(|r| r.code == *code) {
                        None => self.push(
                            IF,
                            format!("{p}.region"),
                            ProblemKind::Reference,
                            format!("`{code}` is not a region code of regioni.json"),
                        ),
                        Some(r) => {
                            let base = format!("regionale_{}", region_slug(&r.name));
                            if inst.id != base && !inst.id.starts_with(&format!("{base}_")) {
                                self.push(
                                    IF,
                                    format!("{p}.id"),
                                    ProblemKind::Structure,
                                    format!("the fund of {} should be `{base}` or `{base}_…`", r.name),
                                );
                            }
                        }
                    }
                }
            }
            (None, false) => {}
        }
    }

    fn criterion(&mut self, p: &str, c: &Criterion, file: &Instruments, in_common: bool) {
        if let Some(u) = &c.uses {
            if in_common {
                self.push(IF, format!("{p}.use"), ProblemKind::Structure, "a common criterion cannot `use` another");
            } else if !file.common_criteria.contains_key(u) {
                self.push(IF, format!("{p}.use"), ProblemKind::Reference, format!("no common criterion named `{u}`"));
            }
            if !c.id.is_empty() || c.label != Text::default() || c.unknown.is_some() || !c.cases.is_empty() {
                self.push(IF, p.to_owned(), ProblemKind::Structure, "a `use` entry takes no other fields");
            }
            return;
        }
        if !is_id(&c.id) {
            self.push(IF, format!("{p}.id"), ProblemKind::Structure, "a criterion needs an id (lowercase letters, digits, `_`)");
        }
        if c.id == REVIEW_DUE {
            self.push(
                IF,
                format!("{p}.id"),
                ProblemKind::Structure,
                format!("`{REVIEW_DUE}` is the engine's own check; choose another id"),
            );
        }
        self.text(IF, &format!("{p}.label"), &c.label);
        if let Some(u) = &c.unknown {
            self.template(IF, &format!("{p}.unknown"), u, &[Var::Question]);
        }
        if c.cases.is_empty() {
            self.push(IF, format!("{p}.cases"), ProblemKind::Structure, "a criterion needs at least one case");
        }
        let last = c.cases.len().saturating_sub(1);
        for (k, case) in c.cases.iter().enumerate() {
            let cp = format!("{p}.cases[{k}]");
            self.rule_condition(&format!("{cp}.when"), case.when.as_ref(), file);
            if case.when.is_none() && k < last {
                self.push(IF, format!("{cp}.when"), ProblemKind::Content, "the cases after one without `when` can never apply");
            }
            if !case.blocking && case.state != model::CriterionState::Unmet {
                self.push(IF, format!("{cp}.blocking"), ProblemKind::Structure, "only an unmet case can be non-blocking");
            }
            self.template(IF, &format!("{cp}.explain"), &case.explain, &[]);
            match (&case.would_fit_if, case.state) {
                (Some(w), _) => self.template(IF, &format!("{cp}.would_fit_if"), w, &[]),
                (None, model::CriterionState::Unmet) => {
                    self.push(IF, format!("{cp}.would_fit_if"), ProblemKind::Content, "an unmet case needs `would_fit_if`")
                }
                (None, _) => {}
            }
        }
    }

    /// Questions that neither branching nor any rule reads; and the rule that nobody under 18 fits any
    /// measure (a minor cannot sign a loan or run a business without a court's leave: c.c. artt. 2, 320,
    /// 397), checked by assessing a 17-year-old who answered nothing else.
    pub(super) fn unused(&mut self, file: &Instruments) {
        let rulebook = crate::rules::Rulebook::compile(self.q.clone(), file.clone());
        if self.q.question(AGE_QUESTION).is_some_and(|q| q.kind == Kind::Integer && q.min_value() < 18) {
            let minor = crate::questionnaire::Answers::new().with(AGE_QUESTION, crate::questionnaire::Answer::Integer(17));
            let today = crate::date::Date::MIN;
            for (n, o) in rulebook.assess(&minor, today).iter().enumerate() {
                if o.blocking().next().is_none() {
                    self.push(
                        IF,
                        format!("instruments[{n}].criteria"),
                        ProblemKind::Content,
                        format!("a 17-year-old could fit `{}`: add the common criterion for adults (`maggiore_eta`)", o.id()),
                    );
                }
            }
        }
        let mut used: BTreeSet<u16> = rulebook.instruments.iter().flat_map(|i| i.used.iter().copied()).collect();
        for i in 0..self.q.questions().len() {
            let mut qs = Vec::new();
            self.q.compiled_show_if(i).questions(&mut qs);
            used.extend(qs);
        }
        for (i, question) in self.q.questions().iter().enumerate() {
            if !u16::try_from(i).is_ok_and(|i| used.contains(&i)) {
                self.push(
                    QF,
                    format!("questions[{i}]"),
                    ProblemKind::Unused,
                    format!("no rule and no branching reads question `{}`", question.id),
                );
            }
        }
    }
}

/// The question the minors rule reads.
const AGE_QUESTION: &str = "age";

/// The same day `months` months later (the last day of the month when it has fewer days).
pub(crate) fn add_months(d: crate::date::Date, months: u32) -> crate::date::Date {
    let total = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + i64::from(months);
    let (year, month) = (i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX), u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1));
    let month = crate::date::Month::try_from(month).unwrap_or(crate::date::Month::January);
    let last = month.length(year);
    crate::date::Date::from_calendar_date(year, month, d.day().min(last)).unwrap_or(d)
}

/// One source: a page (not a bare home page), a title, a date, a kind.
pub(crate) fn source_problems(file: &str, sp: &str, s: &Source) -> Vec<super::DataError> {
    let mut out = Vec::new();
    let mut push = |path: String, message: String| {
        out.push(super::DataError { file: file.to_owned(), path, message, kind: ProblemKind::Source });
    };
    if !(s.url.starts_with("https://") || s.url.starts_with("http://")) || s.url.contains(char::is_whitespace) {
        push(format!("{sp}.url"), format!("`{}` is not a web address", s.url));
    } else if is_home_page(&s.url) {
        push(format!("{sp}.url"), format!("`{}` is a site's home page: cite the page that says it", s.url));
    }
    if s.title.trim().is_empty() {
        push(format!("{sp}.title"), "a source needs a title".to_owned());
    }
    if s.date.is_none() {
        push(format!("{sp}.date"), "source without a date".to_owned());
    }
    if s.kind.is_none() {
        push(format!("{sp}.kind"), "say whether the source is `official` or `secondary`".to_owned());
    }
    out
}

/// `https://www.example.it/` or `https://example.it`: a site, not a page.
fn is_home_page(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.split_once('/') {
        None => true,
        Some((_, path)) => path.is_empty() || path == "index.html" || path == "index.php",
    }
}

/// Whether the condition named `name` reaches itself through `ref`s.
fn refers_to(name: &str, c: &Condition, defines: &BTreeMap<String, Condition>, stack: &mut Vec<String>) -> bool {
    match c {
        Condition::Ref(r) if r == name => true,
        Condition::Ref(r) => {
            if stack.contains(r) {
                return false;
            }
            stack.push(r.clone());
            let found = defines.get(r).is_some_and(|d| refers_to(name, d, defines, stack));
            stack.pop();
            found
        }
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(|c| refers_to(name, c, defines, stack)),
        Condition::Not(c) => refers_to(name, c, defines, stack),
        Condition::In { .. } | Condition::Range { .. } | Condition::Dates { .. } | Condition::Shown(_) | Condition::Today { .. } => false,
    }
}
