//! Whether a question can be reached: some answers to the earlier questions make it asked.

use crate::questionnaire::{self, Answer, Answers, Cond, Kind, Questionnaire};
use std::collections::{BTreeMap, BTreeSet};

/// The most combinations of earlier answers tried before giving up on a reachability check.
const MAX_COMBINATIONS: usize = 50_000;

/// Whether some answers to the earlier questions make question `target` asked. Tries every option of
/// the questions its branching depends on (transitively) and, for numbers and dates, the values on
/// either side of each bound the conditions mention: that covers every case interval tests can tell
/// apart. `None` if there are too many combinations to try.
pub(super) fn reachable(q: &Questionnaire, target: usize) -> Option<bool> {
    let mut deps: BTreeSet<u16> = BTreeSet::new();
    let mut todo = Vec::new();
    q.compiled_show_if(target).questions(&mut todo);
    while let Some(d) = todo.pop() {
        if usize::from(d) < target && deps.insert(d) {
            q.compiled_show_if(usize::from(d)).questions(&mut todo);
        }
    }
    let mut bounds: BTreeMap<u16, Vec<i64>> = BTreeMap::new();
    let mut date_bounds: BTreeMap<u16, Vec<crate::date::Date>> = BTreeMap::new();
    for i in deps.iter().map(|d| usize::from(*d)).chain([target]) {
        q.compiled_show_if(i).visit(&mut |c| match c {
            Cond::Int { q, min, max } => bounds.entry(*q).or_default().extend([*min, min.saturating_sub(1), *max, max.saturating_add(1)]),
            Cond::Date { q, from, to } => date_bounds
                .entry(*q)
                .or_default()
                .extend([Some(*from), from.previous_day(), Some(*to), to.next_day()].into_iter().flatten()),
            _ => {}
        });
    }
    let candidates: Vec<(&str, Vec<Option<Answer>>)> = deps
        .iter()
        .map(|d| {
            let question = &q.questions()[usize::from(*d)];
            let mut values: Vec<Option<Answer>> = vec![None];
            match question.kind {
                Kind::Single => values.extend(question.options.iter().map(|o| Some(Answer::choice(o.value.clone())))),
                Kind::Multiple => {
                    values.extend(question.options.iter().map(|o| Some(Answer::choices([o.value.clone()]))));
                    values.push(Some(Answer::choices(question.options.iter().map(|o| o.value.clone()))));
                }
                Kind::Integer => {
                    let (lo, hi) = (question.min_value(), question.max_value());
                    let mut ns: Vec<i64> = bounds.get(d).cloned().unwrap_or_default();
                    ns.extend([lo, hi]);
                    ns.retain(|n| (lo..=hi).contains(n));
                    ns.sort_unstable();
                    ns.dedup();
                    values.extend(ns.into_iter().map(|n| Some(Answer::Integer(n))));
                    values.extend(question.unknown_option.iter().map(|u| Some(Answer::choice(u.clone()))));
                }
                Kind::Date => {
                    let mut ds = date_bounds.get(d).cloned().unwrap_or_default();
                    ds.sort_unstable();
                    ds.dedup();
                    values.extend(ds.into_iter().map(|d| Some(Answer::Date(d))));
                }
            }
            (question.id.as_str(), values)
        })
        .collect();
    let combinations = candidates.iter().try_fold(1usize, |n, (_, v)| n.checked_mul(v.len()))?;
    if combinations > MAX_COMBINATIONS {
        return None;
    }
    let mut digits = vec![0usize; candidates.len()];
    loop {
        let answers: Answers =
            candidates.iter().zip(&digits).filter_map(|((id, values), d)| values[*d].clone().map(|a| ((*id).to_owned(), a))).collect();
        if matches!(q.resolve(&answers)[target], questionnaire::state::Slot::Unanswered) {
            return Some(true);
        }
        // Next combination (odometer).
        let mut k = 0;
        loop {
            if k == digits.len() {
                return Some(false);
            }
            digits[k] += 1;
            if digits[k] < candidates[k].1.len() {
                break;
            }
            digits[k] = 0;
            k += 1;
        }
    }
}
