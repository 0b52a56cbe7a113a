//! Comune and CAP search, distances and nearest desks, on the files the app ships.

use microwork_core::Lang;
use microwork_core::date::Weekday;
use microwork_core::geo::{
    CapError, DeskFilter, DeskIndex, EARTH_RADIUS_KM, Gazetteer, MatchQuality, NEAR_KM, Point, fold, format_km,
    haversine_km,
};
use microwork_core::sportelli::{DeskKind, HostType, SportelliFile, StatusValue};
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::from_json(include_str!("../../../public/data/comuni.json")).unwrap())
}

fn desks() -> &'static DeskIndex {
    static D: OnceLock<DeskIndex> = OnceLock::new();
    D.get_or_init(|| {
        DeskIndex::from_file(SportelliFile::parse(include_str!("../../../public/data/sportelli.json")).unwrap())
    })
}

/// "Name (PR)" of the first `n` suggestions.
fn suggest(query: &str, n: usize) -> Vec<String> {
    gazetteer().search(query, n).iter().map(|m| m.place.label()).collect()
}

fn point_of(istat: &str) -> Point {
    gazetteer().by_istat(istat).unwrap().comune.point
}

// --- comuni -------------------------------------------------------------------------------------------------

#[test]
fn the_shipped_file_has_every_comune() {
    let g = gazetteer();
    assert_eq!(g.comuni().len(), 7894);
    assert_eq!(g.regions().len(), 20);
    assert_eq!(g.provinces().len(), 110);
    assert_eq!(g.comuni().iter().map(|c| c.caps.len()).sum::<usize>(), 8456);
    let roma = g.by_istat("058091").unwrap();
    assert_eq!(
        (roma.comune.name.as_str(), roma.province.code.as_str(), roma.region.name.as_str()),
        ("Roma", "RM", "Lazio")
    );
    assert_eq!(roma.comune.caps.len(), 73);
    assert!(roma.comune.capoluogo);
}

#[test]
fn accents_and_case_do_not_matter() {
    for q in ["Forli", "forlì", "FORLI'", "forli\u{300}"] {
        assert_eq!(suggest(q, 1), ["Forlì (FC)"], "{q}");
    }
    assert_eq!(suggest("cantu", 1), ["Cantù (CO)"]);
    assert_eq!(suggest("Sant'Antioco", 1), suggest("santantioco", 1));
    assert_eq!(suggest("sant antioco", 1), ["Sant'Antioco (CI)"]);
}

#[test]
fn either_half_of_a_bilingual_name_finds_the_comune() {
    assert_eq!(suggest("Bozen", 1), ["Bolzano/Bozen (BZ)"]);
    let bolzano = suggest("Bolzano", 3);
    assert_eq!(bolzano[0], "Bolzano/Bozen (BZ)");
    assert!(
        bolzano.contains(&"Bolzano Vicentino (VI)".to_string())
            && bolzano.contains(&"Bolzano Novarese (NO)".to_string())
    );
    assert_eq!(suggest("Eppan", 1), ["Appiano sulla strada del vino/Eppan an der Weinstraße (BZ)"]);
    // Slovene names joined with a hyphen.
    assert_eq!(suggest("Doberdob", 1), ["Doberdò del Lago-Doberdob (GO)"]);
    assert_eq!(suggest("sovodnje", 1), ["Savogna d'Isonzo-Sovodnje ob Soči (GO)"]);
    let bozen = &gazetteer().search("bozen", 1)[0];
    assert_eq!(bozen.quality, MatchQuality::Exact);
}

#[test]
fn homonyms_come_with_their_province() {
    let castro = gazetteer().search("Castro", 5);
    let exact: Vec<String> =
        castro.iter().filter(|m| m.quality == MatchQuality::Exact).map(|m| m.place.label()).collect();
    assert_eq!(exact, ["Castro (BG)", "Castro (LE)"]);
    assert!(castro.iter().take(2).all(|m| m.place.homonym));
    assert_eq!(suggest("Samone", 2), ["Samone (TO)", "Samone (TN)"]);
    assert!(!gazetteer().search("Latina", 1)[0].place.homonym);
    // The importer's look-up by name needs the province for exactly this reason.
    assert_eq!(gazetteer().by_name("castro", "le").unwrap().comune.istat, "075096");
}

