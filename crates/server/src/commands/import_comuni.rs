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
use serde::Deserialize;
use std::collections::BTreeMap;
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
    let regions_json = regions_geojson(&read("italy_regions.topo.json")?, args.tolerance_m / 1000.0)?;
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

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[i64; 2]>>,
    transform: Transform,
    objects: BTreeMap<String, GeometryCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<TopoGeometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum TopoGeometry {
    Polygon { arcs: Vec<Vec<i64>>, properties: RegionProps },
    MultiPolygon { arcs: Vec<Vec<Vec<i64>>>, properties: RegionProps },
}

#[derive(Deserialize)]
struct RegionProps {
    reg_name: String,
    reg_istat_code: String,
}

type Ring = Vec<[f64; 2]>;

/// Region outlines as a GeoJSON FeatureCollection Leaflet draws as it is, from the openpolis TopoJSON:
/// each shared arc is simplified once (Douglas–Peucker, `tolerance_km`), coordinates rounded to 0.001°
/// (about 100 m), rings that collapse dropped.
pub fn regions_geojson(topo_json: &str, tolerance_km: f64) -> Result<String> {
    let topo: Topology = serde_json::from_str(topo_json).context("italy_regions.topo.json")?;
    let arcs: Vec<Ring> =
        topo.arcs.iter().map(|arc| simplify(&decode_arc(arc, &topo.transform), tolerance_km)).collect();
    let Some(collection) = topo.objects.values().next() else { bail!("italy_regions.topo.json has no objects") };

    let mut features = Vec::new();
    for geometry in &collection.geometries {
        let (polygons, props): (Vec<&Vec<Vec<i64>>>, &RegionProps) = match geometry {
            TopoGeometry::Polygon { arcs, properties } => (vec![arcs], properties),
            TopoGeometry::MultiPolygon { arcs, properties } => (arcs.iter().collect(), properties),
        };
        let mut out: Vec<Vec<Ring>> = Vec::new();
        for polygon in polygons {
            let mut rings = Vec::new();
            for (n, ring_arcs) in polygon.iter().enumerate() {
                let ring = stitch(ring_arcs, &arcs)?;
                if ring.len() >= 4 {
                    rings.push(ring);
                } else if n == 0 {
                    break; // the outer ring collapsed: an islet below the tolerance, left out
                }
            }
            if !rings.is_empty() {
                out.push(rings);
            }
        }
        if out.is_empty() {
            bail!("region {} vanished at this tolerance", props.reg_name);
        }
        let geometry = if out.len() == 1 {
            serde_json::json!({"type": "Polygon", "coordinates": out.remove(0)})
        } else {
            serde_json::json!({"type": "MultiPolygon", "coordinates": out})
        };
        features.push((
            props.reg_istat_code.clone(),
            serde_json::json!({
                "type": "Feature",
                "properties": {"reg_istat_code": props.reg_istat_code, "name": props.reg_name},
                "geometry": geometry,
            }),
        ));
    }
    features.sort_by(|a, b| a.0.cmp(&b.0));
    let collection = serde_json::json!({
        "type": "FeatureCollection",
        "attribution": BOUNDARY_ATTRIBUTION,
        "features": features.into_iter().map(|f| f.1).collect::<Vec<_>>(),
    });
    Ok(serde_json::to_string(&collection)?)
}

/// TopoJSON arcs are quantized and delta-encoded.
fn decode_arc(arc: &[[i64; 2]], t: &Transform) -> Ring {
    let (mut x, mut y) = (0i64, 0i64);
    arc.iter()
        .map(|[dx, dy]| {
            x += dx;
            y += dy;
            [x as f64 * t.scale[0] + t.translate[0], y as f64 * t.scale[1] + t.translate[1]]
        })
        .collect()
}

/// Joins a ring's arcs (index `!i` means arc `i` reversed), rounds to 0.001° and drops repeated points.
fn stitch(ring_arcs: &[i64], arcs: &[Ring]) -> Result<Ring> {
    let mut ring: Ring = Vec::new();
    for &index in ring_arcs {
        let (i, reversed) = if index >= 0 { (index as usize, false) } else { (!index as usize, true) };
        let Some(arc) = arcs.get(i) else { bail!("arc {index} does not exist") };
        let mut points: Ring = arc.clone();
        if reversed {
            points.reverse();
        }
        let skip = usize::from(!ring.is_empty());
        ring.extend(points.into_iter().skip(skip));
    }
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    let mut out: Ring = Vec::with_capacity(ring.len());
    for p in ring {
        let p = [round(p[0]), round(p[1])];
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    if out.len() > 1 && out.first() != out.last() {
        out.push(out[0]);
    }
    Ok(out)
}

/// Douglas–Peucker on [lon, lat] points, measured in km on a plane tangent at 42°N (Italy spans 36–47°N,
/// so lengths are off by a few per cent at most: irrelevant for a 500 m–1 km tolerance). Keeps both ends, so
/// arcs still meet at shared nodes.
fn simplify(points: &[[f64; 2]], tolerance_km: f64) -> Ring {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let kx = 111.32 * 42f64.to_radians().cos();
    let ky = 110.57;
    let xy: Vec<[f64; 2]> = points.iter().map(|p| [p[0] * kx, p[1] * ky]).collect();
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0, 0);
        for i in a + 1..b {
            let d = segment_distance(xy[i], xy[a], xy[b]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance_km {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    // A closed arc (an island drawn as one arc) starts and ends at the same point: measure from that point.
    let t = if len2 == 0.0 { 0.0 } else { (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0) };
    let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
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

    /// Two squares sharing one edge (arc 0), as TopoJSON: the shared edge is one arc used forwards and reversed.
    const TOPO: &str = r#"{"type":"Topology","transform":{"scale":[0.001,0.001],"translate":[12,42]},
        "arcs":[[[1000,0],[0,500],[1,500]],
                [[1001,1000],[-1001,0],[0,-1000],[1000,0]],
                [[1000,0],[1000,0],[0,1000],[-999,0]]],
        "objects":{"regions":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0,1]],"properties":{"reg_name":"Ovest","reg_istat_code":"02","reg_istat_code_num":2}},
            {"type":"Polygon","arcs":[[2,-1]],"properties":{"reg_name":"Est","reg_istat_code":"01","reg_istat_code_num":1}}]}}}"#;

    #[test]
    fn boundaries_are_geojson_with_shared_edges_and_sorted_regions() {
        let json = regions_geojson(TOPO, 0.7).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f = v["features"].as_array().unwrap();
        assert_eq!(f[0]["properties"]["reg_istat_code"], "01");
        assert_eq!(f[0]["properties"]["name"], "Est");
        assert_eq!(f[0]["geometry"]["type"], "Polygon");
        let ring = |i: usize| f[i]["geometry"]["coordinates"][0].as_array().unwrap().clone();
        // The kink of 1 m in the shared edge is gone in both regions; the rings are closed.
        for i in 0..2 {
            let r = ring(i);
            assert_eq!(r.first(), r.last());
            assert_eq!(r.len(), 5, "{r:?}");
            assert!(r.iter().any(|p| p[0] == 13.0 && p[1] == 42.0));
            assert!(r.iter().any(|p| p[0] == 13.001 && p[1] == 43.0));
        }
        // The same bytes every time.
        assert_eq!(json, regions_geojson(TOPO, 0.7).unwrap());
    }
}
