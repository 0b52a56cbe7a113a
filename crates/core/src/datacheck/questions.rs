//! Checks of `questionnaire.json`: ids, kinds and options, translations, branching conditions and
//! whether every question can be reached, and the regions against `regioni.json`.

use super::reach::reachable;
use super::{Allowed, Checker, ProblemKind, QF, is_id, is_token};
use crate::questionnaire::{self, Condition, Kind, Questionnaire};
use std::collections::{BTreeMap, HashSet};

impl<'a> Checker<'a> {
    pub(super) fn questionnaire(&mut self) {
        let q = self.q;
        let m = q.messages();
        for (name, t) in [
            ("required", &m.required),
            ("not_a_number", &m.not_a_number),
            ("below_min", &m.below_min),
            ("above_max", &m.above_max),
            ("not_a_date", &m.not_a_date),
            ("not_an_option", &m.not_an_option),
            ("exclusive", &m.exclusive),
            ("unknown_question", &m.unknown_question),
            ("wrong_type", &m.wrong_type),
            ("no_answer", &m.no_answer),
        ] {
            self.text(QF, &format!("messages.{name}"), t);
        }
        let mut seen = HashSet::new();
        for (i, question) in q.questions().iter().enumerate() {
            let p = format!("questions[{i}]");
            if !is_id(&question.id) {
                self.push(
                    QF,
                    format!("{p}.id"),
                    ProblemKind::Structure,
                    format!("`{}` is not an id (lowercase letters, digits, `_`)", question.id),
                );
            }
            if !seen.insert(question.id.as_str()) {
                self.push(QF, format!("{p}.id"), ProblemKind::Structure, format!("question `{}` appears twice", question.id));
            }
            self.text(QF, &format!("{p}.legend"), &question.legend);
            self.opt_text(QF, &format!("{p}.hint"), question.hint.as_ref());
            self.opt_text(QF, &format!("{p}.unit"), question.unit.as_ref());
            let o = &question.messages;
            for (name, t) in [
                ("required", &o.required),
                ("not_a_number", &o.not_a_number),
                ("below_min", &o.below_min),
                ("above_max", &o.above_max),
                ("not_a_date", &o.not_a_date),
            ] {
                self.opt_text(QF, &format!("{p}.messages.{name}"), t.as_ref());
            }
            self.question_shape(&p, question);
            if let Some(c) = &question.show_if {
                let before = self.out.len();
                self.condition(QF, &format!("{p}.show_if"), c, Allowed { show_if_of: Some(i) });
                if self.out.len() == before && reachable(q, i) == Some(false) {
                    self.push(
                        QF,
                        format!("{p}.show_if"),
                        ProblemKind::Unreachable,
                        format!("no answers can reach question `{}`", question.id),
                    );
                }
            }
        }
        self.regions_match();
    }

