//! Locator speed: autocomplete over all comuni, nearest-10 over 10,000 generated desks with filters, and
//! building both indexes (the browser does that once per page load). Budget: under 1 ms per query natively.
//!
//! `cargo bench -p microwork-core --bench geo`

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use microwork_core::date::{Date, Month, Weekday};
use microwork_core::geo::{DeskFilter, DeskIndex, Gazetteer, Point};
use microwork_core::hours::{Clock, Hours, WeeklyRange};
use microwork_core::lang::Text;
use microwork_core::sportelli::{
    Desk, DeskComune, DeskKind, GeoPrecision, Host, HostType, Location, Status, StatusValue, default_instruments,
};
use std::hint::black_box;

const COMUNI: &str = include_str!("../../../public/data/comuni.json");

/// A small deterministic generator, so every run measures the same desks.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// 10,000 offices at random comuni (so they sit where people live), with mixed hosts, regions and hours,
/// plus the online entry.
fn generated_desks(g: &Gazetteer, n: usize) -> Vec<Desk> {
    let mut rng = Lcg(42);
    let hosts = HostType::ALL;
    let days = [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday];
    let checked_on = Date::from_calendar_date(2026, Month::November, 26).unwrap();
    let mut desks: Vec<Desk> = (0..n)
        .map(|i| {
            let place = g.by_istat(&g.comuni()[rng.below(g.comuni().len() as u64) as usize].istat).unwrap();
            let hours = (rng.below(3) > 0).then(|| Hours {
                weekly: (0..1 + rng.below(3))
                    .map(|_| WeeklyRange {
                        day: days[rng.below(5) as usize],
                        from: Clock::new(9, 0).unwrap(),
                        to: Clock::new(12, 0).unwrap(),
                    })
                    .collect(),
                ..Hours::default()
            });
            let mut hours = hours;
            if let Some(h) = &mut hours {
                h.normalize();
                h.weekly.dedup_by_key(|r| r.day);
            }
            Desk {
                id: format!("desk-{i}"),
                kind: DeskKind::Office,
                name: Text::new(format!("Sportello {i}"), format!("Desk {i}")),
                host: Host { kind: hosts[rng.below(4) as usize], name: None },
                location: Some(Location {
                    address: None,
                    comune: DeskComune {
                        istat: place.comune.istat.clone(),
                        name: place.comune.name.clone(),
                        prov: place.province.code.clone(),
                        region: place.region.name.clone(),
                    },
                    lat: place.comune.point.lat + (rng.below(1000) as f64 - 500.0) / 1e5,
                    lon: place.comune.point.lon + (rng.below(1000) as f64 - 500.0) / 1e5,
                    geo_precision: GeoPrecision::Office,
                }),
                phone: None,
                email: None,
                website: None,
                hours,
                instruments: default_instruments(Some(&place.region.code)),
                status: Status { value: StatusValue::Active, newest_source: None, note: None },
                opened: None,
                network: None,
                notes: None,
                sources: Vec::new(),
                checked_on,
                response_days: None,
            }
        })
        .collect();
    let mut online = desks[0].clone();
    online.id = "online".into();
    online.kind = DeskKind::Online;
    online.location = None;
    desks.push(online);
    desks
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::from_json(COMUNI).unwrap();
    c.bench_function("gazetteer_build_from_json (7,894 comuni)", |b| {
        b.iter(|| Gazetteer::from_json(black_box(COMUNI)).unwrap())
    });
    for q in ["Forli", "bozen", "san", "a", "reggio emilia"] {
        c.bench_function(&format!("autocomplete `{q}` top 10"), |b| b.iter(|| g.search(black_box(q), 10)));
    }
    c.bench_function("cap lookup 00100 (fallback)", |b| b.iter(|| g.lookup_cap(black_box("00100")).unwrap().cap));

    let desks = generated_desks(&g, 10_000);
    c.bench_function("desk_index_build (10,000 desks)", |b| {
        b.iter_batched(|| desks.clone(), |d| DeskIndex::new(black_box(d)), BatchSize::LargeInput)
    });
    let index = DeskIndex::new(desks);
    let roma = Point::new(41.893, 12.4835);
    let filters = [
        ("no filter", DeskFilter::default()),
        ("host comune|cpi", DeskFilter { host_types: vec![HostType::Comune, HostType::Cpi], ..DeskFilter::default() }),
        (
            "host + resto_al_sud_2 + open tuesday",
            DeskFilter {
                host_types: vec![HostType::Comune, HostType::Cpi],
                instruments: vec!["resto_al_sud_2".into()],
                open_on: Some(Weekday::Tuesday),
            },
        ),
    ];
    for (name, filter) in &filters {
        c.bench_function(&format!("nearest-10 of 10,000, {name}"), |b| {
            b.iter(|| index.nearest(black_box(roma), 10, filter).hits.len())
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
