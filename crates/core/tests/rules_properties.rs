//! Invariants of the engine over the shipped data, for any answers and any date:
//! - a closed instrument is never eligible or possible;
//! - an unknown answer ("non so" or none) never rules anyone out by itself: if the engine says
//!   "not eligible" with the answer unknown, it says so for every possible answer;
//! - an answer the instrument does not read cannot change its outcome;
//! - the status always agrees with the criteria, and nothing panics on any answers at all.

use microwork_core::date::{Date, Month};
use microwork_core::questionnaire::{Answer, Answers, Condition, Kind, Question};
use microwork_core::rules::{CriterionState, Outcome, Rulebook, Status};
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::OnceLock;

fn rulebook() -> &'static Rulebook {
    static RB: OnceLock<Rulebook> = OnceLock::new();
    RB.get_or_init(|| {
        Rulebook::from_json(include_str!("../../../public/data/questionnaire.json"), include_str!("../../../public/data/instruments.json"))
            .unwrap_or_else(|e| panic!("shipped data does not load: {e:#?}"))
    })
}

fn questions() -> &'static [Question] {
    rulebook().questionnaire().questions()
}

/// Numbers on both sides of every threshold the rules use, so random answers hit the boundaries.
const EDGES: &[i64] = &[
    0, 1, 14, 17, 18, 29, 30, 34, 35, 36, 55, 56, 100, 4_999, 5_000, 9_999, 10_000, 10_001, 25_000, 25_001, 36_000, 36_001, 40_000, 50_000,
    50_001, 75_000, 75_001, 99_999, 100_000, 100_001, 120_000, 120_001, 150_000, 200_000, 200_001, 250_000, 250_001, 1_500_000, 1_500_001,
    3_000_000, 3_000_001,
];

fn ymd(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).unwrap_or(Date::MIN)
}

fn any_date(from: Date, to: Date) -> impl Strategy<Value = Date> {
    let span = (to - from).whole_days();
    (0..=span).prop_map(move |n| from + time::Duration::days(n))
}

/// Every value a person could give (the "non so" option included).
fn any_value(q: &'static Question) -> BoxedStrategy<Answer> {
    match q.kind {
        Kind::Integer => {
            let (lo, hi) = (q.min_value(), q.max_value());
            let edges: Vec<i64> = EDGES.iter().copied().filter(|n| (lo..=hi).contains(n)).collect();
            let number = prop_oneof![select(edges), lo..=hi].prop_map(Answer::Integer);
            match &q.unknown_option {
                // "Non lo so ancora" is an answer to the amount too.
                Some(u) => prop_oneof![9 => number, 1 => Just(Answer::choice(u.clone()))].boxed(),
                None => number.boxed(),
            }
        }
        Kind::Single => select(q.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>()).prop_map(Answer::Choice).boxed(),
        Kind::Multiple => {
            let plain: Vec<String> = q.options.iter().map(|o| o.value.clone()).filter(|v| !q.exclusive.contains(v)).collect();
            let exclusive = q.exclusive.clone();
            let n = plain.len();
            let some = proptest::sample::subsequence(plain, 1..=n).prop_map(Answer::Choices);
            if exclusive.is_empty() {
                some.boxed()
            } else {
                prop_oneof![some, select(exclusive).prop_map(|e| Answer::Choices(vec![e]))].boxed()
            }
        }
        Kind::Date => any_date(ymd(2023, Month::January, 1), ymd(2026, Month::December, 31)).prop_map(Answer::Date).boxed(),
    }
}

/// Answers where each question is left out about one time in five.
fn any_answers() -> impl Strategy<Value = Answers> {
    let per_question: Vec<BoxedStrategy<Option<Answer>>> =
        questions().iter().map(|q| proptest::option::weighted(0.8, any_value(q)).boxed()).collect();
    per_question.prop_map(|values| questions().iter().zip(values).filter_map(|(q, v)| v.map(|a| (q.id.clone(), a))).collect::<Answers>())
}

fn any_today() -> impl Strategy<Value = Date> {
    prop_oneof![
        // The dates where something opens, pauses or closes, and the days around them.
        select(vec![
            ymd(2022, Month::May, 19),
            ymd(2022, Month::May, 20),
            ymd(2022, Month::June, 7),
            ymd(2022, Month::June, 8),
            ymd(2022, Month::June, 9),
            ymd(2022, Month::November, 10),
            ymd(2022, Month::November, 11),
            ymd(2023, Month::June, 15),
            ymd(2023, Month::June, 16),
            ymd(2025, Month::October, 14),
            ymd(2025, Month::October, 15),
            ymd(2025, Month::November, 26),
            ymd(2025, Month::December, 11),
            ymd(2025, Month::December, 12),
            ymd(2026, Month::March, 2),
            ymd(2026, Month::March, 3),
            ymd(2026, Month::December, 31),
            ymd(2027, Month::January, 1),
            ymd(2027, Month::March, 4),
            ymd(2027, Month::March, 5),
        ]),
        any_date(ymd(2021, Month::January, 1), ymd(2030, Month::December, 31)),
    ]
}

