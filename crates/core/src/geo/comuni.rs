//! The comuni: the shipped columnar file, and the in-memory gazetteer built from it.

use super::cap::{Cap, CapIndex};
use super::search::{ComuneMatch, NameIndex};
use super::{CapError, CapMatch, Point};
use serde::{Deserialize, Serialize};

/// A region (ISTAT code "01" … "20").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub name: String,
}

/// A province or equivalent body (sigla "RM", "BZ", …) and the index of its region in [`Gazetteer::regions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub region: u16,
}

/// One comune.
#[derive(Debug, Clone, PartialEq)]
pub struct Comune {
    /// ISTAT code, 6 digits ("058091").
    pub istat: String,
    /// Official name, bilingual where the law says so ("Bolzano/Bozen", "Duino Aurisina-Devin Nabrežina").
    pub name: String,
    /// For bilingual names, the Italian and the other-language name, so either can be searched on its own.
    pub bilingual: Option<(String, String)>,
    /// Index into [`Gazetteer::provinces`].
    pub province: u16,
    /// The town's reference point (not the polygon's centroid).
    pub point: Point,
    pub capoluogo: bool,
    /// Postal codes, ascending (Roma has 73).
    pub caps: Vec<Cap>,
}

/// A comune with its province and region, as the search functions return it.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub comune: &'a Comune,
    pub province: &'a Province,
    pub region: &'a Region,
    /// Another comune has the same name ("Samone" TO and TN): show the province.
    pub homonym: bool,
}

impl Place<'_> {
    /// "Latina (LT)": the province tells homonyms apart.
    pub fn label(&self) -> String {
        format!("{} ({})", self.comune.name, self.province.code)
    }
}

/// The file `public/data/comuni.json`: columns of equal length, one entry per comune in ISTAT-code order.
/// Numbers are small so the file compresses well: ISTAT codes, coordinates (degrees × `scale`) and first
/// CAPs are each stored as the difference from the previous row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComuniFile {
    /// [`ComuniFile::FORMAT`]; a reader refuses other versions instead of misreading them.
    pub format: u32,
    /// Credit line the licences require (shown on the About page).
    pub attribution: String,
    /// Coordinates are integers: degrees × scale.
    pub scale: u32,
    /// `[code, name]`.
    pub regions: Vec<(String, String)>,
    /// `[sigla, name, region code]`.
    pub provinces: Vec<(String, String, String)>,
    /// ISTAT code as a number, minus the previous row's.
    pub istat: Vec<u32>,
    pub name: Vec<String>,
    /// Index into `provinces`.
    pub prov: Vec<u16>,
    /// Latitude × scale, minus the previous row's.
    pub lat: Vec<i64>,
    /// Longitude × scale, minus the previous row's.
    pub lon: Vec<i64>,
    /// First (lowest) CAP, minus the previous row's first CAP.
    pub cap: Vec<i64>,
    /// `[row, [further CAPs, each minus the one before]]` for the few comuni with several CAPs.
    pub cap_more: Vec<(u32, Vec<u32>)>,
    /// Rows of the capoluoghi di provincia.
    pub capoluogo: Vec<u32>,
    /// `[row, Italian name, other-language name]` for bilingual official names.
    pub bilingual: Vec<(u32, String, String)>,
}

/// What [`ComuniFile::decode`] gives: regions, provinces and comuni, ready for [`Gazetteer::new`].
pub type ComuniParts = (Vec<Region>, Vec<Province>, Vec<Comune>);

/// A data file that cannot be used, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoDataError {
    #[error("comuni.json is not valid JSON for its format: {0}")]
    Malformed(String),
    #[error("comuni.json has format {found}; this app reads format {expected}")]
    Format { found: u32, expected: u32 },
    #[error("comuni.json: {0}")]
    Invalid(String),
}

impl ComuniFile {
    pub const FORMAT: u32 = 1;
    pub const SCALE: u32 = 10_000;

