//! How far along a person is, and how long the self-check takes.
//!
//! "Domanda 3 di N" counts the questions this person can still be asked: the longest path through the
//! questionnaire that their answers so far leave possible. Questions on branches that exclude each other
//! (a partnership's questions and a freelancer's) are never counted together, so the total only goes down
//! as the person answers, and then by one branch at most: the one their answer closed.
//!
//! The same walk over every combination of branching answers gives the median path, which the start page's
//! "circa N minuti" states (a test keeps the two in step).
//!
//! Also here: which options of a question are offered, given the earlier answers (an option's `show_if`).

use super::condition::{Cond, Ctx, Mode, Witness};
use super::state::Slot;
use super::{Answer, Answers, Choice, Kind, Question, Questionnaire, Tri};

/// What the start page's time estimate assumes a question takes, reading included.
pub const SECONDS_PER_QUESTION: usize = 20;

/// Path lengths over every combination of branching answers, each option of a question equally likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathLengths {
    pub shortest: usize,
    pub median: usize,
    pub longest: usize,
}

impl PathLengths {
    /// Minutes for the median path, rounded to the nearest minute (at least one).
    pub fn median_minutes(&self) -> usize {
        ((self.median * SECONDS_PER_QUESTION + 30) / 60).max(1)
    }
}

/// One way to answer a branching question, and how many of its options answer it that way.
struct Class {
    answer: Answer,
    weight: usize,
}

impl Questionnaire {
    /// The options offered for question `id` after these answers: those without `show_if`, and those whose
    /// `show_if` holds or cannot be decided yet. Unknown question: none.
    pub fn offered_options(&self, id: &str, answers: &Answers) -> Vec<&Choice> {
        let Some(i) = self.index(id) else { return Vec::new() };
        let slots = self.resolve(answers);
        self.offered_indices(i, &slots).into_iter().map(|k| &self.questions()[i].options[k]).collect()
    }

