//! What the UI needs to know about a language besides its texts: its own name, its writing direction, and its
//! CLDR plural rule for whole numbers. Adding a language is one row in [`LANGUAGES`] (plus its `locales/` file).
//!
//! Rules from CLDR 46 (`plurals.xml`, cardinal), for whole numbers only: the app counts desks, measures and
//! characters, never fractions. The "many" that CLDR gives Italian and French for exact millions ("1 milione di")
//! is left out on purpose: no count here comes near a million, and it would ask translators for a form that never
//! shows.

/// Writing direction, as `<html dir>` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// The CLDR plural categories. A counted text in a locale file is an object with one text per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    pub const ALL: [PluralCategory; 6] = [
        PluralCategory::Zero,
        PluralCategory::One,
        PluralCategory::Two,
        PluralCategory::Few,
        PluralCategory::Many,
        PluralCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<PluralCategory> {
        PluralCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Who wrote a language's texts, and whether a native speaker has checked them: shown on the About page, so a
/// person knows how far to trust a translation (the Italian is what the desks and the law say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// The reference text, written by the team from the sources.
    Original,
    /// Written by the team alongside the Italian; not checked by a native speaker.
    Team,
    /// Translated with machine assistance (an AI model) from the Italian and English; not yet reviewed by a
    /// native speaker.
    MachineNotReviewed,
    /// Checked by a native speaker.
    NativeReviewed,
}

impl Review {
    /// The key of its sentence under `about.languages` in the locale files.
    pub fn key(self) -> &'static str {
        match self {
            Review::Original => "status_original",
            Review::Team => "status_team",
            Review::MachineNotReviewed => "status_machine",
            Review::NativeReviewed => "status_reviewed",
        }
    }
}

/// One language the UI can be shown in.
#[derive(Debug)]
pub struct LanguageInfo {
    /// BCP 47 primary subtag, as in `locales/<code>.json` and `<html lang>`.
    pub code: &'static str,
    /// The language's name in itself, as the language switch offers it.
    pub endonym: &'static str,
    pub dir: Dir,
    /// The category of a whole number.
    pub plural: fn(u64) -> PluralCategory,
    /// Every category [`LanguageInfo::plural`] can return: a counted text needs a form for each.
    pub categories: &'static [PluralCategory],
    /// Who translated it and whether a native speaker reviewed it (update when a review is done).
    pub review: Review,
}

use PluralCategory::{Few, Many, One, Other, Two, Zero};

fn one_other(n: u64) -> PluralCategory {
    if n == 1 { One } else { Other }
}

fn romanian(n: u64) -> PluralCategory {
    match (n, n % 100) {
        (1, _) => One,
        (0, _) | (_, 1..=19) => Few,
        _ => Other,
    }
}

fn arabic(n: u64) -> PluralCategory {
    match (n, n % 100) {
        (0, _) => Zero,
        (1, _) => One,
        (2, _) => Two,
        (_, 3..=10) => Few,
        (_, 11..=99) => Many,
        _ => Other,
    }
}

fn east_slavic(n: u64) -> PluralCategory {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => One,
        (2..=4, r) if !(12..=14).contains(&r) => Few,
        _ => Many,
    }
}

fn french(n: u64) -> PluralCategory {
    if n <= 1 { One } else { Other }
}

fn no_plural(_: u64) -> PluralCategory {
    Other
}

/// The languages the UI knows how to show (a language ships when its `locales/` file exists too).
pub const LANGUAGES: &[LanguageInfo] = &[
    LanguageInfo { code: "it", endonym: "Italiano", dir: Dir::Ltr, plural: one_other, categories: &[One, Other], review: Review::Original },
    LanguageInfo { code: "en", endonym: "English", dir: Dir::Ltr, plural: one_other, categories: &[One, Other], review: Review::Team },
    LanguageInfo { code: "ro", endonym: "Română", dir: Dir::Ltr, plural: romanian, categories: &[One, Few, Other], review: Review::MachineNotReviewed },
    LanguageInfo {
        code: "ar",
        endonym: "العربية",
        dir: Dir::Rtl,
        plural: arabic,
        categories: &[Zero, One, Two, Few, Many, Other], review: Review::MachineNotReviewed },
    LanguageInfo { code: "sq", endonym: "Shqip", dir: Dir::Ltr, plural: one_other, categories: &[One, Other], review: Review::MachineNotReviewed },
    // Whole numbers are never "other" in Ukrainian, but CLDR requires every language to have "other".
    LanguageInfo { code: "uk", endonym: "Українська", dir: Dir::Ltr, plural: east_slavic, categories: &[One, Few, Many, Other], review: Review::MachineNotReviewed },
    LanguageInfo { code: "zh", endonym: "中文", dir: Dir::Ltr, plural: no_plural, categories: &[Other], review: Review::MachineNotReviewed },
    LanguageInfo { code: "fr", endonym: "Français", dir: Dir::Ltr, plural: french, categories: &[One, Other], review: Review::MachineNotReviewed },
];

/// The row for a language code ("en", "en-GB", "it_IT"); `None` for a language not in the table.
pub fn language(code: &str) -> Option<&'static LanguageInfo> {
    let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    LANGUAGES.iter().find(|l| l.code == primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(code: &str, numbers: impl IntoIterator<Item = u64>) -> Vec<&'static str> {
        let l = language(code).unwrap();
        numbers.into_iter().map(|n| (l.plural)(n).as_str()).collect()
    }

    #[test]
    fn plural_rules_follow_cldr_for_whole_numbers() {
        assert_eq!(categories("it", [0, 1, 2, 21]), ["other", "one", "other", "other"]);
        assert_eq!(categories("en", [0, 1, 2, 101]), ["other", "one", "other", "other"]);
        assert_eq!(categories("fr", [0, 1, 2, 100]), ["one", "one", "other", "other"]);
        assert_eq!(categories("ro", [0, 1, 2, 19, 20, 101, 119, 120]), ["few", "one", "few", "few", "other", "few", "few", "other"]);
        assert_eq!(
            categories("ar", [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111]),
            ["zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many"]
        );
        assert_eq!(categories("uk", [1, 2, 4, 5, 11, 12, 21, 22, 25, 111]), ["one", "few", "few", "many", "many", "many", "one", "few", "many", "many"]);
        assert_eq!(categories("zh", [0, 1, 2]), ["other", "other", "other"]);
        assert_eq!(categories("sq", [1, 2]), ["one", "other"]);
    }

    #[test]
    fn each_rule_stays_within_its_declared_categories() {
        for l in LANGUAGES {
            assert!(l.categories.contains(&Other), "{}: CLDR needs `other`", l.code);
            for n in 0..2_000 {
                let c = (l.plural)(n);
                assert!(l.categories.contains(&c), "{}: {n} is {c:?}, not declared", l.code);
            }
        }
    }

    #[test]
    fn codes_directions_and_names() {
        assert_eq!(language("ar-MA").map(|l| l.dir), Some(Dir::Rtl));
        assert_eq!(language("it_IT").map(|l| l.endonym), Some("Italiano"));
        assert!(language("de").is_none());
        assert_eq!(PluralCategory::parse("few"), Some(Few));
        assert_eq!(PluralCategory::parse("several"), None);
    }
}