    /// Encodes comuni (with their provinces and regions) into the shipped layout.
    /// Comuni are sorted by ISTAT code; coordinates are rounded to 1/`SCALE` degree (about 11 m).
    pub fn encode(regions: &[Region], provinces: &[Province], comuni: &[Comune], attribution: &str) -> ComuniFile {
        let mut sorted: Vec<&Comune> = comuni.iter().collect();
        sorted.sort_by(|a, b| a.istat.cmp(&b.istat));
        let scale = f64::from(Self::SCALE);
        let (mut prev_istat, mut prev_lat, mut prev_lon, mut prev_cap) = (0u32, 0i64, 0i64, 0i64);
        let mut file = ComuniFile {
            format: Self::FORMAT,
            attribution: attribution.to_string(),
            scale: Self::SCALE,
            regions: regions.iter().map(|r| (r.code.clone(), r.name.clone())).collect(),
            provinces: provinces
                .iter()
                .map(|p| {
                    (
                        p.code.clone(),
                        p.name.clone(),
                        regions.get(usize::from(p.region)).map(|r| r.code.clone()).unwrap_or_default(),
                    )
                })
                .collect(),
            istat: Vec::new(),
            name: Vec::new(),
            prov: Vec::new(),
            lat: Vec::new(),
            lon: Vec::new(),
            cap: Vec::new(),
            cap_more: Vec::new(),
            capoluogo: Vec::new(),
            bilingual: Vec::new(),
        };
        for (row, c) in sorted.into_iter().enumerate() {
            let row = row as u32;
            let istat: u32 = c.istat.parse().unwrap_or(0);
            file.istat.push(istat.wrapping_sub(prev_istat));
            prev_istat = istat;
            file.name.push(c.name.clone());
            file.prov.push(c.province);
            let (lat, lon) = ((c.point.lat * scale).round() as i64, (c.point.lon * scale).round() as i64);
            file.lat.push(lat - prev_lat);
            file.lon.push(lon - prev_lon);
            (prev_lat, prev_lon) = (lat, lon);
            let first = c.caps.first().map_or(0, |c| i64::from(c.value()));
            file.cap.push(first - prev_cap);
            prev_cap = first;
            if c.caps.len() > 1 {
                file.cap_more.push((row, c.caps.windows(2).map(|w| w[1].value() - w[0].value()).collect()));
            }
            if c.capoluogo {
                file.capoluogo.push(row);
            }
            if let Some((it, other)) = &c.bilingual {
                file.bilingual.push((row, it.clone(), other.clone()));
            }
        }
        file
    }

    /// Decodes the columns back into regions, provinces and comuni, checking every index and code.
    pub fn decode(self) -> Result<ComuniParts, GeoDataError> {
        let invalid = |m: String| GeoDataError::Invalid(m);
        if self.format != Self::FORMAT {
            return Err(GeoDataError::Format { found: self.format, expected: Self::FORMAT });
        }
        if self.scale == 0 {
            return Err(invalid("scale must be positive".into()));
        }
        let n = self.istat.len();
        for (column, len) in [
            ("name", self.name.len()),
            ("prov", self.prov.len()),
            ("lat", self.lat.len()),
            ("lon", self.lon.len()),
            ("cap", self.cap.len()),
        ] {
            if len != n {
                return Err(invalid(format!("column `{column}` has {len} entries, `istat` has {n}")));
            }
        }
        let regions: Vec<Region> = self.regions.into_iter().map(|(code, name)| Region { code, name }).collect();
        let mut provinces = Vec::with_capacity(self.provinces.len());
        for (code, name, reg) in self.provinces {
            let region = regions
                .iter()
                .position(|r| r.code == reg)
                .ok_or_else(|| invalid(format!("province {code} has unknown region `{reg}`")))?;
            provinces.push(Province { code, name, region: region as u16 });
        }
        let scale = f64::from(self.scale);
        let mut comuni = Vec::with_capacity(n);
        let (mut istat, mut lat, mut lon, mut cap) = (0u32, 0i64, 0i64, 0i64);
        for (row, name) in self.name.into_iter().enumerate() {
            let step = self.istat[row];
            if step == 0 && row > 0 {
                return Err(invalid(format!("row {row}: ISTAT codes must increase")));
            }
            istat = istat
                .checked_add(step)
                .filter(|&c| c <= 999_999)
                .ok_or_else(|| invalid(format!("row {row}: ISTAT code out of range")))?;
            lat = lat.saturating_add(self.lat[row]);
            lon = lon.saturating_add(self.lon[row]);
            cap = cap.saturating_add(self.cap[row]);
            let point = Point::new(lat as f64 / scale, lon as f64 / scale);
            if !point.is_valid() {
                return Err(invalid(format!("row {row} ({name}): coordinates out of range")));
            }
            let first = u32::try_from(cap)
                .ok()
                .and_then(Cap::new)
                .ok_or_else(|| invalid(format!("row {row} ({name}): CAP out of range")))?;
            let province = self.prov[row];
            if usize::from(province) >= provinces.len() {
                return Err(invalid(format!("row {row} ({name}): unknown province index {province}")));
            }
            comuni.push(Comune {
                istat: format!("{istat:06}"),
                name,
                bilingual: None,
                province,
                point,
                capoluogo: false,
                caps: vec![first],
            });
        }
        let row_of = |row: u32, what: &str| -> Result<usize, GeoDataError> {
            let row = row as usize;
            if row < n {
                Ok(row)
            } else {
                Err(GeoDataError::Invalid(format!("`{what}` names row {row}, the file has {n}")))
            }
        };
        for (row, steps) in self.cap_more {
            let comune = &mut comuni[row_of(row, "cap_more")?];
            let mut cap = comune.caps[0].value();
            for step in steps {
                cap = cap
                    .checked_add(step)
                    .filter(|_| step > 0)
                    .ok_or_else(|| invalid(format!("row {row}: CAPs must increase")))?;
                comune.caps.push(Cap::new(cap).ok_or_else(|| invalid(format!("row {row}: CAP out of range")))?);
            }
        }
        for row in self.capoluogo {
            comuni[row_of(row, "capoluogo")?].capoluogo = true;
        }
        for (row, it, other) in self.bilingual {
            comuni[row_of(row, "bilingual")?].bilingual = Some((it, other));
        }
        Ok((regions, provinces, comuni))
    }
}