    fn question_shape(&mut self, p: &str, question: &questionnaire::Question) {
        let choice = question.is_choice();
        if choice {
            if question.options.len() < 2 {
                self.push(QF, format!("{p}.options"), ProblemKind::Structure, "a choice question needs at least two options");
            }
            if question.options.len() > 64 {
                self.push(QF, format!("{p}.options"), ProblemKind::Structure, "at most 64 options");
            }
            let mut values = HashSet::new();
            for (k, option) in question.options.iter().enumerate() {
                let op = format!("{p}.options[{k}]");
                if !is_token(&option.value) {
                    self.push(
                        QF,
                        format!("{op}.value"),
                        ProblemKind::Structure,
                        format!("`{}` is not a value (letters, digits, `_`)", option.value),
                    );
                }
                if !values.insert(option.value.as_str()) {
                    self.push(QF, format!("{op}.value"), ProblemKind::Structure, format!("option `{}` appears twice", option.value));
                }
                self.text(QF, &format!("{op}.label"), &option.label);
                self.opt_text(QF, &format!("{op}.hint"), option.hint.as_ref());
                if let Some(short) = &option.short {
                    self.short_text(QF, &format!("{op}.short"), short);
                }
                if let Some(c) = &option.show_if {
                    self.condition(QF, &format!("{op}.show_if"), c, Allowed { show_if_of: self.q.index(&question.id) });
                }
            }
            if let Some(u) = &question.unknown_option
                && question.option(u).is_none()
            {
                self.push(
                    QF,
                    format!("{p}.unknown_option"),
                    ProblemKind::Reference,
                    format!("`{u}` is not an option of `{}`", question.id),
                );
            }
        } else if question.kind == Kind::Integer && question.unknown_option.is_some() {
            // A number that may also be answered "non lo so ancora": exactly that one option.
            let u = question.unknown_option.as_deref().unwrap_or_default();
            match question.options.as_slice() {
                [only] if only.value == u => {
                    self.text(QF, &format!("{p}.options[0].label"), &only.label);
                    self.opt_text(QF, &format!("{p}.options[0].short"), only.short.as_ref());
                    self.opt_text(QF, &format!("{p}.options[0].hint"), only.hint.as_ref());
                }
                _ => self.push(
                    QF,
                    format!("{p}.options"),
                    ProblemKind::Structure,
                    format!("a number question with a «non so» answer has exactly one option, `{u}`"),
                ),
            }
        } else {
            if !question.options.is_empty() {
                self.push(QF, format!("{p}.options"), ProblemKind::Structure, "only choice questions have options");
            }
            if question.unknown_option.is_some() {
                self.push(
                    QF,
                    format!("{p}.unknown_option"),
                    ProblemKind::Structure,
                    "only choice and number questions have a «non so» option",
                );
            }
        }
        if question.kind != Kind::Multiple && !question.exclusive.is_empty() {
            self.push(QF, format!("{p}.exclusive"), ProblemKind::Structure, "only multiple-choice questions have exclusive options");
        }
        for (k, e) in question.exclusive.iter().enumerate() {
            if question.option(e).is_none() {
                self.push(
                    QF,
                    format!("{p}.exclusive[{k}]"),
                    ProblemKind::Reference,
                    format!("`{e}` is not an option of `{}`", question.id),
                );
            }
        }
        if question.kind == Kind::Integer {
            if let (Some(min), Some(max)) = (question.min, question.max)
                && min > max
            {
                self.push(QF, format!("{p}.min"), ProblemKind::Structure, format!("min {min} is above max {max}"));
            }
        } else if question.min.is_some() || question.max.is_some() || question.unit.is_some() {
            self.push(QF, p.to_owned(), ProblemKind::Structure, "only integer questions take `min`, `max` and `unit`");
        }
    }

    /// The `region` question's options are exactly the ISTAT codes of `regioni.json`.
    fn regions_match(&mut self) {
        let (Some(regions), Some(i)) = (self.regions, self.q.index("region")) else {
            return;
        };
        let question = &self.q.questions()[i];
        for r in regions {
            if question.option(&r.code).is_none() {
                self.push(
                    QF,
                    format!("questions[{i}].options"),
                    ProblemKind::Reference,
                    format!("region {} ({}) of regioni.json is not an option", r.code, r.name),
                );
            }
        }
        for (k, o) in question.options.iter().enumerate() {
            if !regions.iter().any(|r| r.code == o.value) {
                self.push(
                    QF,
                    format!("questions[{i}].options[{k}].value"),
                    ProblemKind::Reference,
                    format!("`{}` is not a region code of regioni.json", o.value),
                );
            }
        }
    }

