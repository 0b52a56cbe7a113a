//! Which instruments a desk helps with, by default.
//!
//! ENM sportelli give free information and orientation on national and regional microcredit and
//! self-employment measures (microcredit-rules.md §13). So every desk lists the national instruments that
//! apply where it is, plus its region's own funds; the CSV can override this per desk. Resto al Sud 2.0 is
//! for businesses in the eight southern regions and Autoimpiego Centro-Nord for the twelve others
//! (§4b, §5), so a desk lists the one of the two that applies to its region. The online network lists both.

/// Open or structural national instruments an ENM desk can inform on (closed ones such as Resto al Sud 1 and
/// SELFIEmployment are left out).
pub const NATIONAL_INSTRUMENTS: [&str; 9] = [
    "microcredito_imprenditoriale",
    "microcredito_sociale",
    "fondo_garanzia_microcredito",
    "resto_al_sud_2",
    "autoimpiego_centro_nord",
    "on_tasso_zero",
    "smart_start",
    "naspi_anticipata",
    "bonus_under35_settori_strategici",
];

/// ISTAT region code → the suffix of its `regionale_<region>` instrument id, and whether Resto al Sud 2.0
/// (rather than Autoimpiego Centro-Nord) covers it.
const REGIONS: [(&str, &str, bool); 20] = [
    ("01", "piemonte", false),
    ("02", "valle_d_aosta", false),
    ("03", "lombardia", false),
    ("04", "trentino_alto_adige", false),
    ("05", "veneto", false),
    ("06", "friuli_venezia_giulia", false),
    ("07", "liguria", false),
    ("08", "emilia_romagna", false),
    ("09", "toscana", false),
    ("10", "umbria", false),
    ("11", "marche", false),
    ("12", "lazio", false),
    ("13", "abruzzo", true),
    ("14", "molise", true),
    ("15", "campania", true),
    ("16", "puglia", true),
    ("17", "basilicata", true),
    ("18", "calabria", true),
    ("19", "sicilia", true),
    ("20", "sardegna", true),
];

/// `regionale_lazio` for region code "12"; `None` for an unknown code.
pub fn regional_instrument(region_code: &str) -> Option<String> {
    REGIONS.iter().find(|r| r.0 == region_code).map(|r| format!("regionale_{}", r.1))
}

/// The default instruments of a desk in the region with this ISTAT code; `None` (the online network, or a
/// desk without a known region) lists every national instrument.
pub fn default_instruments(region_code: Option<&str>) -> Vec<String> {
    let region = region_code.and_then(|code| REGIONS.iter().find(|r| r.0 == code));
    let mut ids: Vec<String> = NATIONAL_INSTRUMENTS
        .iter()
        .filter(|&&id| match (id, region) {
            ("resto_al_sud_2", Some(r)) => r.2,
            ("autoimpiego_centro_nord", Some(r)) => !r.2,
            _ => true,
        })
        .map(|id| id.to_string())
        .collect();
    if let Some(r) = region {
        ids.push(format!("regionale_{}", r.1));
    }
    ids
}

/// `regionale_<region>` for one of the twenty regions: "the region's own measures", a valid desk entry whether
/// or not `instruments.json` has a fund of that region (`regionale_marche` with no Marche fund there).
pub fn is_region_measures(id: &str) -> bool {
    id.strip_prefix("regionale_").is_some_and(|r| REGIONS.iter().any(|x| x.1 == r))
}

/// A national id, `regionale_<region>`, or one fund of a region (`regionale_puglia_microprestito`).
pub fn is_known_instrument(id: &str) -> bool {
    let fund_name = |name: &str| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    let region_fund = |r: &str| {
        REGIONS
            .iter()
            .any(|x| r == x.1 || r.strip_prefix(x.1).and_then(|rest| rest.strip_prefix('_')).is_some_and(fund_name))
    };
    NATIONAL_INSTRUMENTS.contains(&id) || id.strip_prefix("regionale_").is_some_and(region_fund)
}

/// Does a desk that lists `listed` help with `asked`? The same id, or `listed` is a region's
/// `regionale_<region>` (its own funds) and `asked` is one of them (`regionale_puglia_microprestito`).
pub fn covers(listed: &str, asked: &str) -> bool {
    listed == asked
        || (listed.starts_with("regionale_") && asked.strip_prefix(listed).is_some_and(|rest| rest.starts_with('_')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn south_gets_resto_al_sud_centre_north_gets_autoimpiego() {
        let sicilia = default_instruments(Some("19"));
        assert!(sicilia.iter().any(|i| i == "resto_al_sud_2"));
        assert!(!sicilia.iter().any(|i| i == "autoimpiego_centro_nord"));
        assert!(sicilia.iter().any(|i| i == "regionale_sicilia"));
        let lazio = default_instruments(Some("12"));
        assert!(lazio.iter().any(|i| i == "autoimpiego_centro_nord"));
        assert!(!lazio.iter().any(|i| i == "resto_al_sud_2"));
        assert_eq!(default_instruments(None).len(), NATIONAL_INSTRUMENTS.len());
        assert!(default_instruments(Some("12")).iter().all(|i| is_known_instrument(i)));
        assert!(!is_known_instrument("regionale_atlantide"));
        assert!(is_known_instrument("regionale_puglia_microprestito"));
        assert!(!is_known_instrument("regionale_puglia_"));
        assert!(covers("regionale_puglia", "regionale_puglia_microprestito"));
        assert!(covers("regionale_puglia", "regionale_puglia"));
        assert!(!covers("regionale_puglia", "regionale_pugliese") && !covers("smart_start", "smart_start_x"));
        assert!(is_region_measures("regionale_marche") && is_region_measures("regionale_valle_d_aosta"));
        for not in ["regionale_", "regionale_atlantide", "regionale_puglia_microprestito", "marche", "smart_start"] {
            assert!(!is_region_measures(not), "{not}");
        }
    }
}