fn by_id<'a>(outcomes: &'a [Outcome], id: &str) -> &'a Outcome {
    outcomes.iter().find(|o| o.id() == id).unwrap_or_else(|| panic!("no outcome for {id}"))
}

/// The answers a person could give instead of "unknown": every option but "non so", the integer edges.
fn known_values(q: &Question) -> Vec<Answer> {
    match q.kind {
        Kind::Integer => EDGES.iter().copied().filter(|n| (q.min_value()..=q.max_value()).contains(n)).map(Answer::Integer).collect(),
        Kind::Single => {
            q.options.iter().filter(|o| Some(&o.value) != q.unknown_option.as_ref()).map(|o| Answer::choice(o.value.clone())).collect()
        }
        Kind::Multiple => q.options.iter().map(|o| Answer::choices([o.value.clone()])).collect(),
        Kind::Date => ["2023-01-01", "2024-06-30", "2024-07-01", "2025-12-31", "2026-01-01"]
            .iter()
            .filter_map(|s| microwork_core::date::parse_iso(s))
            .map(Answer::Date)
            .collect(),
    }
}

/// Is the instrument outside its dates (or paused) on `today`, according to the data file itself? A line
/// with its own window (read here straight from the data: the shipped lines test one choice or one number)
/// replaces the dates for the answers it surely covers.
fn closed_by_date(id: &str, answers: &Answers, today: Date) -> bool {
    let inst = rulebook().instruments().get(id).unwrap_or_else(|| panic!("no instrument {id}"));
    let line = inst.lines.iter().find(|l| surely(&l.when, answers));
    let opens_on = line.and_then(|l| l.opens_on).or(inst.opens_on);
    let closes_on = line.and_then(|l| l.closes_on).or(inst.closes_on);
    opens_on.is_some_and(|d| today < d)
        || closes_on.is_some_and(|d| today > d)
        || inst.pauses.iter().any(|p| p.from <= today && today <= p.to)
}

