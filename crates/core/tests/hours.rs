//! Opening hours: the operators' short form, and "aperto ora" / next opening / closures as a person sees them.

use microwork_core::date::{Date, Weekday, parse_iso};
use microwork_core::hours::{Clock, Closure, Hours, MonthDay, OpenStatus, Opening, WeeklyRange};
use proptest::prelude::*;

fn day(s: &str) -> Date {
    parse_iso(s).unwrap()
}

fn hm(h: u8, m: u8) -> Clock {
    Clock::new(h, m).unwrap()
}

fn at(h: u16, m: u16) -> u16 {
    h * 60 + m
}

fn hours(spec: &str) -> Hours {
    Hours::from_spec(spec).unwrap_or_else(|e| panic!("{spec}: {e}"))
}

fn opening(date: &str, days_ahead: u16, from: Clock, until: Clock) -> Opening {
    Opening { date: day(date), days_ahead, from, until }
}

/// Catanzaro: "lunedì e mercoledì 15:30–17:00; chiuso ad agosto".
fn catanzaro() -> Hours {
    hours("lunedì e mercoledì 15:30–17:00; chiuso ad agosto")
}

#[test]
fn open_now_until_the_end_of_the_range() {
    // Monday 2 March 2026, 16:00.
    assert_eq!(catanzaro().status_at(day("2026-03-02"), at(16, 0)), OpenStatus::Open { until: hm(17, 0) });
    // Opening minute counts as open; closing minute does not.
    assert_eq!(catanzaro().status_at(day("2026-03-02"), at(15, 30)), OpenStatus::Open { until: hm(17, 0) });
    assert_eq!(
        catanzaro().status_at(day("2026-03-02"), at(17, 0)),
        OpenStatus::Closed { next: Some(opening("2026-03-04", 2, hm(15, 30), hm(17, 0))) }
    );
}

#[test]
fn opens_later_today() {
    assert_eq!(
        catanzaro().status_at(day("2026-03-02"), at(10, 0)),
        OpenStatus::Closed { next: Some(opening("2026-03-02", 0, hm(15, 30), hm(17, 0))) }
    );
}

#[test]
fn a_desk_open_a_few_hours_a_week_opens_next_week() {
    // Fermo: Monday and Thursday 12–14. Thursday 5 March at 14:00 → Monday 9 March.
    let fermo = hours("lunedì e giovedì 12:00–14:00");
    assert_eq!(
        fermo.status_at(day("2026-03-05"), at(14, 0)),
        OpenStatus::Closed { next: Some(opening("2026-03-09", 4, hm(12, 0), hm(14, 0))) }
    );
    // Open one morning a week: just after closing, the next opening is the same weekday a week later.
    let tuesdays = hours("mar 9-13");
    assert_eq!(
        tuesdays.status_at(day("2026-03-03"), at(13, 30)),
        OpenStatus::Closed { next: Some(opening("2026-03-10", 7, hm(9, 0), hm(13, 0))) }
    );
}

#[test]
fn closed_in_august_says_so_and_when_it_reopens() {
    // Monday 10 August: closed for August; Monday 31 is still August, so Wednesday 2 September.
    match catanzaro().status_at(day("2026-08-10"), at(16, 0)) {
        OpenStatus::ClosedForClosure { closure, reopens } => {
            assert_eq!(closure, Closure::Months { from: 8, to: 8 });
            assert_eq!(reopens, Some(opening("2026-09-02", 23, hm(15, 30), hm(17, 0))));
        }
        other => panic!("{other:?}"),
    }
    // Wednesday 29 July after closing: the next two weeks are all August, so no opening to announce.
    assert_eq!(catanzaro().status_at(day("2026-07-29"), at(18, 0)), OpenStatus::Closed { next: None });
    // 1 September is a Tuesday: open again on Wednesday.
    assert_eq!(
        catanzaro().status_at(day("2026-09-01"), at(9, 0)),
        OpenStatus::Closed { next: Some(opening("2026-09-02", 1, hm(15, 30), hm(17, 0))) }
    );
}

