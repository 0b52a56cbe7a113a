//! The UI's texts in one language: a locale file (`locales/<lang>.json`, see [`source`]) read into a table that
//! the app indexes with the key constants its build script generates from the Italian file. Only the person's
//! language is downloaded; a text missing from it is taken from a fallback language ([`Catalog::fill_gaps`]).
//!
//! Pure: no I/O. The app fetches the file; the server and the build tools can read the same files with it.

pub mod source;

use crate::lang::LanguageInfo;
use source::SourceEntry;
use std::fmt::Display;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("{0}")]
    Shape(String),
}

/// An entry of a shipped part ([`Catalog::parse_part`]): a text, its plural forms, or nothing. Read by hand, not
/// through `serde_json::Value` and a map of paths: less code in the app's first module.
struct Entry(Option<SourceEntry>);

impl<'de> serde::Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, an object of plural forms, or null")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Entry, E> {
                Ok(Entry(Some(SourceEntry::Text(s.to_string()))))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Entry, E> {
                Ok(Entry(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
                let mut forms = std::collections::BTreeMap::new();
                while let Some((category, text)) = map.next_entry::<String, String>()? {
                    forms.insert(category, text);
                }
                Ok(Entry(Some(SourceEntry::Plural(forms))))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// One language's texts, in the order of the key paths it was read with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    entries: Vec<Option<SourceEntry>>,
}

impl Catalog {
    /// Reads a locale file for the given key paths (index `i` of the catalog is `paths[i]`). Paths the file
    /// lacks stay empty (see [`Catalog::missing`]); texts the paths do not name are ignored.
    pub fn parse(json: &str, paths: &[&str]) -> Result<Catalog, CatalogError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| CatalogError::Json(e.to_string()))?;
        let all = source::flatten(&value).map_err(CatalogError::Shape)?;
        // Cloned, not removed: removing from a map is code of its own in the app's first module.
        Ok(Catalog { entries: paths.iter().map(|p| all.get(*p).cloned()).collect() })
    }

    /// Reads one part of a locale file as the build ships it ([`source::part_array`]): one entry per key path,
    /// `len` of them (a file of another build of the app is an error, not texts at the wrong keys).
    pub fn parse_part(json: &str, len: usize) -> Result<Catalog, CatalogError> {
        let entries: Vec<Entry> = serde_json::from_str(json).map_err(|e| CatalogError::Json(e.to_string()))?;
        if entries.len() != len {
            return Err(CatalogError::Shape(format!("{} texts for {len} keys", entries.len())));
        }
        Ok(Catalog { entries: entries.into_iter().map(|e| e.0).collect() })
    }

    /// The indexes of the texts this language lacks.
    pub fn missing(&self) -> Vec<usize> {
        self.entries.iter().enumerate().filter(|(_, e)| e.is_none()).map(|(i, _)| i).collect()
    }

    /// Whether the catalog holds any text at the given indexes (a part of a locale file was read: see
    /// [`source::MORE_GROUPS`]).
    pub fn has_any(&self, mut indexes: impl Iterator<Item = usize>) -> bool {
        indexes.any(|i| self.entries.get(i).is_some_and(Option::is_some))
    }

    /// Takes every text this language lacks from `fallback` (read with the same paths).
    pub fn fill_gaps(&mut self, fallback: &Catalog) {
        for (mine, theirs) in self.entries.iter_mut().zip(&fallback.entries) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }

    /// The text at `index` as written (a counted text gives its `other` form); empty if missing.
    pub fn text(&self, index: usize) -> &str {
        match self.entries.get(index).and_then(Option::as_ref) {
            Some(SourceEntry::Text(t)) => t,
            Some(SourceEntry::Plural(forms)) => forms.get("other").map_or("", String::as_str),
            None => "",
        }
    }

    /// The text at `index` with its placeholders filled: for a counted text, the form of `count`'s plural
    /// category in `lang` (its `other` form if the file lacks that one).
    pub fn format(&self, index: usize, count: Option<u64>, args: &[(&str, &dyn Display)], lang: &LanguageInfo) -> String {
        let text = match (self.entries.get(index).and_then(Option::as_ref), count) {
            (Some(SourceEntry::Plural(forms)), Some(n)) => {
                forms.get((lang.plural)(n).as_str()).or_else(|| forms.get("other")).map_or("", String::as_str)
            }
            _ => self.text(index),
        };
        interpolate(text, args)
    }
}