/// Whether a condition surely holds for the answers: every answer it reads is given, fits its question,
/// and its question is surely asked (a question whose branching depends on a missing answer may not be).
fn surely(c: &Condition, answers: &Answers) -> bool {
    let qn = rulebook().questionnaire();
    let asked = |q: &str| qn.question(q).is_some_and(|q| q.show_if.as_ref().is_none_or(|s| surely(s, answers)));
    match c {
        Condition::In { q, values } => asked(q) && matches!(answers.get(q), Some(Answer::Choice(v)) if values.contains(v)),
        Condition::Range { q, min, max } => {
            let valid = qn.question(q).map_or(0..=0, |q| q.min_value()..=q.max_value());
            asked(q)
                && matches!(answers.get(q), Some(Answer::Integer(n))
                    if valid.contains(n) && min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m))
        }
        Condition::All(cs) => cs.iter().all(|c| surely(c, answers)),
        Condition::Any(cs) => cs.iter().any(|c| surely(c, answers)),
        other => panic!("a line or branching condition this test does not read: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_closed_instrument_is_never_a_fit(answers in any_answers(), today in any_today()) {
        for o in rulebook().assess(&answers, today) {
            let closed = closed_by_date(o.id(), &answers, today);
            prop_assert_eq!(o.status == Status::Closed, closed, "{} on {}", o.id(), today);
            prop_assert_eq!(o.closed.is_some(), closed);
        }
    }

    #[test]
    fn an_unknown_answer_never_rules_anyone_out(
        answers in any_answers(),
        today in any_today(),
        q in 0..questions().len(),
        use_non_so in any::<bool>(),
    ) {
        let question = &questions()[q];
        let mut unknown = answers.clone();
        match (&question.unknown_option, use_non_so) {
            (Some(non_so), true) => { unknown.set(question.id.clone(), Answer::choice(non_so.clone())); }
            _ => { unknown.remove(&question.id); }
        }
        let with_unknown = rulebook().assess(&unknown, today);
        let completions: Vec<Vec<Outcome>> = known_values(question)
            .into_iter()
            .map(|v| rulebook().assess(&unknown.clone().with(question.id.clone(), v), today))
            .collect();
        for o in with_unknown.iter().filter(|o| o.status == Status::NotEligible) {
            for (k, outcomes) in completions.iter().enumerate() {
                let completed = by_id(outcomes, o.id());
                // A line that closed earlier for some answers makes that completion closed: not a fit either.
                prop_assert!(
                    matches!(completed.status, Status::NotEligible | Status::Closed),
                    "{}: not eligible with `{}` unknown, but {:?} with {:?}", o.id(), question.id, completed.status, known_values(question)[k]
                );
            }
        }
        // And the person's own known answer is one of the completions: unknown never turns a fit into a no.
        let original = rulebook().assess(&answers, today);
        for (before, after) in original.iter().zip(&with_unknown) {
            if before.status == Status::Eligible {
                prop_assert!(matches!(after.status, Status::Eligible | Status::Possible), "{}: {:?}", before.id(), after.status);
            }
        }
    }

    #[test]
    fn an_unrelated_answer_does_not_change_an_outcome(
        answers in any_answers(),
        today in any_today(),
        instrument in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
        value in any::<prop::sample::Index>(),
    ) {
        let instruments = &rulebook().instruments().instruments;
        let id = instrument.get(instruments).id.as_str();
        let used = rulebook().questions_used(id).unwrap_or_default();
        let unrelated: Vec<&Question> = questions().iter().filter(|q| !used.contains(&q.id.as_str())).collect();
        prop_assume!(!unrelated.is_empty());
        let question = *pick.get(&unrelated);
        let values = known_values(question);
        let changed = answers.clone().with(question.id.clone(), value.get(&values).clone());
        let before = rulebook().assess(&answers, today);
        let after = rulebook().assess(&changed, today);
        prop_assert_eq!(by_id(&before, id), by_id(&after, id), "`{}` changed {}", question.id, id);
        let removed = { let mut a = answers.clone(); a.remove(&question.id); a };
        let without = rulebook().assess(&removed, today);
        prop_assert_eq!(by_id(&before, id), by_id(&without, id));
    }

    #[test]
    fn the_status_agrees_with_the_criteria(answers in any_answers(), today in any_today()) {
        for o in rulebook().assess(&answers, today) {
            let blocking = o.criteria.iter().any(|c| c.state == CriterionState::Unmet && c.blocking);
            let all_met = o.criteria.iter().all(|c| c.state == CriterionState::Met);
            match o.status {
                Status::Closed => {}
                Status::NotEligible => prop_assert!(blocking, "{}", o.id()),
                Status::Possible => prop_assert!(!blocking && (!all_met || o.verify_open), "{}", o.id()),
                Status::Eligible => prop_assert!(all_met && !o.verify_open, "{}", o.id()),
            }
            for c in &o.criteria {
                prop_assert!(!c.blocking || c.state == CriterionState::Unmet);
                prop_assert!(!c.explanation.it.is_empty() && !c.explanation.en.is_empty(), "{}/{}", o.id(), c.info.id);
                prop_assert!(!c.explanation.it.contains('{'), "placeholder left in {}/{}: {}", o.id(), c.info.id, c.explanation.it);
            }
        }
    }

    /// Anything at all in the answers (wrong types, unknown ids, values that are not options) is read as
    /// "no usable answer": no panic, and the same outcome twice.
    #[test]
    fn any_answers_at_all_are_assessed_without_panicking(
        junk in proptest::collection::vec(
            (
                prop_oneof![select(questions().iter().map(|q| q.id.clone()).collect::<Vec<_>>()), "[a-z_]{1,12}"],
                prop_oneof![
                    any::<i64>().prop_map(Answer::Integer),
                    ".{0,12}".prop_map(Answer::Choice),
                    proptest::collection::vec(".{0,8}", 0..4).prop_map(Answer::Choices),
                    any_date(Date::MIN, Date::MAX).prop_map(Answer::Date),
                ],
            ),
            0..30,
        ),
        today in any_date(Date::MIN, Date::MAX),
    ) {
        let answers: Answers = junk.into_iter().collect();
        let first = rulebook().assess(&answers, today);
        prop_assert_eq!(first.len(), rulebook().instruments().instruments.len());
        prop_assert_eq!(first, rulebook().assess(&answers, today));
    }
}

#[test]
fn unrelated_means_something() {
    // The property above must not hold vacuously: most instruments ignore most questions.
    let used = rulebook().questions_used("resto_al_sud_2").unwrap();
    for q in ["age", "region", "crater", "status", "working_poor", "gol", "stage", "form", "same_ateco", "amount", "sector"] {
        assert!(used.contains(&q), "resto_al_sud_2 should read {q}: {used:?}");
    }
    // (It quotes the work situation back with the person's gender, "disoccupata", so it reads `gender` too.)
    for q in ["innovative", "employees", "all_women_or_under36", "unemp_months", "vulnerability"] {
        assert!(!used.contains(&q), "resto_al_sud_2 should not read {q}: {used:?}");
    }
    let used = rulebook().questions_used("microcredito_sociale").unwrap();
    for q in ["region", "stage", "form", "gender", "sector"] {
        assert!(!used.contains(&q), "microcredito_sociale should not read {q}: {used:?}");
    }
}
