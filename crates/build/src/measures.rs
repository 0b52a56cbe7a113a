//! `data/measures.json`: each measure's name and when it takes applications (core's `MeasureList`), made from the
//! rulebook at build time. A desk's page and the locator's "measure" filter need only that; without it they
//! downloaded instruments.json (over 200 KB, 32 KB compressed) and compiled the whole rulebook.

use anyhow::Context;
use microwork_core::rules::Rulebook;
use microwork_core::sportelli::MeasureList;
use std::path::Path;

/// The measure list of the staged rules (`data/questionnaire.json`, `data/instruments.json`), as JSON.
pub fn measures_json(questionnaire: &str, instruments: &str) -> anyhow::Result<String> {
    let rules = Rulebook::from_json(questionnaire, instruments)
        .map_err(|problems| anyhow::anyhow!("the rules: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))?;
    Ok(serde_json::to_string(&MeasureList::from_rulebook(&rules))?)
}

/// Writes `data/measures.json` into the staged site.
pub fn write(staging: &Path) -> anyhow::Result<usize> {
    let read = |name: &str| std::fs::read_to_string(staging.join("data").join(name)).with_context(|| format!("reading the staged data/{name}"));
    let json = measures_json(&read("questionnaire.json")?, &read("instruments.json")?)?;
    std::fs::write(staging.join("data/measures.json"), &json).context("writing data/measures.json")?;
    Ok(json.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_measure_list_names_every_measure_and_is_small() {
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/");
        let read = |name: &str| std::fs::read_to_string(format!("{data}{name}")).unwrap();
        let json = measures_json(&read("questionnaire.json"), &read("instruments.json")).unwrap();
        let list = MeasureList::from_json(&json).unwrap();
        let instruments: serde_json::Value = serde_json::from_str(&read("instruments.json")).unwrap();
        let ids: Vec<&str> = instruments["instruments"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(list.instruments.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ids);
        assert_eq!(list.get("resto_al_sud_2").map(|m| m.name.it.as_str()), Some("Resto al Sud 2.0"));
        assert!(json.len() * 10 < read("instruments.json").len(), "{} bytes", json.len());
    }
}
