//! `sportelli.json` in `check-data`: the checks the app runs when it loads the file
//! ([`SportelliFile::located_problems`]), and the desks' instrument ids against `instruments.json`.

use super::{DataError, ProblemKind, parse_json};
use crate::rules::Instruments;
use crate::sportelli::{self, SportelliFile, is_known_instrument, is_region_measures};

/// Every problem of `sportelli.json`, with its JSON path. With `instruments` (the parsed
/// `instruments.json`), also every desk instrument id that is neither one of its instruments nor a
/// region's own measures (`regionale_<region>`, allowed for regions without a fund in the file).
pub fn check_sportelli(json: &str, instruments: Option<&Instruments>) -> Vec<DataError> {
    let file: SportelliFile = match parse_json(sportelli::FILE, json) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let problem = |path: String, kind, message: String| DataError { file: sportelli::FILE.to_owned(), path, message, kind };
    let mut out: Vec<DataError> = file
        .located_problems()
        .into_iter()
        .map(|p| {
            let message = match p.desk {
                Some(id) => format!("desk `{id}`: {}", p.message),
                None => p.message,
            };
            // These make the app refuse the file, like a shape it cannot read.
            problem(p.path, ProblemKind::Structure, message)
        })
        .collect();
    let Some(instruments) = instruments else { return out };
    for (i, desk) in file.sportelli.iter().enumerate() {
        for (k, id) in desk.instruments.iter().enumerate() {
            // Ids of no known form were reported above; here, the well-formed ids that point nowhere
            // (`regionale_puglia_nidi` with no such fund): the locator's filter would never match them.
            if is_known_instrument(id) && instruments.get(id).is_none() && !is_region_measures(id) {
                out.push(problem(
                    format!("sportelli[{i}].instruments[{k}]"),
                    ProblemKind::Reference,
                    format!(
                        "desk `{}`: instrument `{id}` is neither in instruments.json \
                         nor a region's own measures (`regionale_<region>`)",
                        desk.id
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const SPORTELLI: &str = include_str!("../../../../public/data/sportelli.json");
    const INSTRUMENTS: &str = include_str!("../../../../public/data/instruments.json");

    fn instruments() -> Instruments {
        Instruments::from_json(INSTRUMENTS).unwrap_or_else(|e| panic!("{e}"))
    }

    fn check(edit: impl FnOnce(&mut Value)) -> Vec<(String, ProblemKind, String)> {
        let mut file: Value = serde_json::from_str(SPORTELLI).unwrap_or_else(|e| panic!("{e}"));
        edit(&mut file);
        check_sportelli(&file.to_string(), Some(&instruments())).into_iter().map(|p| (p.path, p.kind, p.message)).collect()
    }

    #[test]
    fn the_shipped_desks_pass_including_regions_without_a_fund_of_their_own() {
        assert_eq!(check(|_| {}), []);
        assert!(SPORTELLI.contains("\"regionale_marche\""), "the case this check must allow is in the data");
        assert!(instruments().get("regionale_marche").is_none());
    }

    #[test]
    fn unknown_instrument_ids_are_reported_with_their_path() {
        let problems = check(|f| {
            let ids = &mut f["sportelli"][1]["instruments"];
            ids[2] = json!("regionale_puglia_nidi"); // well formed, but no such fund
            ids[3] = json!("regionale_marche"); // a region's own measures: allowed
            ids[4] = json!("fondo_inesistente"); // no known form: the file's own check
            f["sportelli"][0]["instruments"][0] = json!("regionale_puglia_microprestito"); // a fund in instruments.json
        });
        let unknown = "desk `enm-latina`: unknown instrument `fondo_inesistente`";
        let nowhere = "desk `enm-latina`: instrument `regionale_puglia_nidi` is neither in instruments.json \
                       nor a region's own measures (`regionale_<region>`)";
        assert_eq!(
            problems,
            [
                ("sportelli[1].instruments[4]".into(), ProblemKind::Structure, unknown.into()),
                ("sportelli[1].instruments[2]".into(), ProblemKind::Reference, nowhere.into()),
            ]
        );
        // Without instruments.json only the file's own checks run.
        let mut file: Value = serde_json::from_str(SPORTELLI).unwrap_or_else(|e| panic!("{e}"));
        file["sportelli"][1]["instruments"][2] = json!("regionale_puglia_nidi");
        assert_eq!(check_sportelli(&file.to_string(), None), []);
    }

    #[test]
    fn the_files_own_checks_name_the_desk_and_path() {
        let problems = check(|f| {
            f["sportelli"][2]["phone"] = json!("06-0606");
            f["sportelli"][3]["response_days"] = json!(0);
            f["sportelli"][4]["response_days"] = json!(10);
            let twin = f["sportelli"][0].clone();
            if let Some(all) = f["sportelli"].as_array_mut() {
                all.push(twin);
            }
        });
        let paths: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
        assert!(paths.contains(&"sportelli[2].phone"), "{problems:?}");
        assert!(paths.contains(&"sportelli[3].response_days"), "{problems:?}");
        assert!(!paths.contains(&"sportelli[4].response_days"), "10 working days is a fine promise: {problems:?}");
        let twin = problems.iter().find(|p| p.2.contains("used twice")).unwrap_or_else(|| panic!("{problems:?}"));
        assert!(twin.0.starts_with("sportelli[") && twin.0.ends_with("].id") && twin.0 != "sportelli[0].id", "{twin:?}");
        let broken = check_sportelli(r#"{"generated_on": "2026-01-01", "sportelli": [{"id": 3}]}"#, None);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].file, "sportelli.json");
        // The JSON path where the native tools have it; line and column in the browser build.
        #[cfg(feature = "json-paths")]
        assert!(broken[0].path.starts_with("sportelli[0]"), "{:?}", broken[0]);
    }
}
