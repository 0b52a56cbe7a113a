//! `data/towns.json`: the names the locator's map shows before any search (core's `Gazetteer::main_towns`), made
//! from the comuni at build time so that the map does not download all 7,894 comuni (79 KB compressed) to name
//! a few hundred towns.

use anyhow::Context;
use microwork_core::geo::Gazetteer;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct TownEntry<'a> {
    name: &'a str,
    lat: f64,
    lon: f64,
}

/// Four decimals: about ten metres, far finer than a name on a map needs.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The towns of `comuni_json` (the shipped `data/comuni.json`), most important first, as map.js reads them.
pub fn towns_json(comuni_json: &str) -> anyhow::Result<String> {
    let gazetteer = Gazetteer::from_json(comuni_json).map_err(|e| anyhow::anyhow!("comuni.json: {e}"))?;
    let towns: Vec<TownEntry> =
        gazetteer.main_towns().iter().map(|t| TownEntry { name: t.name, lat: round(t.point.lat), lon: round(t.point.lon) }).collect();
    Ok(serde_json::to_string(&towns)?)
}

/// Writes `data/towns.json` into the staged site, from its `data/comuni.json`.
pub fn write(staging: &Path) -> anyhow::Result<usize> {
    let comuni = std::fs::read_to_string(staging.join("data/comuni.json")).context("reading the staged data/comuni.json")?;
    let json = towns_json(&comuni)?;
    std::fs::write(staging.join("data/towns.json"), &json).context("writing data/towns.json")?;
    Ok(json.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_towns_file_names_the_big_cities_first_and_is_small() {
        let comuni = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/comuni.json")).unwrap();
        let json = towns_json(&comuni).unwrap();
        let towns: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(towns[0]["name"], "Roma");
        assert!(towns.iter().any(|t| t["name"] == "Latina"), "every provincial capital is named");
        assert!(towns.len() >= 107 && json.len() < 60_000, "{} towns, {} bytes", towns.len(), json.len());
        let roma = &towns[0];
        assert!((roma["lat"].as_f64().unwrap() - 41.9).abs() < 0.1 && (roma["lon"].as_f64().unwrap() - 12.5).abs() < 0.1);
    }
}
