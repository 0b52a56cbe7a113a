//! The languages the product ships, and text that exists in each of them.

mod table;

pub use table::{Dir, LANGUAGES, LanguageInfo, PluralCategory, Review, language};

use serde::{Deserialize, Serialize};

/// A shipped language. Italian is the default; every text must exist in each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    It,
    En,
    Ro,
    Ar,
    Sq,
    Uk,
    Zh,
    Fr,
}

impl Lang {
    /// Every language a person can choose, in the order the language switch offers them.
    pub const ALL: [Lang; 8] = [Lang::It, Lang::En, Lang::Ro, Lang::Ar, Lang::Sq, Lang::Uk, Lang::Zh, Lang::Fr];

    /// The languages written inline in the data files (`{"it": …, "en": …}`), complete by `check-data`. The others
    /// come from per-language overlay files ([`crate::overlay`]) and fall back to English.
    pub const INLINE: [Lang; 2] = [Lang::It, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
            Lang::Ro => "ro",
            Lang::Ar => "ar",
            Lang::Sq => "sq",
            Lang::Uk => "uk",
            Lang::Zh => "zh",
            Lang::Fr => "fr",
        }
    }

    /// Whether this language's data texts come from an overlay file (every language but Italian and English).
    pub fn has_overlay(self) -> bool {
        !Lang::INLINE.contains(&self)
    }

    /// The inline language of the data files' copy this language reads: Italian for Italian, else English (an
    /// overlay language's texts fall back to English).
    pub fn inline(self) -> Lang {
        if self == Lang::It { Lang::It } else { Lang::En }
    }

    /// The languages a missing text is taken from, in order: English, then Italian (the reference).
    pub fn fallbacks(self) -> &'static [Lang] {
        match self {
            Lang::It => &[],
            Lang::En => &[Lang::It],
            _ => &[Lang::En, Lang::It],
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

/// A text of the data files: `{"it": "…", "en": "…"}` inline, plus at most one other language (`local`) that
/// [`crate::overlay::apply`] fills from that language's overlay file when a person chose it.
/// A missing Italian or English text is a data error that `microwork check-data` reports; at run time a text
/// falls back to English, then Italian.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    #[serde(default)]
    pub it: String,
    #[serde(default)]
    pub en: String,
    /// The overlay language's text (only one language is loaded at a time: the person's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<String>,
}

impl Text {
    pub fn new(it: impl Into<String>, en: impl Into<String>) -> Text {
        Text { it: it.into(), en: en.into(), local: None }
    }

    /// The text in `lang`; an overlay language reads `local`, set only for the language loaded.
    pub fn get(&self, lang: Lang) -> &str {
        let own = match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
            _ => self.local.as_deref().unwrap_or_default(),
        };
        if !own.is_empty() {
            return own;
        }
        if lang != Lang::It && !self.en.is_empty() { &self.en } else { &self.it }
    }

    /// The inline languages this text lacks (empty or only whitespace).
    pub fn missing(&self) -> Vec<Lang> {
        Lang::INLINE.into_iter().filter(|l| self.raw(*l).trim().is_empty()).collect()
    }

    fn raw(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
            _ => self.local.as_deref().unwrap_or_default(),
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
        assert_eq!(Lang::from_code("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::ALL.map(Lang::code), ["it", "en", "ro", "ar", "sq", "uk", "zh", "fr"]);
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
        assert_eq!(Lang::negotiate(None, None, ["ar-MA", "fr-MA"]), Lang::Ar, "the browser's language");
        assert_eq!(Lang::negotiate(None, Some("uk"), ["ro-RO"]), Lang::Uk, "the choice made on this device wins");
        assert_eq!(Lang::negotiate(None, None, std::iter::empty()), Lang::It);
    }

    #[test]
    fn text_falls_back_to_italian_and_reports_gaps() {
        let t: Text = serde_json::from_str(r#"{"it": "Ciao"}"#).unwrap();
        assert_eq!(t.get(Lang::En), "Ciao");
        assert_eq!(t.missing(), [Lang::En]);
        assert!(Text::new("a", "b").missing().is_empty());
    }

    #[test]
    fn an_overlay_language_falls_back_to_english_then_italian() {
        let mut t = Text::new("Ciao", "Hello");
        assert_eq!(t.get(Lang::Ro), "Hello");
        t.local = Some("Salut".into());
        assert_eq!(t.get(Lang::Ro), "Salut");
        assert_eq!(t.get(Lang::It), "Ciao");
        assert_eq!(Text::new("Ciao", "").get(Lang::Zh), "Ciao");
        assert_eq!(Lang::Ar.fallbacks(), [Lang::En, Lang::It]);
        assert!(Lang::Zh.has_overlay() && !Lang::En.has_overlay());
    }
}