#[test]
fn a_closure_across_a_weekend_is_skipped() {
    // Closed Friday 6 to Tuesday 10 March 2026 (across the weekend).
    let h = hours("lun-ven 9-13; chiuso dal 06/03/2026 al 10/03/2026");
    assert_eq!(
        h.status_at(day("2026-03-05"), at(14, 0)),
        OpenStatus::Closed { next: Some(opening("2026-03-11", 6, hm(9, 0), hm(13, 0))) }
    );
    match h.status_at(day("2026-03-07"), at(10, 0)) {
        OpenStatus::ClosedForClosure { reopens, .. } => {
            assert_eq!(reopens, Some(opening("2026-03-11", 4, hm(9, 0), hm(13, 0))))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_yearly_closure_across_new_year() {
    let h = hours("lun-ven 9:00-13:00; chiuso 24/12-06/01");
    for d in ["2026-12-24", "2026-12-31", "2027-01-06"] {
        match h.status_at(day(d), at(10, 0)) {
            OpenStatus::ClosedForClosure { closure, reopens } => {
                assert_eq!(
                    closure,
                    Closure::Yearly { from: MonthDay::new(12, 24).unwrap(), to: MonthDay::new(1, 6).unwrap() }
                );
                assert_eq!(reopens.map(|o| o.date), Some(day("2027-01-07")), "{d}");
            }
            other => panic!("{d}: {other:?}"),
        }
    }
    assert!(matches!(h.status_at(day("2027-01-07"), at(10, 0)), OpenStatus::Open { .. }));
    assert!(matches!(h.status_at(day("2026-12-23"), at(10, 0)), OpenStatus::Open { .. }));
}

#[test]
fn months_closures_can_wrap_the_year() {
    let winter = Closure::Months { from: 11, to: 2 };
    assert!(winter.covers(day("2026-12-15")) && winter.covers(day("2027-01-15")) && winter.covers(day("2026-02-28")));
    assert!(!winter.covers(day("2026-03-01")) && !winter.covers(day("2026-10-31")));
}

#[test]
fn back_to_back_ranges_are_one_opening() {
    // Alessandria della Rocca: "Tue 8-14 & 14:30-18"; with 14-18 it would be one stretch.
    let h = hours("mar 8-14, 14-18");
    assert_eq!(h.status_at(day("2026-03-03"), at(10, 0)), OpenStatus::Open { until: hm(18, 0) });
    let h = hours("mar 8:00-14:00, 14:30-18:00; mer 8:00-14:00");
    assert_eq!(h.status_at(day("2026-03-03"), at(10, 0)), OpenStatus::Open { until: hm(14, 0) });
    assert_eq!(
        h.status_at(day("2026-03-03"), at(14, 10)),
        OpenStatus::Closed { next: Some(opening("2026-03-03", 0, hm(14, 30), hm(18, 0))) }
    );
}

#[test]
fn ranges_listed_out_of_order_in_the_file_mean_the_same() {
    let sorted = hours("mar 8:00-14:00, 14:30-18:00; mer 8:00-14:00");
    let mut shuffled = sorted.clone();
    shuffled.weekly.reverse();
    assert!(shuffled.check().is_ok());
    for minute in [at(7, 0), at(10, 0), at(14, 10), at(19, 0)] {
        assert_eq!(shuffled.status_at(day("2026-03-03"), minute), sorted.status_at(day("2026-03-03"), minute));
    }
    shuffled.weekly.push(WeeklyRange { day: Weekday::Tuesday, from: hm(7, 0), to: hm(9, 0) });
    assert!(shuffled.check().is_err(), "07:00–09:00 overlaps 08:00–14:00 wherever it is listed");
}

#[test]
fn unknown_hours_say_nothing() {
    assert_eq!(Hours::default().status_at(day("2026-03-02"), 600), OpenStatus::Unknown);
    let text_only = Hours { text: Some("su appuntamento".into()), ..Hours::default() };
    assert_eq!(text_only.status_at(day("2026-03-02"), 600), OpenStatus::Unknown);
}

#[test]
fn the_seed_wordings_parse_as_written() {
    let cases = [
        (
            "dal lunedì al venerdì 9:00–13:00",
            "lun 09:00-13:00; mar 09:00-13:00; mer 09:00-13:00; gio 09:00-13:00; ven 09:00-13:00",
        ),
        ("martedì e giovedì 9:00–13:00", "mar 09:00-13:00; gio 09:00-13:00"),
        ("lunedì e mercoledì 15:30–17:00; chiuso ad agosto", "lun 15:30-17:00; mer 15:30-17:00; chiuso agosto"),
        ("martedì 9:00–13:00; giovedì 15:00–18:00", "mar 09:00-13:00; gio 15:00-18:00"),
        ("martedì 15:30–17:30; venerdì 9:00–12:00", "mar 15:30-17:30; ven 09:00-12:00"),
        ("mar 8-14 & 14.30-18; mer 8-14", "mar 08:00-14:00, 14:30-18:00; mer 08:00-14:00"),
        ("sab-lun dalle 9 alle 12", "lun 09:00-12:00; sab 09:00-12:00; dom 09:00-12:00"),
        (
            "Lun, Mer, Ven 9-13; chiuso nel mese di agosto; chiuso 24/12-06/01",
            "lun 09:00-13:00; mer 09:00-13:00; ven 09:00-13:00; chiuso agosto; chiuso 24/12-06/01",
        ),
        ("chiuso da luglio ad agosto; gio 10-12", "gio 10:00-12:00; chiuso luglio-agosto"),
    ];
    for (input, spec) in cases {
        assert_eq!(hours(input).to_spec(), spec, "{input}");
    }
}

#[test]
fn unreadable_hours_are_refused_with_the_reason() {
    let cases = [
        ("lun 9-25", "`25` is not a time"),
        ("lun 13-9", "ends before it starts"),
        ("lun 9-13, 12-14", "overlap"),
        ("luned 9-13", "expected a weekday"),
        ("lun 9", "expected `-`"),
        ("sab 9-13 (su appuntamento)", "hours_note_it"),
        ("chiuso 24/12/2026-06/01", "year on both dates or on neither"),
        ("chiuso 31/02", "not a date"),
        ("chiuso agosto-24/12", "from a month to a month"),
        ("9-13", "expected a weekday"),
        ("lun 9-13 tutti", "unexpected `tutti`"),
    ];
    for (input, reason) in cases {
        let err = Hours::from_spec(input).expect_err(input).to_string();
        assert!(err.contains(reason), "{input}: {err}");
    }
}

#[test]
fn json_shape() {
    let json = serde_json::to_value(catanzaro()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "weekly": [{"day": "mon", "from": "15:30", "to": "17:00"}, {"day": "wed", "from": "15:30", "to": "17:00"}],
            "closures": [{"kind": "months", "from": 8, "to": 8}],
            "notes": null,
            "text": null
        })
    );
    let back: Hours = serde_json::from_value(json).unwrap();
    assert_eq!(back, catanzaro());
    let bad = serde_json::json!({"weekly": [{"day": "mon", "from": "9:00", "to": "17:00"}]});
    assert!(serde_json::from_value::<Hours>(bad).is_err(), "times are HH:MM in the file");
}

/// Minute-by-minute truth to compare `status_at` with.
/// The reference model: open within a weekly range, unless a closure or a national public holiday (offices
/// close by law) covers the day.
fn open_at(h: &Hours, date: Date, minute: u16) -> bool {
    !h.closures.iter().any(|c| c.covers(date))
        && microwork_core::workdays::italian_holiday(date).is_none()
        && h.weekly.iter().any(|r| r.day == date.weekday() && r.from.minutes() <= minute && minute < r.to.minutes())
}

fn arb_hours() -> impl Strategy<Value = Hours> {
    // Per weekday up to two ranges between 06:00 and 22:00, in 15-minute steps; sometimes a closure.
    let day_ranges = proptest::collection::vec((24u16..88, 1u16..16), 0..3);
    let closure = prop_oneof![
        Just(None),
        (1u8..=12, 1u8..=12).prop_map(|(from, to)| Some(Closure::Months { from, to })),
        (0i64..40, 0i64..10).prop_map(|(start, len)| {
            let from = parse_iso("2026-03-01").unwrap() + time::Duration::days(start);
            Some(Closure::Dates { from, to: from + time::Duration::days(len) })
        }),
    ];
    (proptest::collection::vec(day_ranges, 7), closure).prop_map(|(days, closure)| {
        let mut weekly = Vec::new();
        let mut day = Weekday::Monday;
        for ranges in days {
            let mut start = 0u16;
            for (s, len) in ranges {
                let from = (s.max(start)) * 15;
                let to = (from + len * 15).min(22 * 60);
                if from < to {
                    weekly.push(WeeklyRange {
                        day,
                        from: Clock::from_minutes(from).unwrap(),
                        to: Clock::from_minutes(to).unwrap(),
                    });
                    start = to / 15 + 1;
                }
            }
            day = day.next();
        }
        let mut h = Hours { weekly, closures: closure.into_iter().collect(), notes: None, text: None };
        h.normalize();
        h
    })
}

proptest! {
    #[test]
    fn short_form_round_trips(h in arb_hours()) {
        prop_assume!(h.check().is_ok());
        let again = Hours::from_spec(&h.to_spec()).unwrap();
        prop_assert_eq!(again, h);
    }

    #[test]
    fn status_agrees_with_a_minute_by_minute_walk(h in arb_hours(), start in 0i64..60, minute in 0u16..1440) {
        prop_assume!(h.check().is_ok());
        let date = parse_iso("2026-02-20").unwrap() + time::Duration::days(start);
        let status = h.status_at(date, minute);
        if h.weekly.is_empty() {
            prop_assert_eq!(status, OpenStatus::Unknown);
            return Ok(());
        }
        // Walk forward: when does it close (if open), or first open (if closed)?
        let mut d = date;
        let mut m = minute;
        let now_open = open_at(&h, date, minute);
        let mut first_change = None;
        for step in 1..(15 * 1440) {
            m += 1;
            if m == 1440 { m = 0; d = d.next_day().unwrap(); }
            if open_at(&h, d, m) != now_open { first_change = Some((d, m, step)); break; }
        }
        let covered = h.closures.iter().any(|c| c.covers(date));
        match status {
            OpenStatus::Open { until } => {
                prop_assert!(now_open);
                let (d, m, _) = first_change.unwrap();
                prop_assert_eq!((d, m), (date, until.minutes()));
            }
            OpenStatus::Closed { next } => {
                prop_assert!(!now_open && !covered);
                match (next, first_change) {
                    (Some(o), Some((d, m, _))) => prop_assert_eq!((o.date, o.from.minutes()), (d, m)),
                    // Nothing within the 14 days the status looks at (the walk may look a day further).
                    (None, change) => prop_assert!(change.is_none_or(|(d, _, _)| (d - date).whole_days() > 14)),
                    (Some(o), None) => prop_assert!(false, "announced {:?} but the walk found nothing", o),
                }
            }
            OpenStatus::ClosedForClosure { reopens, .. } => {
                prop_assert!(covered && !now_open);
                if let Some(o) = reopens {
                    prop_assert!(!open_at(&h, date, minute));
                    prop_assert!(open_at(&h, o.date, o.from.minutes()));
                    if let Some((d, m, _)) = first_change { prop_assert_eq!((o.date, o.from.minutes()), (d, m)); }
                } else {
                    prop_assert!(first_change.is_none_or(|(d, _, _)| (d - date).whole_days() > 14));
                }
            }
            OpenStatus::Unknown => prop_assert!(false, "structured hours gave Unknown"),
        }
    }
}