    /// The question a condition names, if it exists (and, in branching, is asked earlier).
    fn lookup(&mut self, file: &str, path: &str, q: &str, allowed: Allowed) -> Option<&'a questionnaire::Question> {
        let qn: &'a Questionnaire = self.q;
        let Some(i) = qn.index(q) else {
            self.push(file, format!("{path}.q"), ProblemKind::Reference, format!("unknown question `{q}`"));
            return None;
        };
        if let Some(own) = allowed.show_if_of
            && i >= own
        {
            self.push(
                file,
                format!("{path}.q"),
                ProblemKind::Reference,
                format!("`{q}` is not asked before this question (a question can only depend on earlier answers)"),
            );
            return None;
        }
        Some(&qn.questions()[i])
    }

    fn condition(&mut self, file: &str, path: &str, c: &Condition, allowed: Allowed) {
        self.condition_in(file, path, c, allowed, None);
    }

    pub(super) fn condition_in(
        &mut self,
        file: &str,
        path: &str,
        c: &Condition,
        allowed: Allowed,
        defines: Option<&BTreeMap<String, Condition>>,
    ) {
        let question = |this: &mut Self, q: &str| this.lookup(file, path, q, allowed);
        match c {
            Condition::In { q, values } => {
                let Some(question) = question(self, q) else {
                    return;
                };
                if !question.is_choice() {
                    self.push(
                        file,
                        format!("{path}.in"),
                        ProblemKind::Structure,
                        format!("`in` tests a choice question; `{q}` is not one"),
                    );
                    return;
                }
                if values.is_empty() {
                    self.push(file, format!("{path}.in"), ProblemKind::Structure, "`in` needs at least one value");
                }
                for (k, v) in values.iter().enumerate() {
                    if question.option(v).is_none() {
                        self.push(file, format!("{path}.in[{k}]"), ProblemKind::Reference, format!("`{v}` is not an option of `{q}`"));
                    } else if allowed.show_if_of.is_none() && question.unknown_option.as_deref() == Some(v.as_str()) {
                        self.push(
                            file,
                            format!("{path}.in[{k}]"),
                            ProblemKind::Structure,
                            format!("rules cannot test `{v}`: a «non so» answer always counts as unknown"),
                        );
                    }
                }
            }
            Condition::Range { q, min, max } => {
                let Some(question) = question(self, q) else {
                    return;
                };
                if question.kind != Kind::Integer {
                    self.push(
                        file,
                        path.to_owned(),
                        ProblemKind::Structure,
                        format!("`min`/`max` test an integer question; `{q}` is not one"),
                    );
                }
                if let (Some(a), Some(b)) = (min, max)
                    && a > b
                {
                    self.push(file, format!("{path}.min"), ProblemKind::Structure, format!("min {a} is above max {b}"));
                }
            }
            Condition::Dates { q, from, to } => {
                let Some(question) = question(self, q) else {
                    return;
                };
                if question.kind != Kind::Date {
                    self.push(file, path.to_owned(), ProblemKind::Structure, format!("`from`/`to` test a date question; `{q}` is not one"));
                }
                if let (Some(a), Some(b)) = (from, to)
                    && a > b
                {
                    self.push(file, format!("{path}.from"), ProblemKind::Structure, "`from` is after `to`");
                }
            }
            Condition::Shown(q) => {
                question(self, q);
            }
            Condition::Today { from, to } => {
                if allowed.show_if_of.is_some() {
                    self.push(file, format!("{path}.today"), ProblemKind::Structure, "branching cannot depend on the date");
                }
                if let (Some(a), Some(b)) = (from, to)
                    && a > b
                {
                    self.push(file, format!("{path}.today.from"), ProblemKind::Structure, "`from` is after `to`");
                }
            }
            Condition::All(cs) | Condition::Any(cs) => {
                let key = if matches!(c, Condition::All(_)) { "all" } else { "any" };
                if cs.is_empty() {
                    self.push(file, format!("{path}.{key}"), ProblemKind::Structure, format!("`{key}` needs at least one condition"));
                }
                for (k, child) in cs.iter().enumerate() {
                    self.condition_in(file, &format!("{path}.{key}[{k}]"), child, allowed, defines);
                }
            }
            Condition::Not(child) => self.condition_in(file, &format!("{path}.not"), child, allowed, defines),
            Condition::Ref(name) => match defines {
                None => self.push(file, format!("{path}.ref"), ProblemKind::Structure, "`ref` is only for the rules in instruments.json"),
                Some(d) if !d.contains_key(name) => {
                    self.push(file, format!("{path}.ref"), ProblemKind::Reference, format!("no condition named `{name}` in `define`"))
                }
                Some(_) => {}
            },
        }
    }
}
