//! Embedding on partner sites: the options a partner passes in the iframe URL
//! (`?embed=1&partner=ID&accent=%23RRGGBB&region=..&origin=https://partner.it`; `lang=` is read like on
//! any page), and the accent colour made safe for text contrast (WCAG AA).

mod snippet;

pub use snippet::{Snippet, partner_id};

/// Embed mode's settings, read once from the URL the partner's iframe opens.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmbedOptions {
    pub partner: Option<String>,
    /// The partner's colour, darkened if needed so that white text on it reaches 4.5:1.
    pub accent: Option<Accent>,
    /// ISTAT region code ("01".."20") to start from.
    pub region: Option<String>,
    /// The embedding page's origin, the only one the app talks to with postMessage.
    pub parent_origin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

#[derive(Debug, Clone, PartialEq)]
pub struct Accent {
    /// What the partner asked for.
    pub requested: Rgb,
    /// What we use: the requested colour, or the closest darker shade that passes AA with white text.
    pub used: Rgb,
}

impl Rgb {
    /// `#RRGGBB` or `RRGGBB` (also `#RGB`).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().trim_start_matches('#');
        let expand = |c: char| c.to_digit(16).map(|d| (d * 17) as u8);
        match hex.len() {
            6 if hex.is_ascii() => {
                let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
                Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
            }
            3 => {
                let mut it = hex.chars().map(expand);
                Some(Rgb(it.next()??, it.next()??, it.next()??))
            }
            _ => None,
        }
    }

    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2.1 relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { pow_2_4((c + 0.055) / 1.055) }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    fn scaled(self, f: f64) -> Rgb {
        let s = |c: u8| (f64::from(c) * f).round().clamp(0.0, 255.0) as u8;
        Rgb(s(self.0), s(self.1), s(self.2))
    }
}

/// `x` to the power 2.4 for `x` in (0, 1]: `x² · (x²)^(1/5)`, the fifth root by Newton's method from above.
/// `powf` is libm's `pow`, 2 KB of the app's first module for this one use.
fn pow_2_4(x: f64) -> f64 {
    let a = x * x;
    if a <= 0.0 {
        return 0.0;
    }
    let mut y = 1.0_f64.max(a);
    for _ in 0..64 {
        let y4 = y * y * y * y;
        let next = y - (y4 * y - a) / (5.0 * y4);
        if (y - next).abs() <= 1e-15 {
            break;
        }
        y = next;
    }
    a * y
}

const WHITE: Rgb = Rgb(255, 255, 255);
/// WCAG AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

impl Accent {
    /// Keeps the partner's hue and darkens it just enough for white text (and the white page) to pass AA.
    pub fn accessible(requested: Rgb) -> Accent {
        let mut used = requested;
        let mut f = 1.0;
        while used.contrast(WHITE) < MIN_CONTRAST && f > 0.0 {
            f -= 0.02;
            used = requested.scaled(f);
        }
        Accent { requested, used }
    }

    pub fn was_adjusted(&self) -> bool {
        self.requested != self.used
    }
}

/// A character of a partner id.
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_')
}

fn clean_id(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s.len() <= 40 && s.chars().all(is_id_char)).then(|| s.to_string())
}

fn clean_origin(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('/');
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(['/', '?', '#', ' ', '@'])).then(|| s.to_string())
}

impl EmbedOptions {
    /// Reads the embed options from URL query pairs (already percent-decoded). `None` unless `embed=1`.
    /// Bad values are dropped, never fatal: an embedded widget must always show something useful.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<EmbedOptions> {
        let mut embed = false;
        let mut o = EmbedOptions::default();
        for (k, v) in pairs {
            match k {
                "embed" => embed = matches!(v, "1" | "true"),
                "partner" => o.partner = clean_id(v),
                "accent" => o.accent = Rgb::parse(v).map(Accent::accessible),
                "region" => {
                    o.region = (v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) && ("01"..="20").contains(&v))
                        .then(|| v.to_string())
                }
                "origin" => o.parent_origin = clean_origin(v),
                _ => {}
            }
        }
        embed.then_some(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_luminance_power_is_powf_to_twelve_digits() {
        for c in 0..=255_u8 {
            let x = (f64::from(c) / 255.0 + 0.055) / 1.055;
            assert!((pow_2_4(x) - x.powf(2.4)).abs() < 1e-12, "{c}: {} vs {}", pow_2_4(x), x.powf(2.4));
        }
    }

    #[test]
    fn reads_the_options_and_drops_bad_values() {
        let o = EmbedOptions::from_pairs([
            ("embed", "1"),
            ("partner", "comune-latina"),
            ("lang", "en"),
            ("accent", "#0b4f6c"),
            ("region", "12"),
            ("origin", "https://www.comune.latina.it/"),
        ])
        .unwrap();
        assert_eq!(o.partner.as_deref(), Some("comune-latina"));
        assert_eq!(o.region.as_deref(), Some("12"));
        assert_eq!(o.parent_origin.as_deref(), Some("https://www.comune.latina.it"));
        assert!(!o.accent.unwrap().was_adjusted());

        let bad = EmbedOptions::from_pairs([
            ("embed", "1"),
            ("partner", "<script>"),
            ("accent", "red"),
            ("region", "21"),
            ("origin", "javascript:alert(1)"),
        ])
        .unwrap();
        assert_eq!(bad, EmbedOptions::default());
        assert_eq!(EmbedOptions::from_pairs([("partner", "x")]), None, "not embedded without embed=1");
    }

    #[test]
    fn light_accents_are_darkened_until_white_text_passes_aa() {
        for hex in ["#ffdd00", "#87ceeb", "#fff", "#ff0000", "#00ff00"] {
            let a = Accent::accessible(Rgb::parse(hex).unwrap());
            assert!(a.was_adjusted(), "{hex}");
            assert!(a.used.contrast(WHITE) >= MIN_CONTRAST, "{hex} -> {}", a.used.to_hex());
        }
        let dark = Accent::accessible(Rgb::parse("#1d3557").unwrap());
        assert!(!dark.was_adjusted());
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((Rgb(0, 0, 0).contrast(WHITE) - 21.0).abs() < 0.01);
        assert!((Rgb::parse("#767676").unwrap().contrast(WHITE) - 4.54).abs() < 0.01);
    }
}
