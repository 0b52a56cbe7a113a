//! Checks of `instruments.json`: engine texts, named conditions, criteria and their cases, amounts,
//! notes, dates, successors, regional ids, sources and `checked_on`; and questions nothing reads.

use super::{Allowed, Checker, IF, ProblemKind, QF, is_id, region_slug};
use crate::lang::Text;
use crate::questionnaire::{Condition, Kind};
use crate::rules::model::{self, Criterion, Instruments};
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
            for (k, s) in inst.sources.iter().enumerate() {
                let sp = format!("{p}.sources[{k}]");
                if !(s.url.starts_with("https://") || s.url.starts_with("http://")) || s.url.contains(char::is_whitespace) {
                    self.push(IF, format!("{sp}.url"), ProblemKind::Source, format!("`{}` is not a web address", s.url));
                }
                if s.title.trim().is_empty() {
                    self.push(IF, format!("{sp}.title"), ProblemKind::Source, "a source needs a title");
                }
                if s.date.is_none() {
                    self.push(IF, format!("{sp}.date"), ProblemKind::Source, "source without a date");
                }
            }
            if inst.checked_on.is_none() {
                self.push(IF, format!("{p}.checked_on"), ProblemKind::Source, format!("instrument `{}` has no `checked_on` date", inst.id));
            }
        }
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

    /// Questions that neither branching nor any rule reads.
    pub(super) fn unused(&mut self, file: &Instruments) {
        let rulebook = crate::rules::Rulebook::compile(self.q.clone(), file.clone());
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
