//! `microwork import-comuni --from DIR --out public/data`: turns the shared comuni/CAP/boundary data into the
//! app's compact files, the same bytes every time.
//!
//! - `comuni.json`: every comune with province, region, CAPs and point, in the columnar [`ComuniFile`] layout
//!   (the CAP index is rebuilt from it in the browser, so it is not shipped twice);
//! - `regioni.geojson`: region outlines for the overview map, simplified with Douglas–Peucker on the shared
//!   TopoJSON arcs (a border shared by two regions is simplified once, so neighbours still meet exactly), about 500 m;
//! - `regioni.json`: the region table, copied as it is.
//!
//! The app never reads the shared folder at run time; this command is how its files are refreshed.

use anyhow::{Context, Result, bail};
use microwork_core::geo::{Cap, Comune, ComuniFile, Gazetteer, Point, Province, Region};
use microwork_core::topojson;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder with the shared data: comuni.json, province.json, regioni.json, italy_regions.topo.json.
    #[arg(long)]
    pub from: PathBuf,
    /// Folder to write comuni.json, regioni.geojson and regioni.json into.
    #[arg(long, default_value = "public/data")]
    pub out: PathBuf,
    /// Douglas–Peucker tolerance for the region outlines, in metres.
    #[arg(long, default_value_t = 500.0)]
    pub tolerance_m: f64,
}

pub const COMUNI_ATTRIBUTION: &str = "Comuni, CAP e coordinate: Garda Informatica – Database dei comuni italiani (licenza MIT), \
tramite il pacchetto npm italian-cap-comuni-province 1.1.1 (MIT, © 2025 spritzcoder).";
pub const BOUNDARY_ATTRIBUTION: &str =
    "Confini amministrativi: © ISTAT, elaborazione openpolis (github.com/openpolis/geojson-italy), licenza CC BY 4.0.";

pub fn run(args: Args) -> Result<ExitCode> {
    let read = |name: &str| -> Result<String> {
        let path = args.from.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let comuni = comuni_file(&read("comuni.json")?, &read("province.json")?, &read("regioni.json")?)?;
    let comuni_json = serde_json::to_string(&comuni)?;
    // The app must be able to read what we write: decode it as the app will before writing anything.
    let gazetteer = Gazetteer::from_json(&comuni_json).context("the comuni.json just built does not read back")?;
    let regions_json = topojson::regions_geojson(&read("italy_regions.topo.json")?, args.tolerance_m / 1000.0, BOUNDARY_ATTRIBUTION)
        .context("italy_regions.topo.json")?;
    let regioni = read("regioni.json")?;

    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    write_atomically(&args.out.join("comuni.json"), comuni_json.as_bytes())?;
    write_atomically(&args.out.join("regioni.geojson"), regions_json.as_bytes())?;
    write_atomically(&args.out.join("regioni.json"), regioni.as_bytes())?;
    eprintln!(
        "wrote {} comuni ({} CAPs) to comuni.json ({} bytes), regioni.geojson ({} bytes), regioni.json in {}",
        gazetteer.comuni().len(),
        gazetteer.comuni().iter().map(|c| c.caps.len()).sum::<usize>(),
        comuni_json.len(),
        regions_json.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `path` through a temporary file and a rename, so a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))
}

#[derive(Deserialize)]
struct SourceComune {
    istat: String,
    name: String,
    #[serde(default)]
    name_it: Option<String>,
    prov: String,
    reg: String,
    cap: Vec<String>,
    lat: f64,
    lon: f64,
    capoluogo: bool,
}

#[derive(Deserialize)]
struct SourceProvince {
    sigla: String,
    name: String,
    reg: String,
}

#[derive(Deserialize)]
struct SourceRegion {
    code: String,
    name: String,
}