#[test]
fn prefix_matches_come_before_words_and_substrings() {
    let all = gazetteer().search("roma", 200);
    assert_eq!(all[0].place.label(), "Roma (RM)");
    assert!(all.windows(2).all(|w| w[0].quality <= w[1].quality), "ranked by quality");
    let first_of = |q: MatchQuality| all.iter().position(|m| m.quality == q).unwrap();
    assert!(first_of(MatchQuality::Prefix) < first_of(MatchQuality::WordPrefix));
    assert!(first_of(MatchQuality::WordPrefix) < first_of(MatchQuality::Substring));
    // "Romano di Lombardia" starts with the query; "Castel Romano" is not a comune, but "Sant'Angelo Romano" is.
    assert!(all.iter().any(|m| m.place.comune.name == "Romano di Lombardia" && m.quality == MatchQuality::Prefix));
    assert!(all.iter().any(|m| m.place.comune.name == "Sant'Angelo Romano" && m.quality == MatchQuality::WordPrefix));
}

#[test]
fn capoluoghi_come_first_among_equals() {
    // Typing "Lat" lists Latina (capoluogo) before Laterza, Latiano, …
    assert_eq!(suggest("Lat", 1), ["Latina (LT)"]);
    assert_eq!(suggest("Latina", 1), ["Latina (LT)"]);
    assert_eq!(suggest("agrig", 1), ["Agrigento (AG)"]);
}

#[test]
fn every_word_of_a_colloquial_name() {
    assert_eq!(suggest("Reggio Emilia", 1), ["Reggio nell'Emilia (RE)"]);
    assert_eq!(suggest("reggio calabria", 1), ["Reggio di Calabria (RC)"]);
    let emilia = gazetteer().search("Emilia", 20);
    assert!(
        emilia.iter().any(|m| m.place.comune.name == "Reggio nell'Emilia" && m.quality == MatchQuality::WordPrefix)
    );
}

#[test]
fn nothing_to_search_gives_nothing() {
    assert!(suggest("", 10).is_empty());
    assert!(suggest(" ' - ", 10).is_empty());
    assert!(suggest("xqzw", 10).is_empty());
    assert_eq!(suggest("a", 7).len(), 7);
}

#[test]
fn folding() {
    assert_eq!(fold("Reggio nell'Emilia"), "reggionellemilia");
    assert_eq!(fold("Ortisei/St. Ulrich"), "ortiseistulrich");
}

// --- CAP ----------------------------------------------------------------------------------------------------

#[test]
fn a_known_cap_gives_its_comuni() {
    let m = gazetteer().lookup_cap("00184").unwrap();
    assert!(!m.fallback);
    assert_eq!(m.cap.to_string(), "00184");
    assert_eq!(m.places.iter().map(|p| p.label()).collect::<Vec<_>>(), ["Roma (RM)"]);
    assert_eq!(m.point(), point_of("058091"));
    // Several small comuni share 00010.
    let shared = gazetteer().lookup_cap(" 00010 ").unwrap();
    assert_eq!(shared.places.len(), 11);
    assert!(shared.places.iter().all(|p| p.province.code == "RM"));
    assert!(
        shared.places.iter().any(|p| p.comune.point == shared.point()),
        "a shared CAP is located at one of its comuni"
    );
}

#[test]
fn a_generic_city_cap_falls_back_to_the_closest_cap_of_the_area_and_says_so() {
    let cases = [
        ("00100", "00118", "Roma (RM)"),
        ("20100", "20121", "Milano (MI)"),
        ("10100", "10121", "Torino (TO)"),
        ("80100", "80121", "Napoli (NA)"),
    ];
    for (typed, used, comune) in cases {
        let m = gazetteer().lookup_cap(typed).unwrap();
        assert!(m.fallback, "{typed}");
        assert_eq!(m.requested.to_string(), typed);
        assert_eq!(m.cap.to_string(), used, "{typed}");
        assert_eq!(m.places[0].label(), comune, "{typed}");
    }
}

#[test]
fn malformed_or_foreign_caps_are_errors() {
    assert_eq!(gazetteer().lookup_cap("0018").unwrap_err(), CapError::Malformed("0018".into()));
    assert!(matches!(gazetteer().lookup_cap("00a84"), Err(CapError::Malformed(_))));
    // No Italian CAP starts with 99.
    assert!(matches!(gazetteer().lookup_cap("99999"), Err(CapError::Unknown(_))));
}

// --- distances ----------------------------------------------------------------------------------------------

