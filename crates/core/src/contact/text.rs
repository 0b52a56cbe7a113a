//! Characters that look like nothing, or that reorder what is shown around them.
//!
//! A name made only of zero-width spaces or Hangul fillers looks empty to the operator who must call back;
//! a right-to-left override turns "Maria" into "airaM" and can disguise a file name, a number or a link in the
//! CSV and the webhook (Trojan Source, CVE-2021-42574). The validator refuses these in names and strips them
//! from messages, in the browser and on the server alike.

/// Unicode's `Default_Ignorable_Code_Point` property (DerivedCoreProperties.txt, Unicode 15.1: the characters
/// a renderer shows as nothing), plus U+2800 BRAILLE PATTERN BLANK, which is not ignorable but draws blank.
/// Whitespace is not here: `char::is_whitespace` covers it.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// The bidirectional formatting characters (Unicode Bidirectional Algorithm, UAX #9 §2): embeddings and
/// overrides U+202A–202E, isolates U+2066–2069, and the implicit marks LRM, RLM and ALM.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Nothing a person could read: empty, or only whitespace and invisible characters.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// `s` without whitespace or invisible characters at either end.
pub fn trim_blank(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// `s` without any bidirectional formatting character.
pub fn strip_bidi(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_bidi_control) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_and_zero_width_characters_are_blank() {
        for s in ["", " ", "\u{200B}", "\u{FEFF}\u{200B}", "\u{3164}\u{3164}", "\u{115F}", "\u{2800}", "\u{00A0}\u{2060}", "\u{E0020}"] {
            assert!(is_blank(s), "{s:?}");
        }
        for s in ["a", "\u{200B}a", "李", "🚀", "\u{0301}"] {
            assert!(!is_blank(s), "{s:?}");
        }
        assert_eq!(trim_blank("\u{200B} Maria \u{FEFF}"), "Maria");
        // A joiner inside an emoji or a Persian name stays: only the ends are trimmed.
        assert_eq!(trim_blank("👩🏽\u{200D}💻"), "👩🏽\u{200D}💻");
    }

    #[test]
    fn bidi_controls_are_found_and_stripped() {
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}'] {
            assert!(is_bidi_control(c), "{c:?}");
            assert!(is_invisible(c), "{c:?}");
        }
        assert!(!is_bidi_control('\u{200D}'));
        assert_eq!(strip_bidi("Grazie \u{202E}fdp.exe\u{202C}"), "Grazie fdp.exe");
        assert!(matches!(strip_bidi("plain"), std::borrow::Cow::Borrowed("plain")));
    }
}
