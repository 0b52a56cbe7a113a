//! What a partner pastes into its page (the `/integra` page builds it): the `<script>` tag of `embed.js`, or a
//! plain `<iframe>`, and the preview's address. Only values the embed options accept get in, so a snippet
//! never carries markup.

use super::{Accent, is_id_char};
use crate::lang::Lang;

/// A partner id as typed, reduced to what the embed options accept (letters, digits, `-`, `_`; 40 at most).
pub fn partner_id(typed: &str) -> String {
    typed.chars().filter(|c| is_id_char(*c)).take(40).collect()
}

/// The partner's choices, and where the app lives.
#[derive(Debug, Clone, Copy)]
pub struct Snippet<'a> {
    /// `https://host`, without a slash at the end.
    pub app_origin: &'a str,
    /// The app's start page path (`/`, or `/microwork/` under a sub-path).
    pub root: &'a str,
    /// Another page to open instead of the start (`/sportelli`).
    pub page: Option<&'a str>,
    pub partner: &'a str,
    pub lang: Lang,
    pub accent: Option<&'a Accent>,
    /// ISTAT region code.
    pub region: Option<&'a str>,
}

impl Snippet<'_> {
    fn partner(&self) -> String {
        partner_id(self.partner)
    }

    fn region(&self) -> Option<&str> {
        self.region.filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))
    }

    /// The embed options as the iframe's query string.
    pub fn query(&self) -> String {
        let mut q = format!("embed=1&partner={}&lang={}", self.partner(), self.lang.code());
        if let Some(a) = self.accent {
            q.push_str(&format!("&accent=%23{}", a.requested.to_hex().trim_start_matches('#')));
        }
        if let Some(r) = self.region() {
            q.push_str(&format!("&region={r}"));
        }
        q
    }

    /// The recommended snippet: `embed.js` sizes the frame and keeps it in view.
    pub fn script_tag(&self) -> String {
        let mut attrs = format!(" data-partner=\"{}\" data-lang=\"{}\"", self.partner(), self.lang.code());
        if let Some(a) = self.accent {
            attrs.push_str(&format!(" data-accent=\"{}\"", a.requested.to_hex()));
        }
        if let Some(r) = self.region() {
            attrs.push_str(&format!(" data-region=\"{r}\""));
        }
        if let Some(p) = self.page {
            attrs.push_str(&format!(" data-page=\"{p}\""));
        }
        format!("<script src=\"{}{}embed.js\"{attrs} async></script>", self.app_origin, self.root)
    }

    fn page_path(&self) -> &str {
        self.page.unwrap_or(self.root)
    }

    /// A plain iframe, for sites that allow no scripts (fixed height).
    pub fn iframe_tag(&self) -> String {
        format!(
            "<iframe src=\"{}{}?{}\" title=\"Micro Work\" style=\"width:100%;height:900px;border:0\" allow=\"geolocation\"></iframe>",
            self.app_origin,
            self.page_path(),
            self.query()
        )
    }

    /// The live preview on `/integra` (same origin: it talks back to this page).
    pub fn preview_src(&self) -> String {
        format!("{}?{}&origin={}", self.page_path(), self.query(), self.app_origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::Rgb;

    #[test]
    fn snippets_carry_only_clean_values() {
        assert_eq!(partner_id("mio comune<script>!"), "miocomunescript");
        assert_eq!(partner_id(&"a".repeat(50)).len(), 40);
        let accent = Accent::accessible(Rgb(0x0b, 0x4f, 0x6c));
        let s = Snippet {
            app_origin: "https://mw.example",
            root: "/",
            page: None,
            partner: "mio-comune\"><x",
            lang: Lang::En,
            accent: Some(&accent),
            region: Some("12"),
        };
        assert_eq!(s.query(), "embed=1&partner=mio-comunex&lang=en&accent=%230b4f6c&region=12");
        assert_eq!(
            s.script_tag(),
            "<script src=\"https://mw.example/embed.js\" data-partner=\"mio-comunex\" data-lang=\"en\" data-accent=\"#0b4f6c\" data-region=\"12\" async></script>"
        );
        assert!(s.iframe_tag().starts_with("<iframe src=\"https://mw.example/?embed=1&partner=mio-comunex"));
        let s = Snippet { page: Some("/sportelli"), accent: None, region: Some("<b>"), ..s };
        assert_eq!(s.preview_src(), "/sportelli?embed=1&partner=mio-comunex&lang=en&origin=https://mw.example");
        assert!(s.script_tag().contains(" data-page=\"/sportelli\" async"));
    }
}
