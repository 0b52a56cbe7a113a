//! Search keys for place names: lowercase, accents stripped, apostrophes, hyphens, dots and spaces dropped.
//!
//! "Forlì" and "forli", "Sant'Angelo" and "santangelo", "Reggio nell'Emilia" and "reggionellemilia" give the
//! same key. A small hand-written table covers the letters in Italian, German, French, Slovene and Ladin
//! names; a Unicode normalisation crate would cost far more in the wasm bundle than these few lines.

/// Folds `s` into a search key (see the module comment).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, |_| {});
    out
}

/// Folds `s` onto the end of `out`, calling `word_start(byte offset in out)` at the first byte of every word,
/// so a caller can rank a match that starts a word ("Emilia" in "Reggio nell'Emilia") above one inside a word.
pub fn fold_into(s: &str, out: &mut String, mut word_start: impl FnMut(usize)) {
    let mut at_word_start = true;
    for c in s.chars() {
        match fold_char(c) {
            Folded::Sep => at_word_start = true,
            Folded::Drop => {}
            folded => {
                if at_word_start {
                    word_start(out.len());
                    at_word_start = false;
                }
                match folded {
                    Folded::One(a) => out.push(a),
                    Folded::Two(a, b) => {
                        out.push(a);
                        out.push(b);
                    }
                    Folded::Other(c) => out.extend(c.to_lowercase()),
                    Folded::Sep | Folded::Drop => unreachable!("handled above"),
                }
            }
        }
    }
}

enum Folded {
    One(char),
    Two(char, char),
    /// A letter outside the table: kept, lowercased.
    Other(char),
    /// Ends a word and leaves nothing in the key.
    Sep,
    /// Left out without ending a word (combining accents typed separately).
    Drop,
}

fn fold_char(c: char) -> Folded {
    use Folded::*;
    match c {
        'a'..='z' | '0'..='9' => One(c),
        'A'..='Z' => One(c.to_ascii_lowercase()),
        ' ' | '\t' | '\'' | '’' | '‘' | '`' | '´' | '-' | '‐' | '–' | '—' | '.' | ',' | '/' | '(' | ')' | '"' => {
            Sep
        }
        '\u{300}'..='\u{36f}' => Drop,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            One('a')
        }
        'ç' | 'č' | 'ć' | 'Ç' | 'Č' | 'Ć' => One('c'),
        'ď' | 'đ' | 'Ď' | 'Đ' => One('d'),
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => One('e'),
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' => One('i'),
        'ł' | 'Ł' => One('l'),
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' => One('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => One('o'),
        'ř' | 'Ř' => One('r'),
        'š' | 'ś' | 'Š' | 'Ś' => One('s'),
        'ť' | 'Ť' => One('t'),
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' => One('u'),
        'ý' | 'ÿ' | 'Ý' => One('y'),
        'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => One('z'),
        'ß' => Two('s', 's'),
        'æ' | 'Æ' => Two('a', 'e'),
        'œ' | 'Œ' => Two('o', 'e'),
        c if c.is_alphanumeric() => Other(c),
        _ => Sep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_separators() {
        assert_eq!(fold("Forlì"), "forli");
        assert_eq!(fold("FORLI'"), "forli");
        assert_eq!(fold("Sant'Angelo a Cupolo"), "santangeloacupolo");
        assert_eq!(fold("Savogna d'Isonzo-Sovodnje ob Soči"), "savognadisonzosovodnjeobsoci");
        assert_eq!(fold("Eppan an der Weinstraße"), "eppananderweinstrasse");
        assert_eq!(fold("Ortisei/St. Ulrich"), "ortiseistulrich");
        // A combining accent typed after the letter ("e" + U+0300) folds like "è".
        assert_eq!(fold("Forli\u{300}"), "forli");
        assert_eq!(fold("  ' - "), "");
    }

    #[test]
    fn marks_word_starts() {
        let mut out = String::new();
        let mut starts = Vec::new();
        fold_into("Reggio nell'Emilia", &mut out, |i| starts.push(i));
        assert_eq!(out, "reggionellemilia");
        assert_eq!(starts, [0, 6, 10]);
    }
}