/// Replaces each `{name}` with its value; a placeholder without a value stays as written.
pub fn interpolate(text: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .map(|close| (&after[..close], close))
            .filter(|(name, _)| source::is_name(name))
            .and_then(|(name, close)| args.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close)));
        match value {
            Some((v, close)) => {
                let _ = write!(out, "{v}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::language;

    const IT: &str = r#"{"a": {"hello": "Ciao {name}!", "n": {"one": "1 comune", "other": "{n} comuni"}}, "b": "{x} e {y}"}"#;
    const PATHS: [&str; 4] = ["a.hello", "a.n", "b", "c"];

    #[test]
    fn texts_are_found_by_path_filled_and_counted() {
        let c = Catalog::parse(IT, &PATHS).unwrap();
        let it = language("it").unwrap();
        assert_eq!(c.format(0, None, &[("name", &"Anna")], it), "Ciao Anna!");
        assert_eq!(c.format(1, Some(1), &[("n", &1)], it), "1 comune");
        assert_eq!(c.format(1, Some(7), &[("n", &7)], it), "7 comuni");
        assert_eq!(c.format(2, None, &[("y", &2), ("x", &1)], it), "1 e 2");
        assert_eq!(c.missing(), [3]);
        assert_eq!(c.text(3), "");
    }

    #[test]
    fn a_missing_plural_form_falls_back_to_other() {
        let c = Catalog::parse(IT, &PATHS).unwrap();
        let ar = language("ar").unwrap();
        assert_eq!(c.format(1, Some(0), &[("n", &0)], ar), "0 comuni", "Arabic `zero` is not in this file");
    }

    #[test]
    fn a_shipped_part_reads_as_the_texts_of_its_keys() {
        let file: serde_json::Value = serde_json::from_str(IT).unwrap();
        let paths: Vec<String> = PATHS.iter().map(|p| p.to_string()).collect();
        let part = source::part_array(&file, &paths, false).unwrap();
        assert_eq!(part, serde_json::json!(["Ciao {name}!", {"one": "1 comune", "other": "{n} comuni"}, "{x} e {y}", null]));
        assert_eq!(Catalog::parse_part(&part.to_string(), 4).unwrap(), Catalog::parse(IT, &PATHS).unwrap());
        assert!(Catalog::parse_part(&part.to_string(), 5).is_err(), "a file of another build");
        assert!(Catalog::parse_part("[1]", 1).is_err());
        assert_eq!(source::part_array(&file, &paths, true).unwrap(), serde_json::json!([null, null, null, null]));
    }

    #[test]
    fn a_locale_file_in_two_parts_reads_as_the_whole() {
        let file = serde_json::json!({"site": {"title": "Micro Work"}, "sportelli": {"lead": "Trova"}, "selfcheck": {"x": "y"}, "api": {"not_found": "No"}});
        let paths = source::app_paths(&file).unwrap();
        assert_eq!(paths, ["selfcheck.x", "site.title", "sportelli.lead"], "not the server's texts");
        let part = |more| source::part_array(&file, &paths, more).unwrap().to_string();
        assert_eq!(part(false), r#"["y","Micro Work",null]"#);
        assert_eq!(part(true), r#"[null,null,"Trova"]"#);
        let later = || paths.iter().enumerate().filter(|(_, p)| source::in_more_part(p)).map(|(i, _)| i);
        let mut texts = Catalog::parse_part(&part(false), 3).unwrap();
        assert!(!texts.has_any(later()));
        texts.fill_gaps(&Catalog::parse_part(&part(true), 3).unwrap());
        assert!(texts.has_any(later()));
        let keys: Vec<&str> = paths.iter().map(String::as_str).collect();
        assert_eq!(texts, Catalog::parse(&file.to_string(), &keys).unwrap());
        let whole = source::whole_array(&file, &paths).unwrap().to_string();
        assert_eq!(whole, r#"["y","Micro Work","Trova"]"#, "both parts in one, not the server's");
        assert_eq!(Catalog::parse_part(&whole, 3).unwrap(), texts);
    }

    #[test]
    fn gaps_are_filled_from_the_fallback_language() {
        let mut fr = Catalog::parse(r#"{"b": "{x} et {y}"}"#, &PATHS).unwrap();
        assert_eq!(fr.missing(), [0, 1, 3]);
        fr.fill_gaps(&Catalog::parse(IT, &PATHS).unwrap());
        assert_eq!(fr.missing(), [3]);
        assert_eq!(fr.text(0), "Ciao {name}!");
        assert_eq!(fr.text(2), "{x} et {y}");
    }

    #[test]
    fn braces_that_are_not_placeholders_stay() {
        assert_eq!(interpolate("{a} {b} {} {A} {a", &[("a", &"x")]), "x {b} {} {A} {a");
        assert_eq!(interpolate("città {n}", &[("n", &3)]), "città 3");
        assert_eq!(source::placeholders("{a} {b} {} {A} {a"), ["a", "b"].map(String::from).into());
    }

    #[test]
    fn malformed_files_are_errors() {
        assert!(matches!(Catalog::parse("{", &PATHS), Err(CatalogError::Json(_))));
        assert!(matches!(Catalog::parse(r#"{"a": 1}"#, &PATHS), Err(CatalogError::Shape(_))));
        assert!(matches!(Catalog::parse(r#"{"A": "x"}"#, &PATHS), Err(CatalogError::Shape(_))));
    }
}