#[test]
fn distances_match_known_values() {
    let roma = point_of("058091");
    let milano = point_of("015146");
    let km = haversine_km(roma, milano);
    assert!((km - 477.0).abs() < 2.0, "Roma–Milano {km:.1} km");
    // One degree of longitude on the equator, and half the Earth.
    let one_degree = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
    assert!((haversine_km(Point::new(0.0, 0.0), Point::new(0.0, 1.0)) - one_degree).abs() < 1e-9);
    assert!((haversine_km(Point::new(0.0, 0.0), Point::new(0.0, 180.0)) - 20015.1).abs() < 0.1);
    assert_eq!(haversine_km(roma, roma), 0.0);
    assert!((haversine_km(roma, milano) - haversine_km(milano, roma)).abs() < 1e-9);
    // Roma–Napoli ≈ 189 km, Palermo–Catania ≈ 166 km.
    assert!((haversine_km(roma, point_of("063049")) - 189.0).abs() < 3.0);
    assert!((haversine_km(point_of("082053"), point_of("087015")) - 166.0).abs() < 3.0);
}

#[test]
fn distances_read_naturally() {
    assert_eq!(format_km(0.853, Lang::It), "850 m");
    assert_eq!(format_km(3.44, Lang::It), "3,4 km");
    assert_eq!(format_km(3.44, Lang::En), "3.4 km");
    assert_eq!(format_km(476.6, Lang::It), "477 km");
}

// --- nearest desks ------------------------------------------------------------------------------------------

fn first_id(from: Point, filter: &DeskFilter) -> String {
    desks().nearest(from, 5, filter).hits[0].desk.id.clone()
}

#[test]
fn the_desk_in_the_searched_comune_comes_first() {
    // Typing "Latina" and picking it lists the Latina desk first, 0 km away.
    let latina = gazetteer().search("Latina", 1)[0].place.comune.point;
    let near = desks().nearest(latina, 5, &DeskFilter::default());
    assert_eq!(near.hits[0].desk.id, "enm-latina");
    assert!(near.hits[0].km < 0.01);
    assert!(!near.nothing_near);
    assert!(near.hits.windows(2).all(|w| w[0].km <= w[1].km), "sorted by distance");
    // CAP 00184 lists the Roma desk first.
    let cap = gazetteer().lookup_cap("00184").unwrap();
    assert_eq!(first_id(cap.point(), &DeskFilter::default()), "enm-roma-goito");
    // A position near Agrigento (Porto Empedocle) lists an Agrigento-area desk first.
    let id = first_id(Point::new(37.29, 13.53), &DeskFilter::default());
    assert!(id.starts_with("enm-lcc-agrigento"), "{id}");
}

#[test]
fn filters_by_host_type_instrument_and_weekday() {
    let roma = point_of("058091");
    let cciaa = DeskFilter { host_types: vec![HostType::Cciaa], ..DeskFilter::default() };
    let hits = desks().nearest(roma, 10, &cciaa).hits;
    assert!(!hits.is_empty() && hits.iter().all(|h| h.desk.host.kind == HostType::Cciaa));
    assert_eq!(hits[0].desk.id, "enm-rieti-cciaa");

    // Resto al Sud 2.0 is for the South: from Roma the nearest desk that helps with it is in Abruzzo.
    let rsud = DeskFilter { instruments: vec!["resto_al_sud_2".into()], ..DeskFilter::default() };
    let hits = desks().nearest(roma, 10, &rsud).hits;
    assert!(hits.iter().all(|h| h.desk.helps_with("resto_al_sud_2")));
    assert_eq!(hits[0].desk.id, "enm-avezzano");

    // Open on Monday: only desks whose hours include Monday (Roma, Mon–Fri); unknown hours are left out.
    let monday = DeskFilter { open_on: Some(Weekday::Monday), ..DeskFilter::default() };
    let hits = desks().nearest(roma, 10, &monday).hits;
    assert_eq!(hits[0].desk.id, "enm-roma-goito");
    assert!(hits.iter().all(|h| h.desk.hours.as_ref().is_some_and(|x| x.opens_on(Weekday::Monday))));
    // No desk in the data opens on Sunday: nothing listed, and the online option still offered. Not
    // `nothing_near` (it used to be): that flag means "none within 50 km, here are the nearest", and
    // there are no nearest to show; the page says "no desk matches the filters" instead.
    let sunday = DeskFilter { open_on: Some(Weekday::Sunday), ..DeskFilter::default() };
    let none = desks().nearest(roma, 10, &sunday);
    assert!(none.hits.is_empty() && !none.nothing_near && none.online.len() == 1);
    // A desk that helps with its region's funds (`regionale_puglia`) helps with each of them.
    let microprestito =
        DeskFilter { instruments: vec!["regionale_puglia_microprestito".into()], ..DeskFilter::default() };
    let hits = desks().nearest(roma, 10, &microprestito).hits;
    assert_eq!(hits.len(), 3, "the three Puglia desks");
    assert!(hits.iter().all(|h| h.desk.location.as_ref().unwrap().comune.region == "Puglia"));
    // An instrument no desk lists gives no desks rather than all of them.
    let unknown = DeskFilter { instruments: vec!["fondo_inesistente".into()], ..DeskFilter::default() };
    let none = desks().nearest(roma, 10, &unknown);
    assert!(none.hits.is_empty() && !none.nothing_near && none.online.len() == 1, "no match is not \"nothing near\"");
    // Nothing asked for, or nowhere to measure from: no hits, so not "nothing near" either.
    assert!(!desks().nearest(roma, 0, &DeskFilter::default()).nothing_near);
    assert!(!desks().nearest(Point::new(f64::NAN, 0.0), 10, &DeskFilter::default()).nothing_near);
    // Filters combine.
    let both = DeskFilter {
        host_types: vec![HostType::Comune, HostType::Cpi],
        open_on: Some(Weekday::Tuesday),
        instruments: Vec::new(),
    };
    let hits = desks().nearest(roma, 10, &both).hits;
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| matches!(h.desk.host.kind, HostType::Comune | HostType::Cpi)
        && h.desk.hours.as_ref().unwrap().opens_on(Weekday::Tuesday)));
}

