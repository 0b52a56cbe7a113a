//! The app's addresses, as elm-spa-example's `Route.elm`: one enum, `href()` builds every link, `parse()` reads
//! every address, and a table test proves that the two agree. Paths are Italian: they are what people see and
//! share. Every address starts with the base path the app is served under (`/` unless a deployment puts it in
//! a sub-folder, issue 18), read once at start ([`set_base`]).

use microwork_core::date::Weekday;
use microwork_core::questionnaire::Step;
use microwork_core::hours::weekday_code;
use microwork_core::sportelli::HostType;
use std::sync::OnceLock;

/// Path segments: what [`Route::parse`] reads and [`Route::href`] writes.
pub mod segment {
    pub const SELF_CHECK: &str = "autovalutazione";
    pub const CHECK_ANSWERS: &str = "riepilogo";
    pub const RESULTS: &str = "risultati";
    pub const SPORTELLI: &str = "sportelli";
    pub const CONTACT: &str = "contatto";
    pub const SENT: &str = "inviata";
    pub const PRIVACY: &str = "privacy";
    pub const ABOUT: &str = "informazioni";
    pub const INTEGRATE: &str = "integra";
    pub const REQUEST: &str = "richiesta";
    pub const GUIDE: &str = "guida";
    pub const GUIDE_FAQ: &str = "domande";
    pub const GUIDE_GLOSSARY: &str = "glossario";
}

use segment::*;

const FROM_SUMMARY: (&str, &str) = ("da", "riepilogo");
const SHARED: &str = "r=";

/// A page of the app, with what its address carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Start,
    /// The self-check's entry: resume, or straight to the first question.
    SelfCheck,
    /// One question; `from_summary`: reached with "modifica" from the check-your-answers page (it goes back there).
    Question { id: String, from_summary: bool },
    CheckAnswers,
    /// `shared`: the answers of a share link (`#r=…`, in the fragment: never sent to any server).
    Results { shared: Option<String> },
    Sportelli(SportelliQuery),
    Desk { id: String },
    /// `desk`: the desk to ask (`?sportello=`), preselected in the form.
    Contact { desk: Option<String> },
    /// The confirmation of a sent request, by its reference.
    Sent(String),
    /// A sent request's status page; `secret` (in the fragment, never sent to a server log) opens it.
    RequestStatus { reference: String, secret: Option<String> },
    Privacy,
    About,
    Integrate,
    /// The guide: what microcredit is, the journey, questions, glossary.
    Guide(GuidePage),
}

/// A page of the guide. `Page` is one of `guide.json`'s pages, by id (`/guida/percorso`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuidePage {
    Index,
    Page(String),
    Faq,
    /// `term`: the definition to show (`/guida/glossario#taeg`).
    Glossary { term: Option<String> },
}

/// The locator's search and filters, all in the address so that back/forward and shared links work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SportelliQuery {
    /// `comune`: search from this comune (ISTAT code).
    pub place: Option<String>,
    /// `regione`: the desks of this region (ISTAT region code), e.g. from the results page.
    pub region: Option<String>,
    /// `strumenti`: the instruments that fit the person, from the results page.
    pub instruments: Vec<String>,
    /// `tipo`: only desks hosted by these kinds of office.
    pub hosts: Vec<HostType>,
    /// `strumento`: only desks that help with this instrument.
    pub instrument: Option<String>,
    /// `giorno`: only desks open on this day.
    pub day: Option<Weekday>,
}

/// The section of the site a route belongs to (the main navigation marks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    SelfCheck,
    Sportelli,
    Contact,
    Other,
}

static BASE: OnceLock<String> = OnceLock::new();

/// Sets the base path once, at start (`/`, or `/microwork/`); later calls change nothing.
pub fn set_base(base: &str) {
    let trimmed = base.trim_matches('/');
    let _ = BASE.set(if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") });
}

/// The base path, with a slash at both ends.
pub fn base() -> &'static str {
    BASE.get().map_or("/", String::as_str)
}

/// The address of a file the app downloads (`config.json`, `data/…`, `locales/…`), under the base path.
pub fn asset(path: &str) -> String {
    format!("{}{}", base(), path.trim_start_matches('/'))
}

