//! The decisions the app's pages show, on the files the app ships: the results overview, the locator's list,
//! the contact form's desk choices and fallback recipient, and what a desk helps with. (The pages only word
//! them; these tests are where the decisions are pinned.)

use microwork_core::date::{Date, parse_iso};
use microwork_core::geo::{DeskIndex, Gazetteer, Listing, Origin, Point, Search, filter};
use microwork_core::lang::Lang;
use microwork_core::questionnaire::Answers;
use microwork_core::rules::{GROUPS, Rulebook, Status};
use microwork_core::sportelli::{HostType, MeasureList, SportelliFile};
use std::sync::OnceLock;

fn rulebook() -> &'static Rulebook {
    static RB: OnceLock<Rulebook> = OnceLock::new();
    RB.get_or_init(|| {
        Rulebook::from_json(include_str!("../../../public/data/questionnaire.json"), include_str!("../../../public/data/instruments.json"))
            .expect("shipped rules")
    })
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::from_json(include_str!("../../../public/data/comuni.json")).unwrap())
}

fn desks() -> &'static DeskIndex {
    static D: OnceLock<DeskIndex> = OnceLock::new();
    D.get_or_init(|| DeskIndex::from_file(SportelliFile::parse(include_str!("../../../public/data/sportelli.json")).unwrap()))
}

fn today() -> Date {
    parse_iso("2026-03-10").unwrap()
}

fn answers(json: &str) -> Answers {
    rulebook().questionnaire().answers_from_json(json).expect("valid answers")
}

const CAMPANIA: &str = r#"{"age":28,"gender":"F","region":"15","status":"disoccupato","unemp_months":"ge12","gol":"no","naspi":"no","purpose":"nuova_attivita","stage":"idea","form":"ditta_individuale","employees":"e0","amount":30000,"sector":"servizi","same_ateco":"no"}"#;
const LOMBARDIA: &str = r#"{"age":28,"gender":"F","region":"03","status":"disoccupato","unemp_months":"ge12","gol":"no","naspi":"no","purpose":"nuova_attivita","stage":"idea","form":"ditta_individuale","employees":"e0","amount":30000,"sector":"servizi","same_ateco":"no"}"#;

#[test]
fn the_results_overview_groups_every_outcome_once_and_points_to_the_right_desks() {
    for persona in [CAMPANIA, LOMBARDIA] {
        let a = answers(persona);
        let o = rulebook().overview(&a, today());
        let grouped: usize = GROUPS.iter().map(|s| o.group(*s).len()).sum();
        assert_eq!(grouped, o.outcomes().len(), "each outcome in exactly one group");
        let hopeful: Vec<&str> =
            o.outcomes().iter().filter(|x| matches!(x.status, Status::Eligible | Status::Possible)).map(|x| x.id()).collect();
        assert_eq!(o.hopeful(), hopeful);
        assert_eq!(o.nothing_fits(), hopeful.is_empty());
        let search = o.desk_search();
        assert_eq!(search.region.as_deref(), a.get("region").and_then(|r| match r {
            microwork_core::questionnaire::Answer::Choice(c) => Some(c.as_str()),
            _ => None,
        }));
        assert_eq!(search.instruments, hopeful);
        for outcome in o.outcomes() {
            for (id, _) in o.alternatives(outcome) {
                assert_eq!(outcome.status, Status::NotEligible, "alternatives only where nothing fits");
                assert!(o.outcomes().iter().any(|x| x.id() == id), "{id}: only measures on the page");
            }
        }
        assert!(o.verdicts().all(|(_, s)| s != Status::Closed), "closed measures are not attached");
        assert_eq!(o.summary().outcomes.len(), o.outcomes().len());
    }
    let campania = rulebook().overview(&answers(CAMPANIA), today());
    assert!(campania.hopeful().contains(&"resto_al_sud_2"), "the south's own measure fits a young unemployed woman");
    let lombardia = rulebook().overview(&answers(LOMBARDIA), today());
    assert!(
        lombardia.outcomes().iter().all(|x| x.info.region.as_deref().is_none_or(|r| r == "03")),
        "another region's fund does not concern this person"
    );
}

fn measures() -> &'static MeasureList {
    static LIST: OnceLock<MeasureList> = OnceLock::new();
    // As the app reads it: written by the build, read back from JSON.
    LIST.get_or_init(|| MeasureList::from_json(&serde_json::to_string(&MeasureList::from_rulebook(rulebook())).unwrap()).unwrap())
}

#[test]
fn the_desk_filter_offers_only_measures_still_open() {
    let open = measures().open(today());
    assert!(!open.is_empty());
    for (id, name) in open {
        let instrument = rulebook().instruments().get(id).unwrap();
        assert!(instrument.accepts_applications(today()), "{id}");
        assert_eq!(name, &instrument.name);
    }
}