/// Every comune, searchable by name, ISTAT code and CAP.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    regions: Vec<Region>,
    provinces: Vec<Province>,
    comuni: Vec<Comune>,
    names: NameIndex,
    caps: CapIndex,
}

impl Gazetteer {
    /// Reads `comuni.json` and builds the search structures.
    pub fn from_json(json: &str) -> Result<Gazetteer, GeoDataError> {
        let file: ComuniFile = serde_json::from_str(json).map_err(|e| GeoDataError::Malformed(e.to_string()))?;
        Gazetteer::from_file(file)
    }

    pub fn from_file(file: ComuniFile) -> Result<Gazetteer, GeoDataError> {
        let (regions, provinces, comuni) = file.decode()?;
        Gazetteer::new(regions, provinces, comuni)
    }

    /// Builds from decoded parts (comuni in any order; they are sorted by ISTAT code).
    pub fn new(
        regions: Vec<Region>,
        provinces: Vec<Province>,
        mut comuni: Vec<Comune>,
    ) -> Result<Gazetteer, GeoDataError> {
        comuni.sort_by(|a, b| a.istat.cmp(&b.istat));
        if let Some(pair) = comuni.windows(2).find(|w| w[0].istat == w[1].istat) {
            return Err(GeoDataError::Invalid(format!("ISTAT code {} appears twice", pair[0].istat)));
        }
        for c in &comuni {
            let province = provinces.get(usize::from(c.province));
            if province.is_none_or(|p| usize::from(p.region) >= regions.len()) {
                return Err(GeoDataError::Invalid(format!("{} ({}) has no valid province or region", c.name, c.istat)));
            }
        }
        let names = NameIndex::build(&comuni);
        let caps = CapIndex::build(&comuni);
        Ok(Gazetteer { regions, provinces, comuni, names, caps })
    }

    pub fn comuni(&self) -> &[Comune] {
        &self.comuni
    }

    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The comune with this ISTAT code ("058091"), if any.
    pub fn by_istat(&self, istat: &str) -> Option<Place<'_>> {
        let i = self.comuni.binary_search_by(|c| c.istat.as_str().cmp(istat)).ok()?;
        Some(self.place(i))
    }

    /// The comune with this name (any of its names, case and accents ignored) in the province with this sigla.
    pub fn by_name(&self, name: &str, province_code: &str) -> Option<Place<'_>> {
        let key = super::fold(name);
        let prov = province_code.trim().to_ascii_uppercase();
        self.names.exact(&key).map(|i| self.place(i)).find(|p| p.province.code == prov)
    }

    /// Autocomplete: up to `limit` comuni whose name contains `query` (case, accents, apostrophes, hyphens and
    /// spaces ignored; either half of a bilingual name counts), best first: the whole name, then names that
    /// start with the query, then a word that starts with it, then the query anywhere, then every word of the
    /// query somewhere ("Reggio Emilia" finds "Reggio nell'Emilia"). Within a tier, capoluoghi first, then
    /// shorter names, then alphabetical order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<ComuneMatch<'_>> {
        self.names
            .search(query, limit)
            .into_iter()
            .map(|(i, quality)| ComuneMatch { place: self.place(i), quality })
            .collect()
    }

    /// The comuni of a CAP. A CAP the data does not know (such as the generic city CAPs 00100, 20100) falls
    /// back to the numerically closest known CAP of the same postal area (first three, then two digits), and
    /// the result says so (`fallback`).
    pub fn lookup_cap(&self, input: &str) -> Result<CapMatch<'_>, CapError> {
        let requested = Cap::parse(input).ok_or_else(|| CapError::Malformed(input.trim().to_string()))?;
        let (cap, fallback, rows) = self.caps.lookup(requested).ok_or(CapError::Unknown(requested))?;
        Ok(CapMatch { requested, cap, fallback, places: rows.map(|i| self.place(i)).collect() })
    }

    pub(crate) fn place(&self, i: usize) -> Place<'_> {
        let comune = &self.comuni[i];
        let province = &self.provinces[usize::from(comune.province)];
        Place {
            comune,
            province,
            region: &self.regions[usize::from(province.region)],
            homonym: self.names.is_homonym(i),
        }
    }
}