    fn offered_indices(&self, i: usize, slots: &[Slot]) -> Vec<usize> {
        let ctx = Ctx { slots: &slots[..i], unknown: self.unknown_indices(), mode: Mode::Literal, today: None };
        let mut w = Witness::new();
        self.compiled_option_show_if(i)
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                w.clear();
                c.eval(&ctx, &mut w) != Tri::False
            })
            .map(|(k, _)| k)
            .collect()
    }

    /// `(n, total)` for "Domanda n di total": `n` counts the questions on the path up to `id`, `total` the
    /// longest path the answers given so far still allow. `None` if `id` is unknown or not asked.
    pub fn progress(&self, id: &str, answers: &Answers) -> Option<(usize, usize)> {
        let (n, _) = self.position(id, answers)?;
        Some((n, self.reachable_total(answers).max(n)))
    }

    /// The longest path these answers still allow.
    pub fn reachable_total(&self, answers: &Answers) -> usize {
        let mut longest = 0;
        self.walk(answers.clone(), 1.0, &mut |len, _| longest = longest.max(len));
        longest
    }

    /// Shortest, median and longest path over every combination of branching answers.
    pub fn path_lengths(&self) -> PathLengths {
        let mut leaves: Vec<(usize, f64)> = Vec::new();
        self.walk(Answers::new(), 1.0, &mut |len, p| leaves.push((len, p)));
        leaves.sort_by_key(|(len, _)| *len);
        let mut seen = 0.0;
        let median = leaves
            .iter()
            .find(|(_, p)| {
                seen += p;
                seen >= 0.5
            })
            .map_or(0, |(len, _)| *len);
        PathLengths {
            shortest: leaves.first().map_or(0, |l| l.0),
            median,
            longest: leaves.last().map_or(0, |l| l.0),
        }
    }

    /// Answers every open branching question each way it can be answered, in questionnaire order, and calls
    /// `leaf(path length, probability)` for each combination.
    fn walk(&self, answers: Answers, p: f64, leaf: &mut dyn FnMut(usize, f64)) {
        let slots = self.resolve(&answers);
        let open = slots.iter().enumerate().find(|(i, s)| {
            self.is_branching(*i) && matches!(s, Slot::Unanswered | Slot::Invalid | Slot::Maybe)
        });
        let Some((i, _)) = open else {
            leaf(slots.iter().filter(|s| s.on_path()).count(), p);
            return;
        };
        let classes = self.classes(i, &slots);
        let total: usize = classes.iter().map(|c| c.weight).sum();
        if classes.is_empty() || total == 0 {
            leaf(slots.iter().filter(|s| s.on_path()).count(), p);
            return;
        }
        let id = self.questions()[i].id.clone();
        for class in classes {
            let share = class.weight as f64 / total as f64;
            self.walk(answers.clone().with(id.clone(), class.answer), p * share, leaf);
        }
    }

    /// The answers to question `i` that branching tells apart, each standing for the options that behave
    /// alike (same result in every condition), weighted by how many they are.
    fn classes(&self, i: usize, slots: &[Slot]) -> Vec<Class> {
        let question: &Question = &self.questions()[i];
        let Ok(qi) = u16::try_from(i) else { return Vec::new() };
        let mut tests: Vec<Cond> = Vec::new();
        let mut collect = |c: &Cond| {
            c.visit(&mut |leaf| match leaf {
                Cond::Choice { q, .. } | Cond::Int { q, .. } if *q == qi => tests.push(leaf.clone()),
                _ => {}
            })
        };
        for j in 0..self.questions().len() {
            collect(self.compiled_show_if(j));
            self.compiled_option_show_if(j).iter().for_each(&mut collect);
        }
        let signature = |hit: &dyn Fn(&Cond) -> bool| tests.iter().map(hit).collect::<Vec<bool>>();
        let mut classes: Vec<(Vec<bool>, Class)> = Vec::new();
        let mut add = |sig: Vec<bool>, answer: Answer| match classes.iter_mut().find(|(s, _)| *s == sig) {
            Some((_, c)) => c.weight += 1,
            None => classes.push((sig, Class { answer, weight: 1 })),
        };
        match question.kind {
            Kind::Single | Kind::Multiple => {
                for k in self.offered_indices(i, slots) {
                    let bit = 1u64 << k;
                    let sig = signature(&|c| matches!(c, Cond::Choice { mask, .. } if mask & bit != 0));
                    let value = question.options[k].value.clone();
                    let answer = if question.kind == Kind::Single { Answer::Choice(value) } else { Answer::Choices(vec![value]) };
                    add(sig, answer);
                }
            }
            Kind::Integer => {
                let (lo, hi) = (question.min_value(), question.max_value());
                // In order and once each, kept so as they come (a sort is 3 KB of the self-check's code).
                let mut points = Vec::new();
                let mut point = |v| {
                    if (lo..=hi).contains(&v)
                        && let Err(at) = points.binary_search(&v)
                    {
                        points.insert(at, v);
                    }
                };
                point(lo);
                for t in &tests {
                    if let Cond::Int { min, max, .. } = t {
                        point(*min);
                        point(max.saturating_add(1));
                    }
                }
                for v in points {
                    add(signature(&|c| matches!(c, Cond::Int { min, max, .. } if *min <= v && v <= *max)), Answer::Integer(v));
                }
            }
            // No condition reads a date today; a date answer stands for itself.
            Kind::Date => {}
        }
        classes.into_iter().map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Questionnaire {
        Questionnaire::from_json(include_str!("../../../../public/data/questionnaire.json")).expect("questionnaire.json")
    }

    #[test]
    fn the_total_only_goes_down_as_a_person_answers() {
        let q = shipped();
        let path = [
            ("age", Answer::Integer(28)),
            ("gender", Answer::choice("F")),
            ("region", Answer::choice("15")),
            ("status", Answer::choice("disoccupato")),
            ("unemp_months", Answer::choice("ge12")),
            ("gol", Answer::choice("no")),
            ("naspi", Answer::choice("no")),
            ("purpose", Answer::choice("nuova_attivita")),
            ("stage", Answer::choice("idea")),
            ("form", Answer::choice("ditta_individuale")),
            ("employees", Answer::choice("e0")),
            ("amount", Answer::Integer(30000)),
            ("sector", Answer::choice("servizi")),
            ("same_ateco", Answer::choice("no")),
        ];
        let mut answers = Answers::new();
        let mut last_total = usize::MAX;
        for (n, (id, answer)) in path.iter().enumerate() {
            let (at, total) = q.progress(id, &answers).unwrap_or_else(|| panic!("{id} not asked"));
            assert_eq!(at, n + 1, "{id}");
            assert!(total <= last_total, "{id}: total went up from {last_total} to {total}");
            // Never more than a branch at once: the partners' three questions are the biggest one.
            assert!(last_total == usize::MAX || last_total - total <= 4, "{id}: {last_total} → {total}");
            last_total = total;
            answers.set(id.to_string(), answer.clone());
        }
        assert_eq!(last_total, path.len(), "the total ends as the questions actually asked");
    }

    #[test]
    fn the_first_total_is_a_path_someone_can_walk() {
        let q = shipped();
        let lengths = q.path_lengths();
        let (_, total) = q.progress("age", &Answers::new()).unwrap();
        assert_eq!(total, lengths.longest);
        assert!(lengths.longest < q.questions().len(), "mutually exclusive branches are not added up");
        assert!(lengths.shortest <= lengths.median && lengths.median <= lengths.longest, "{lengths:?}");
    }

    #[test]
    fn the_start_page_states_the_median_path() {
        let minutes = shipped().path_lengths().median_minutes();
        for (file, locale) in [("it", include_str!("../../../../locales/it.json")), ("en", include_str!("../../../../locales/en.json"))] {
            let json: serde_json::Value = serde_json::from_str(locale).unwrap();
            let text = json["start"]["before_time"].as_str().unwrap_or_default();
            let stated: String = text.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(stated, minutes.to_string(), "locales/{file}.json start.before_time says {text:?}");
        }
    }

    #[test]
    fn a_new_business_is_not_offered_the_stages_of_a_running_one() {
        let q = shipped();
        let values = |answers: &Answers| q.offered_options("stage", answers).iter().map(|c| c.value.clone()).collect::<Vec<_>>();
        let new = Answers::new().with("purpose", Answer::choice("nuova_attivita"));
        assert_eq!(values(&new), ["idea", "appena_aperta", "lt12m"]);
        let growing = Answers::new().with("purpose", Answer::choice("sviluppo_attivita_esistente"));
        assert!(!values(&growing).contains(&"idea".to_string()));
        assert!(values(&growing).contains(&"gt60m".to_string()));
        assert_eq!(q.offered_options("nope", &new), Vec::<&Choice>::new());
    }
}