#[test]
fn the_measure_list_says_what_the_rulebook_says_of_every_measure_on_every_day() {
    assert_eq!(measures().instruments.len(), rulebook().instruments().instruments.len());
    let paused = rulebook().instruments().instruments.iter().filter(|i| !i.pauses.is_empty()).count();
    let dated = rulebook().instruments().instruments.iter().filter(|i| i.opens_on.is_some() || i.closes_on.is_some()).count();
    assert!(dated > 0, "some measure opens or closes on a date: the comparison below means something");
    let mut day = parse_iso("2024-01-01").unwrap();
    while day < parse_iso("2028-01-01").unwrap() {
        for i in &rulebook().instruments().instruments {
            assert_eq!(measures().get(&i.id).unwrap().accepts_applications(day), i.accepts_applications(day), "{} on {day:?} ({paused} paused)", i.id);
        }
        day = day.next_day().unwrap();
    }
    let json = serde_json::to_string(&MeasureList::from_rulebook(rulebook())).unwrap();
    assert!(json.len() < 20_000, "the list is a small part of instruments.json: {} bytes", json.len());
}

#[test]
fn the_locator_searches_from_the_position_then_the_comune_then_the_region() {
    let any = filter(&[], None, &[], None);
    assert!(matches!(desks().listing(Some(gazetteer()), &Search::default(), &any), Listing::Prompt));
    let latina = Search { comune: Some("059011"), ..Search::default() };
    assert!(matches!(desks().listing(None, &latina, &any), Listing::NeedsComuni), "a comune needs the comuni list");
    match desks().listing(Some(gazetteer()), &latina, &any) {
        Listing::Near { origin: Origin::Comune(place), rows, nothing_near } => {
            assert_eq!(place.label(), "Latina (LT)");
            assert!(!nothing_near);
            assert_eq!(rows[0].desk.id, "enm-latina");
            assert!(rows[0].same_comune, "a desk at the comune's point is in the same comune");
            assert!(rows[0].place().unwrap().ends_with("Latina (LT)"));
            assert!(rows.windows(2).all(|w| w[0].km <= w[1].km), "nearest first");
        }
        other => panic!("{other:?}"),
    }
    // The person's position wins over a comune, and needs no comuni list.
    let here = Search { position: Some(Point::new(41.9, 12.5)), ..latina };
    assert!(matches!(desks().listing(None, &here, &any), Listing::Near { origin: Origin::Position, .. }));
    // Only a region (from the results page): its desks, by comune.
    let lazio = Search { region: Some("12"), ..Search::default() };
    match desks().listing(Some(gazetteer()), &lazio, &any) {
        Listing::Region { name, rows } => {
            assert_eq!(name, "Lazio");
            assert!(rows.iter().any(|r| r.desk.id == "enm-latina") && rows.iter().all(|r| r.km.is_none()));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(desks().listing(Some(gazetteer()), &Search { comune: Some("999999"), ..Search::default() }, &any), Listing::Prompt));
}

#[test]
fn a_measure_chosen_in_the_filter_replaces_those_from_the_results() {
    let fitting = vec!["resto_al_sud_2".to_string(), "smart_start".to_string()];
    assert_eq!(filter(&[], None, &fitting, None).instruments, fitting);
    let chosen = filter(&[HostType::Cpi], Some("on_tasso_zero"), &fitting, None);
    assert_eq!(chosen.instruments, ["on_tasso_zero"]);
    assert_eq!(chosen.host_types, [HostType::Cpi]);
}

#[test]
fn the_contact_form_offers_the_online_network_first_and_always_reaches_someone() {
    let choices = desks().contact_choices(Lang::It);
    assert_eq!(choices.len(), desks().desks().len());
    assert_eq!((choices[0].id.as_str(), choices[0].place.as_deref()), ("enm-online", None));
    let offices: Vec<&Option<String>> = choices.iter().skip(1).map(|c| &c.place).collect();
    assert!(offices.iter().all(|p| p.is_some()) && offices.windows(2).all(|w| w[0] <= w[1]), "then by comune");
    assert_eq!(desks().default_contact_desk(""), Some("enm-online"));
    assert_eq!(desks().default_contact_desk("nope"), Some("enm-online"));
    assert_eq!(desks().default_contact_desk("enm-latina"), Some("enm-latina"));
    let online_email = desks().get("enm-online").and_then(|d| d.email.clone());
    let expected = online_email.as_deref().unwrap_or("help@example.org");
    assert_eq!(desks().recipient("enm-latina", "help@example.org"), expected, "a desk without e-mail: the online network");
    assert_eq!(desks().recipient("nope", "help@example.org"), expected);
}

#[test]
fn a_desk_names_its_measures_and_its_regions_own_once() {
    let latina = desks().get("enm-latina").unwrap();
    let m = latina.measures(measures(), today());
    let known = latina.instruments.iter().filter(|id| rulebook().instruments().get(id).is_some()).count();
    assert_eq!(m.known.len() + m.closed.len(), known);
    assert_eq!(m.regional, rulebook().instruments().get("regionale_lazio").is_none());
}

#[test]
fn a_closed_measure_is_never_what_a_desk_can_help_with() {
    // The €500 a month for under-35s took applications until 2 March 2026.
    let bonus = rulebook().instruments().get("bonus_under35_settori_strategici").unwrap();
    let roma = desks().get("enm-roma-goito").unwrap();
    assert!(roma.instruments.iter().any(|i| i == "bonus_under35_settori_strategici"));
    let during = roma.measures(measures(), parse_iso("2026-01-15").unwrap());
    assert!(during.known.contains(&&bonus.name) && !during.closed.contains(&&bonus.name));
    let after = roma.measures(measures(), today());
    assert!(!after.known.contains(&&bonus.name), "closed on 2 March 2026, listed as help on {:?}", today());
    assert!(after.closed.contains(&&bonus.name));
}