#[test]
fn nothing_within_50_km_says_so_shows_the_nearest_and_the_online_option() {
    // No desk in Trentino-Alto Adige: from Bolzano the nearest is far away.
    let near = desks().nearest(point_of("021008"), 3, &DeskFilter::default());
    assert!(near.nothing_near);
    assert_eq!(near.hits.len(), 3, "the nearest are listed anyway");
    assert!(near.hits[0].km > NEAR_KM);
    assert_eq!(near.online.len(), 1);
    let online = near.online[0];
    assert_eq!(online.kind, DeskKind::Online);
    assert_eq!(online.email.as_deref(), Some("sportelli@microcredito.gov.it"));
    // The online option is offered next to near desks too, and is never one of the mapped hits.
    let roma = desks().nearest(point_of("058091"), 60, &DeskFilter::default());
    assert_eq!(roma.online.len(), 1);
    assert_eq!(roma.hits.len(), 52);
    assert!(roma.hits.iter().all(|h| h.desk.kind == DeskKind::Office && h.desk.location.is_some()));
}

#[test]
fn at_the_same_distance_confirmed_desks_come_first() {
    let file = SportelliFile::parse(include_str!("../../../public/data/sportelli.json")).unwrap();
    let mut desks = file.sportelli;
    // Two desks at Rieti: make the comune's one active and put it last in the file.
    let i = desks.iter().position(|d| d.id == "enm-rieti").unwrap();
    let mut rieti = desks.remove(i);
    rieti.status.value = StatusValue::Active;
    desks.push(rieti);
    let index = DeskIndex::new(desks);
    let hits = index.nearest(point_of("057059"), 2, &DeskFilter::default()).hits;
    assert_eq!((hits[0].desk.id.as_str(), hits[1].desk.id.as_str()), ("enm-rieti", "enm-rieti-cciaa"));
    assert_eq!(hits[0].km, hits[1].km);
}

#[test]
fn desks_are_found_by_id() {
    assert_eq!(desks().get("enm-catanzaro").unwrap().location.as_ref().unwrap().comune.name, "Catanzaro");
    assert_eq!(desks().get("enm-online").unwrap().kind, DeskKind::Online);
    assert!(desks().get("nope").is_none());
}

#[test]
fn several_instruments_mean_any_of_them_and_a_region_lists_its_desks() {
    let idx = desks();
    let from = Point::new(40.8518, 14.2681); // Napoli
    let rsud = DeskFilter { instruments: vec!["resto_al_sud_2".into()], ..DeskFilter::default() };
    let either = DeskFilter { instruments: vec!["fondo_inesistente".into(), "resto_al_sud_2".into()], ..DeskFilter::default() };
    let ids = |f: &DeskFilter| idx.nearest(from, 10, f).hits.iter().map(|h| h.desk.id.clone()).collect::<Vec<_>>();
    assert!(!ids(&rsud).is_empty());
    assert_eq!(ids(&either), ids(&rsud));

    let lazio = idx.in_region("Lazio", &DeskFilter::default());
    assert!(lazio.len() >= 5, "{}", lazio.len());
    assert!(lazio.iter().all(|d| d.location.as_ref().unwrap().comune.region == "Lazio"));
    assert!(lazio.windows(2).all(|w| w[0].location.as_ref().unwrap().comune.name <= w[1].location.as_ref().unwrap().comune.name));
    assert!(idx.in_region("Molise", &DeskFilter::default()).is_empty(), "no seed desk in Molise");
}
