//! The data files with texts (`microwork_core::overlay::FILES`) in one inline language each:
//! `data/questionnaire.it.json` and `data/questionnaire.en.json` instead of the bilingual `questionnaire.json`.
//! A person reads one language, and the other is over a third of each file compressed (instruments.json: 32 KB,
//! 20 KB in Italian alone). The app downloads the copy of its language (`Lang::inline`: an overlay language reads
//! the English one and its overlay); the sources stay bilingual in `public/data`, where the data's authors and
//! `check-data` read them.

use anyhow::Context;
use microwork_core::Lang;
use microwork_core::overlay::{FILES, keep_language};
use std::path::Path;

/// The copy of `data/<stem>.json` in `lang` (what the app asks for: src/api.rs).
pub fn file_name(stem: &str, lang: Lang) -> String {
    format!("{stem}.{}.json", lang.code())
}

/// Replaces each staged bilingual data file with its Italian and English copies. Returns the files written.
pub fn write(staging: &Path) -> anyhow::Result<usize> {
    let data = staging.join("data");
    let mut written = 0;
    for stem in FILES {
        let path = data.join(format!("{stem}.json"));
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading the staged data/{stem}.json"))?;
        let value: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("data/{stem}.json"))?;
        for lang in Lang::INLINE {
            let mut copy = value.clone();
            keep_language(&mut copy, lang.code());
            let name = file_name(stem, lang);
            std::fs::write(data.join(&name), serde_json::to_string(&copy)?).with_context(|| format!("writing data/{name}"))?;
            written += 1;
        }
        // Nothing asks for the bilingual file any more: left in, the service worker would precache it too.
        std::fs::remove_file(&path).with_context(|| format!("removing the staged data/{stem}.json"))?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use microwork_core::questionnaire::Questionnaire;

    #[test]
    fn each_file_becomes_an_italian_and_an_english_copy_the_app_reads() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/");
        for stem in FILES {
            std::fs::copy(format!("{source}{stem}.json"), data.join(format!("{stem}.json"))).unwrap();
        }
        assert_eq!(write(dir.path()).unwrap(), 2 * FILES.len());

        let read = |name: &str| std::fs::read_to_string(data.join(name)).unwrap();
        let both = std::fs::read_to_string(format!("{source}questionnaire.json")).unwrap();
        let both = Questionnaire::from_json(&both).unwrap();
        let it = Questionnaire::from_json(&read("questionnaire.it.json")).unwrap();
        let en = Questionnaire::from_json(&read("questionnaire.en.json")).unwrap();
        assert_eq!(it.questions().len(), both.questions().len());
        for ((q, i), e) in both.questions().iter().zip(it.questions()).zip(en.questions()) {
            assert_eq!((i.id.as_str(), i.legend.get(Lang::It)), (q.id.as_str(), q.legend.get(Lang::It)));
            assert_eq!(e.legend.get(Lang::En), q.legend.get(Lang::En));
            assert!(i.legend.en.is_empty() && e.legend.it.is_empty(), "{}: one language per copy", q.id);
        }
        for stem in FILES {
            assert!(!data.join(format!("{stem}.json")).exists(), "{stem}.json is not shipped");
            let (it, en) = (read(&file_name(stem, Lang::It)).len(), read(&file_name(stem, Lang::En)).len());
            let both = std::fs::metadata(format!("{source}{stem}.json")).unwrap().len() as usize;
            assert!(it < both * 3 / 4 && en < both * 3 / 4, "{stem}: {it} and {en} bytes of {both}");
        }
    }
}