/// Builds the shipped comuni file from the shared `comuni.json`, `province.json` and `regioni.json`.
pub fn comuni_file(comuni_json: &str, province_json: &str, regioni_json: &str) -> Result<ComuniFile> {
    let rows: Vec<SourceComune> = serde_json::from_str(comuni_json).context("comuni.json")?;
    let mut src_provinces: Vec<SourceProvince> = serde_json::from_str(province_json).context("province.json")?;
    let mut src_regions: Vec<SourceRegion> = serde_json::from_str(regioni_json).context("regioni.json")?;
    src_regions.sort_by(|a, b| a.code.cmp(&b.code));
    src_provinces.sort_by(|a, b| a.sigla.cmp(&b.sigla));

    let regions: Vec<Region> = src_regions.into_iter().map(|r| Region { code: r.code, name: r.name }).collect();
    let mut provinces = Vec::with_capacity(src_provinces.len());
    for p in src_provinces {
        let Some(region) = regions.iter().position(|r| r.code == p.reg) else {
            bail!("province.json: {} has unknown region {}", p.sigla, p.reg);
        };
        provinces.push(Province { code: p.sigla, name: p.name, region: region as u16 });
    }

    let mut comuni = Vec::with_capacity(rows.len());
    for row in rows {
        let what = || format!("comuni.json: {} ({})", row.name, row.istat);
        if row.istat.len() != 6 || !row.istat.bytes().all(|b| b.is_ascii_digit()) {
            bail!("{}: the ISTAT code must be 6 digits", what());
        }
        let Some(province) = provinces.iter().position(|p| p.code == row.prov) else {
            bail!("{}: unknown province {}", what(), row.prov);
        };
        if regions[usize::from(provinces[province].region)].code != row.reg {
            bail!("{}: region {} differs from its province's", what(), row.reg);
        }
        let mut caps = Vec::with_capacity(row.cap.len());
        for cap in &row.cap {
            caps.push(Cap::parse(cap).with_context(|| format!("{}: `{cap}` is not a CAP", what()))?);
        }
        caps.sort();
        caps.dedup();
        if caps.is_empty() {
            bail!("{}: no CAP", what());
        }
        let point = Point::new(row.lat, row.lon);
        if !point.is_valid() {
            bail!("{}: coordinates out of range", what());
        }
        let bilingual = bilingual_parts(&row.name, row.name_it.as_deref()).with_context(what)?;
        comuni.push(Comune {
            istat: row.istat,
            name: row.name,
            bilingual,
            province: province as u16,
            point,
            capoluogo: row.capoluogo,
            caps,
        });
    }
    Ok(ComuniFile::encode(&regions, &provinces, &comuni, COMUNI_ATTRIBUTION))
}

/// "Bolzano/Bozen" with `name_it` "Bolzano" → ("Bolzano", "Bozen"); likewise "Sgonico-Zgonik". The data marks
/// bilingual names by giving the Italian half in `name_it`.
fn bilingual_parts(name: &str, name_it: Option<&str>) -> Result<Option<(String, String)>> {
    let Some(it) = name_it.filter(|it| *it != name) else { return Ok(None) };
    let other =
        name.strip_prefix(it).and_then(|rest| rest.strip_prefix(['/', '-'])).map(str::trim).filter(|o| !o.is_empty());
    match other {
        Some(other) => Ok(Some((it.to_string(), other.to_string()))),
        None => bail!("name_it `{it}` is not the first half of `{name}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVINCE: &str = r#"[{"sigla":"BZ","name":"Bolzano/Bozen","type":"Provincia","reg":"04","uts_code":"021","n_comuni":116},
        {"sigla":"RM","name":"Roma","type":"Città metropolitana","reg":"12","uts_code":"258","n_comuni":121}]"#;
    const REGIONI: &str = r#"[{"code":"12","name":"Lazio"},{"code":"04","name":"Trentino-Alto Adige/Südtirol"}]"#;
    const COMUNI: &str = r#"[
        {"istat":"058091","name":"Roma","prov":"RM","prov_name":"Roma","reg":"12","reg_name":"Lazio","cap":["00199","00118","00184"],"lat":41.89298,"lon":12.48354,"belfiore":"H501","capoluogo":true},
        {"istat":"021008","name":"Bolzano/Bozen","name_it":"Bolzano","prov":"BZ","prov_name":"Bolzano/Bozen","reg":"04","reg_name":"x","cap":["39100"],"lat":46.49067,"lon":11.33982,"belfiore":"A952","capoluogo":true}
    ]"#;

    #[test]
    fn comuni_file_round_trips_through_the_gazetteer() {
        let file = comuni_file(COMUNI, PROVINCE, REGIONI).unwrap();
        let json = serde_json::to_string(&file).unwrap();
        let g = Gazetteer::from_json(&json).unwrap();
        let roma = g.by_istat("058091").unwrap();
        assert_eq!(roma.region.name, "Lazio");
        assert_eq!(roma.comune.caps.iter().map(|c| c.to_string()).collect::<Vec<_>>(), ["00118", "00184", "00199"]);
        assert!(roma.comune.capoluogo);
        assert_eq!(g.by_istat("021008").unwrap().comune.bilingual, Some(("Bolzano".into(), "Bozen".into())));
        assert_eq!(g.search("Bozen", 5)[0].place.comune.name, "Bolzano/Bozen");
    }

    #[test]
    fn rejects_rows_that_do_not_fit_together() {
        let wrong_region = COMUNI.replace(r#""reg":"12""#, r#""reg":"04""#);
        let err = comuni_file(&wrong_region, PROVINCE, REGIONI).unwrap_err().to_string();
        assert!(err.contains("Roma (058091)"), "{err}");
        let bad_name_it = COMUNI.replace(r#""name_it":"Bolzano""#, r#""name_it":"Bozen""#);
        assert!(comuni_file(&bad_name_it, PROVINCE, REGIONI).is_err());
    }
}
