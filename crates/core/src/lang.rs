//! The languages the product ships, and text that exists in each of them.

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
    fn text_falls_back_to_italian_and_reports_gaps() {
        let t: Text = serde_json::from_str(r#"{"it": "Ciao"}"#).unwrap();
        assert_eq!(t.get(Lang::En), "Ciao");
        assert_eq!(t.missing(), [Lang::En]);
        assert!(Text::new("a", "b").missing().is_empty());
    }
}
