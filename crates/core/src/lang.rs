//! The languages the product ships, and text that exists in each of them.

mod table;

pub use table::{Dir, LANGUAGES, LanguageInfo, PluralCategory, language};

use serde::{Deserialize, Serialize};

/// A shipped language. Italian is the default; every text must exist in each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// Accepts "it", "en", and region variants such as "en-GB" or "it_IT".
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Direction, plural rule and own name (every shipped language has a row in [`LANGUAGES`]).
    pub fn info(self) -> &'static LanguageInfo {
        language(self.code()).unwrap_or(&LANGUAGES[0])
    }

    /// The language a person sees: the one asked for in the address (`?lang=`), else the one they chose earlier
    /// on this device, else the first of their browser's languages that we ship, else Italian.
    pub fn negotiate<'a>(query: Option<&str>, stored: Option<&str>, browser: impl IntoIterator<Item = &'a str>) -> Lang {
        query
            .and_then(Lang::from_code)
            .or_else(|| stored.and_then(Lang::from_code))
            .or_else(|| browser.into_iter().find_map(Lang::from_code))
            .unwrap_or_default()
    }
}

/// A text in every shipped language: `{"it": "…", "en": "…"}` in the data files.
/// A missing language is a data error that `microwork check-data` reports; at run time it falls back to Italian.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    #[serde(default)]
    pub it: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(it: impl Into<String>, en: impl Into<String>) -> Text {
        Text { it: it.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        let s = match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        };
        if s.is_empty() { &self.it } else { s }
    }

    /// The languages this text lacks (empty or only whitespace).
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| self.raw(*l).trim().is_empty()).collect()
    }

    fn raw(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("it_IT"), Some(Lang::It));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn every_shipped_language_has_a_row() {
        for lang in Lang::ALL {
            assert_eq!(lang.info().code, lang.code());
        }
    }

    #[test]
    fn the_address_beats_the_earlier_choice_which_beats_the_browser() {
        assert_eq!(Lang::negotiate(Some("en"), Some("it"), ["it-IT"]), Lang::En);
        assert_eq!(Lang::negotiate(Some("de"), Some("en"), ["it-IT"]), Lang::En, "an unknown ?lang= is ignored");
        assert_eq!(Lang::negotiate(None, None, ["de-DE", "en-US", "it"]), Lang::En, "the first we ship");
        assert_eq!(Lang::negotiate(None, Some("xx"), ["de"]), Lang::It, "Italian by default");
    }

    #[test]
    fn text_falls_back_to_italian_and_reports_gaps() {
        let t: Text = serde_json::from_str(r#"{"it": "Ciao"}"#).unwrap();
        assert_eq!(t.get(Lang::En), "Ciao");
        assert_eq!(t.missing(), [Lang::En]);
        assert!(Text::new("a", "b").missing().is_empty());
    }
}