fn encode_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        // Ids are slugs; keep their usual characters readable.
        .replace("%2D", "-")
        .replace("%5F", "_")
        .replace("%2E", ".")
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn query_value(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl SportelliQuery {
    fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let join = |items: &mut dyn Iterator<Item = &str>| items.map(query_value).collect::<Vec<_>>().join(",");
        if let Some(p) = &self.place {
            pairs.push(("comune", query_value(p)));
        }
        if let Some(r) = &self.region {
            pairs.push(("regione", query_value(r)));
        }
        if !self.instruments.is_empty() {
            pairs.push(("strumenti", join(&mut self.instruments.iter().map(String::as_str))));
        }
        if !self.hosts.is_empty() {
            pairs.push(("tipo", join(&mut self.hosts.iter().map(|h| h.code()))));
        }
        if let Some(i) = &self.instrument {
            pairs.push(("strumento", query_value(i)));
        }
        if let Some(d) = self.day {
            pairs.push(("giorno", weekday_code::code(d).to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    /// Reads the query string (with or without `?`); unknown parameters and values are ignored.
    pub fn from_query(query: &str) -> SportelliQuery {
        let mut q = SportelliQuery::default();
        let some = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            match key.as_ref() {
                "comune" => q.place = some(&value),
                "regione" => q.region = some(&value),
                "strumenti" => q.instruments = list(&value),
                "tipo" => q.hosts = list(&value).iter().filter_map(|h| HostType::from_code(h)).collect(),
                "strumento" => q.instrument = some(&value),
                "giorno" => q.day = weekday_code::from_code(&value),
                _ => {}
            }
        }
        q
    }

    /// Whether any filter narrows the list (the filters panel starts open then).
    pub fn has_filters(&self) -> bool {
        !self.hosts.is_empty() || self.instrument.is_some() || self.day.is_some()
    }
}

impl From<Step> for Route {
    /// The page of a place in the self-check.
    fn from(step: Step) -> Route {
        match step {
            Step::Start => Route::Start,
            Step::Question { id, from_summary } => Route::Question { id, from_summary },
            Step::CheckAnswers => Route::CheckAnswers,
        }
    }
}

impl Route {
    /// The address of this page under the base path: what every link and navigation uses.
    pub fn href(&self) -> String {
        self.href_in(base())
    }

    fn href_in(&self, base: &str) -> String {
        format!("{base}{}", self.relative())
    }

    /// The address without the base path and its slash.
    fn relative(&self) -> String {
        match self {
            Route::Start => String::new(),
            Route::SelfCheck => SELF_CHECK.into(),
            Route::Question { id, from_summary } => {
                let query = if *from_summary { format!("?{}={}", FROM_SUMMARY.0, FROM_SUMMARY.1) } else { String::new() };
                format!("{SELF_CHECK}/{}{query}", encode_segment(id))
            }
            Route::CheckAnswers => format!("{SELF_CHECK}/{CHECK_ANSWERS}"),
            Route::Results { shared: None } => RESULTS.into(),
            Route::Results { shared: Some(answers) } => format!("{RESULTS}#{SHARED}{answers}"),
            Route::Sportelli(q) => {
                let query = q.to_query();
                if query.is_empty() { SPORTELLI.into() } else { format!("{SPORTELLI}?{query}") }
            }
            Route::Desk { id } => format!("{SPORTELLI}/{}", encode_segment(id)),
            Route::Contact { desk: None } => CONTACT.into(),
            Route::Contact { desk: Some(d) } => format!("{CONTACT}?sportello={}", query_value(d)),
            Route::Sent(reference) => format!("{CONTACT}/{SENT}/{}", encode_segment(reference)),
            Route::RequestStatus { reference, secret: None } => format!("{REQUEST}/{}", encode_segment(reference)),
            Route::RequestStatus { reference, secret: Some(s) } => format!("{REQUEST}/{}#{s}", encode_segment(reference)),
            Route::Privacy => PRIVACY.into(),
            Route::About => ABOUT.into(),
            Route::Integrate => INTEGRATE.into(),
            Route::Guide(GuidePage::Index) => GUIDE.into(),
            Route::Guide(GuidePage::Page(id)) => format!("{GUIDE}/{}", encode_segment(id)),
            Route::Guide(GuidePage::Faq) => format!("{GUIDE}/{GUIDE_FAQ}"),
            Route::Guide(GuidePage::Glossary { term: None }) => format!("{GUIDE}/{GUIDE_GLOSSARY}"),
            Route::Guide(GuidePage::Glossary { term: Some(t) }) => format!("{GUIDE}/{GUIDE_GLOSSARY}#{}", encode_segment(t)),
        }
    }

    /// The page at an address (path, `?query` and `#fragment`, under the base path); `None`: no such page.
    pub fn parse(url: &str) -> Option<Route> {
        Route::parse_in(base(), url)
    }

    fn parse_in(base: &str, url: &str) -> Option<Route> {
        let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path = path.strip_prefix(base).or_else(|| (path == base.trim_end_matches('/')).then_some(""))?;
        let parts: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let param = |name: &str| {
            form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).filter(|v| !v.is_empty())
        };
        Some(match parts.as_slice() {
            [] => Route::Start,
            [SELF_CHECK] => Route::SelfCheck,
            [SELF_CHECK, CHECK_ANSWERS] => Route::CheckAnswers,
            [SELF_CHECK, id] => Route::Question {
                id: id.to_string(),
                from_summary: param(FROM_SUMMARY.0).as_deref() == Some(FROM_SUMMARY.1),
            },
            [RESULTS] => Route::Results { shared: fragment.strip_prefix(SHARED).map(str::to_string) },
            [SPORTELLI] => Route::Sportelli(SportelliQuery::from_query(query)),
            [SPORTELLI, id] => Route::Desk { id: id.to_string() },
            [CONTACT] => Route::Contact { desk: param("sportello") },
            [CONTACT, SENT, reference] => Route::Sent(reference.to_string()),
            [REQUEST, reference] => Route::RequestStatus {
                reference: reference.to_string(),
                secret: (!fragment.is_empty()).then(|| fragment.to_string()),
            },
            [PRIVACY] => Route::Privacy,
            [ABOUT] => Route::About,
            [INTEGRATE] => Route::Integrate,
            [GUIDE] => Route::Guide(GuidePage::Index),
            [GUIDE, GUIDE_FAQ] => Route::Guide(GuidePage::Faq),
            [GUIDE, GUIDE_GLOSSARY] => Route::Guide(GuidePage::Glossary { term: (!fragment.is_empty()).then(|| decode(fragment)) }),
            [GUIDE, id] => Route::Guide(GuidePage::Page(id.to_string())),
            _ => return None,
        })
    }

    /// Where the main navigation puts this page.
    pub fn section(&self) -> Section {
        match self {
            Route::SelfCheck | Route::Question { .. } | Route::CheckAnswers | Route::Results { .. } => Section::SelfCheck,
            Route::Sportelli(_) | Route::Desk { .. } => Section::Sportelli,
            Route::Contact { .. } | Route::Sent(_) | Route::RequestStatus { .. } => Section::Contact,
            _ => Section::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<(&'static str, Route)> {
        let q = |place: Option<&str>, region: Option<&str>, instruments: &[&str]| SportelliQuery {
            place: place.map(Into::into),
            region: region.map(Into::into),
            instruments: instruments.iter().map(|s| s.to_string()).collect(),
            ..SportelliQuery::default()
        };
        vec![
            ("/", Route::Start),
            ("/autovalutazione", Route::SelfCheck),
            ("/autovalutazione/age", Route::Question { id: "age".into(), from_summary: false }),
            ("/autovalutazione/age?da=riepilogo", Route::Question { id: "age".into(), from_summary: true }),
            ("/autovalutazione/riepilogo", Route::CheckAnswers),
            ("/risultati", Route::Results { shared: None }),
            ("/risultati#r=1.abc-_", Route::Results { shared: Some("1.abc-_".into()) }),
            ("/sportelli", Route::Sportelli(SportelliQuery::default())),
            ("/sportelli?comune=059011", Route::Sportelli(q(Some("059011"), None, &[]))),
            (
                "/sportelli?regione=15&strumenti=resto_al_sud_2,microcredito_imprenditoriale",
                Route::Sportelli(q(None, Some("15"), &["resto_al_sud_2", "microcredito_imprenditoriale"])),
            ),
            (
                "/sportelli?comune=058091&tipo=cpi,comune&strumento=smart_start&giorno=tue",
                Route::Sportelli(SportelliQuery {
                    place: Some("058091".into()),
                    hosts: vec![HostType::Cpi, HostType::Comune],
                    instrument: Some("smart_start".into()),
                    day: Some(Weekday::Tuesday),
                    ..SportelliQuery::default()
                }),
            ),
            ("/sportelli/enm-latina", Route::Desk { id: "enm-latina".into() }),
            ("/contatto", Route::Contact { desk: None }),
            ("/contatto?sportello=enm-latina", Route::Contact { desk: Some("enm-latina".into()) }),
            ("/contatto/inviata/MW-7K3Q-9PXD", Route::Sent("MW-7K3Q-9PXD".into())),
            ("/richiesta/MW-7K3Q-9PXD", Route::RequestStatus { reference: "MW-7K3Q-9PXD".into(), secret: None }),
            ("/richiesta/MW-7K3Q-9PXD#s3cr-et_0", Route::RequestStatus { reference: "MW-7K3Q-9PXD".into(), secret: Some("s3cr-et_0".into()) }),
            ("/privacy", Route::Privacy),
            ("/informazioni", Route::About),
            ("/integra", Route::Integrate),
            ("/guida", Route::Guide(GuidePage::Index)),
            ("/guida/percorso", Route::Guide(GuidePage::Page("percorso".into()))),
            ("/guida/domande", Route::Guide(GuidePage::Faq)),
            ("/guida/glossario", Route::Guide(GuidePage::Glossary { term: None })),
            ("/guida/glossario#taeg", Route::Guide(GuidePage::Glossary { term: Some("taeg".into()) })),
        ]
    }

    #[test]
    fn every_route_round_trips_through_its_address() {
        for (url, route) in table() {
            assert_eq!(route.href(), url, "href of {route:?}");
            assert_eq!(Route::parse(url), Some(route.clone()), "parse of {url}");
        }
    }

    #[test]
    fn under_a_sub_path_every_address_starts_with_it() {
        for (url, route) in table() {
            let under = format!("/microwork{url}");
            assert_eq!(route.href_in("/microwork/"), under, "href of {route:?}");
            assert_eq!(Route::parse_in("/microwork/", &under), Some(route), "parse of {under}");
        }
        assert_eq!(Route::parse_in("/microwork/", "/microwork"), Some(Route::Start));
        assert_eq!(Route::parse_in("/microwork/", "/sportelli"), None, "outside the app's folder");
    }

    #[test]
    fn addresses_people_type_or_old_links_still_parse() {
        assert_eq!(Route::parse("/sportelli/"), Some(Route::Sportelli(SportelliQuery::default())));
        assert_eq!(Route::parse("/contatto?sportello="), Some(Route::Contact { desk: None }));
        assert_eq!(Route::parse("/?lang=en"), Some(Route::Start));
        assert_eq!(Route::parse("/sportelli?strumenti=a%2Cb&giorno=xyz&tipo=nope,cpi&x=1").map(|r| match r {
            Route::Sportelli(q) => (q.instruments, q.day, q.hosts),
            _ => unreachable!(),
        }), Some((vec!["a".to_string(), "b".to_string()], None, vec![HostType::Cpi])));
        assert_eq!(Route::parse("/sportelli/enm%20x"), Some(Route::Desk { id: "enm x".into() }));
        assert_eq!(Route::Desk { id: "a b/c".into() }.href(), "/sportelli/a%20b%2Fc");
        assert_eq!(Route::parse("/nope"), None);
        assert_eq!(Route::parse("/autovalutazione/a/b"), None);
    }

    #[test]
    fn sections_for_the_navigation() {
        assert_eq!(Route::CheckAnswers.section(), Section::SelfCheck);
        assert_eq!(Route::Desk { id: "x".into() }.section(), Section::Sportelli);
        assert_eq!(Route::Sent("x".into()).section(), Section::Contact);
        assert_eq!(Route::Privacy.section(), Section::Other);
    }

    #[test]
    fn assets_and_the_default_base() {
        assert_eq!(base(), "/");
        assert_eq!(asset("/config.json"), "/config.json");
        assert_eq!(asset("data/comuni.json"), "/data/comuni.json");
    }
}
