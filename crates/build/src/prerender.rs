//! Prerendered first screens: every page a link can reach gets its own `route/index.html` (each question, each
//! desk too), whose static copy (`#boot`, see index.html) already shows that page's heading, lead and first
//! controls in both languages, from the same locale and data files the app reads. The page paints before the
//! wasm arrives; boot.js swaps in the app's page in one step once it has its heading. Texts only: no decision
//! is made here (what a person's answers mean stays in the app and core).

use anyhow::{Context, bail};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The inputs, as the app downloads them.
pub struct Sources {
    pub it: Value,
    pub en: Value,
    pub questionnaire: Value,
    pub desks: Value,
}

impl Sources {
    pub fn read(root: &Path) -> anyhow::Result<Sources> {
        let json = |p: &str| -> anyhow::Result<Value> {
            let path = root.join(p);
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
        };
        Ok(Sources {
            it: json("locales/it.json")?,
            en: json("locales/en.json")?,
            questionnaire: json("public/data/questionnaire.json")?,
            desks: json("public/data/sportelli.json")?,
        })
    }
}

/// A text in both languages.
#[derive(Debug, Clone)]
struct Bi {
    it: String,
    en: String,
}

impl Bi {
    /// Both languages in one element, the other one hidden by CSS (`.mw-only-*`), as index.html does.
    fn html(&self) -> String {
        format!(
            r#"<span class="mw-only-it" lang="it">{}</span><span class="mw-only-en" lang="en">{}</span>"#,
            escape(&self.it),
            escape(&self.en)
        )
    }

    /// `{"it": …, "en": …}` in the data files.
    fn of(value: &Value) -> Option<Bi> {
        Some(Bi { it: value.get("it")?.as_str()?.to_string(), en: value.get("en")?.as_str()?.to_string() })
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One prerendered page: its path under the public URL (no slashes at the ends), its title and `<main>` content.
pub struct Page {
    pub path: String,
    title: Bi,
    main: String,
}

struct Ctx<'a> {
    s: &'a Sources,
    base: &'a str,
}

impl Ctx<'_> {
    fn text(&self, key: &str) -> anyhow::Result<Bi> {
        let find = |v: &Value| key.split('.').try_fold(v, |v, part| v.get(part)).and_then(Value::as_str).map(str::to_string);
        match (find(&self.s.it), find(&self.s.en)) {
            (Some(it), Some(en)) => Ok(Bi { it, en }),
            _ => bail!("locale key `{key}` is missing in it.json or en.json (the prerendered pages use it)"),
        }
    }

    fn href(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    fn heading_and_lead(&self, path: &str, title: &str, heading: &str, lead: &str) -> anyhow::Result<Page> {
        self.heading_lead_and(path, title, heading, lead, "")
    }

    fn heading_lead_and(&self, path: &str, title: &str, heading: &str, lead: &str, more: &str) -> anyhow::Result<Page> {
        let main = format!(
            r#"<h1 tabindex="-1">{}</h1><p class="mw-lead">{}</p>{more}"#,
            self.text(heading)?.html(),
            self.text(lead)?.html()
        );
        Ok(Page { path: path.into(), title: self.text(title)?, main: format!(r#"<div class="mw-page">{main}</div>"#) })
    }

    /// The contact page down to its first control, the desk: its label, and its hint with the link to the
    /// locator (the options come with the app, which has the desks). Without the hint, the app's page had a
    /// larger text than the static copy, and the page's largest paint waited for the wasm.
    fn contact(&self) -> anyhow::Result<Page> {
        let desk = format!(
            r#"<form novalidate class="mw-form"><div class="mw-form-group"><label class="mw-label" for="desk_id">{}</label><p class="mw-hint" id="desk_id-hint">{} <a href="{}">{}</a></p><select class="mw-select" id="desk_id" name="desk_id" aria-describedby="desk_id-hint"></select></div></form>"#,
            self.text("contact.desk")?.html(),
            self.text("contact.desk_hint")?.html(),
            self.href("sportelli"),
            self.text("contact.desk_find")?.html()
        );
        self.heading_lead_and("contatto", "titles.contact", "contact.heading", "contact.lead", &desk)
    }

    fn question(&self, path: &str, q: &Value, back: &str) -> anyhow::Result<Page> {
        let id = q["id"].as_str().context("a question without id")?;
        let legend = Bi::of(&q["legend"]).with_context(|| format!("question {id}: no legend in it and en"))?;
        let hint = Bi::of(&q["hint"]);
        let hint_html = hint.as_ref().map(|h| format!(r#"<p class="mw-hint" id="{id}-hint">{}</p>"#, h.html())).unwrap_or_default();
        let described = if hint.is_some() { format!(r#" aria-describedby="{id}-hint""#) } else { String::new() };
        let options = q["options"].as_array().map(Vec::as_slice).unwrap_or_default();
        let control = match q["kind"].as_str() {
            Some("integer") => {
                let unit = Bi::of(&q["unit"])
                    .map(|u| format!(r#"<span class="mw-input-suffix" aria-hidden="true">{}</span>"#, u.html()))
                    .unwrap_or_default();
                format!(
                    r#"<div class="mw-form-group"><h1 tabindex="-1"><label class="mw-label-heading" for="{id}">{}</label></h1>{hint_html}<div class="mw-input-wrapper"><input class="mw-input mw-input--short" id="{id}" name="{id}" type="text" autocomplete="off" inputmode="numeric" spellcheck="false"{described}>{unit}</div></div>"#,
                    legend.html()
                )
            }
            Some(kind @ ("single" | "multiple")) => {
                let (wrap, item, input, label, ty) = if kind == "single" {
                    ("mw-radios", "mw-radios__item", "mw-radios__input", "mw-radios__label", "radio")
                } else {
                    ("mw-checkboxes", "mw-checkbox", "mw-checkbox__input", "mw-checkbox__label", "checkbox")
                };
                let mut items = String::new();
                for (n, o) in options.iter().enumerate() {
                    let value = o["value"].as_str().context("an option without value")?;
                    let text = Bi::of(&o["label"]).with_context(|| format!("question {id}: option {value} has no label"))?;
                    let option_hint = Bi::of(&o["hint"]);
                    let (aria, hint) = match (&option_hint, kind) {
                        (Some(h), "single") => (
                            format!(r#" aria-describedby="{id}-{n}-hint""#),
                            format!(r#"<p class="mw-hint mw-radios__hint" id="{id}-{n}-hint">{}</p>"#, h.html()),
                        ),
                        _ => (String::new(), String::new()),
                    };
                    items.push_str(&format!(
                        r#"<div class="{item}"><input class="{input}" type="{ty}" id="{id}-{n}" name="{id}" value="{}"{aria}><label class="{label}" for="{id}-{n}">{}</label>{hint}</div>"#,
                        escape(value),
                        text.html()
                    ));
                }
                let list_id = if kind == "single" { format!(r#" id="{id}""#) } else { String::new() };
                format!(
                    r#"<div class="mw-form-group"><fieldset class="mw-fieldset"{described}><legend class="mw-fieldset__legend mw-fieldset__legend--heading"><h1 tabindex="-1">{}</h1></legend>{hint_html}<div class="{wrap}"{list_id}>{items}</div></fieldset></div>"#,
                    legend.html()
                )
            }
            // A date (or a kind added later): the heading and hint; the app brings the control.
            _ => format!(
                r#"<div class="mw-form-group"><fieldset class="mw-fieldset" role="group"><legend class="mw-fieldset__legend mw-fieldset__legend--heading"><h1 tabindex="-1">{}</h1></legend>{hint_html}</fieldset></div>"#,
                legend.html()
            ),
        };
        let main = format!(
            r#"<div class="mw-page"><p><a href="{}" class="mw-back-link">{}</a></p><form novalidate class="mw-form">{control}<button type="submit" class="mw-button">{}</button></form></div>"#,
            escape(back),
            self.text("selfcheck.back")?.html(),
            self.text("selfcheck.next_button")?.html()
        );
        Ok(Page { path: path.into(), title: legend, main })
    }

    fn desk(&self, d: &Value) -> anyhow::Result<Option<Page>> {
        let Some(id) = d["id"].as_str() else { return Ok(None) };
        // Only plain slugs become folders.
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Ok(None);
        }
        let name = Bi::of(&d["name"]).with_context(|| format!("desk {id}: no name in it and en"))?;
        let place = d["location"]["comune"]["name"].as_str().map(|comune| {
            let address = d["location"]["address"].as_str().map(|a| format!("{}, ", escape(a))).unwrap_or_default();
            format!("<p>{address}{}</p>", escape(comune))
        });
        let main = format!(
            r#"<div class="mw-page"><p><a href="{}" class="mw-back-link">{}</a></p><h1 tabindex="-1">{}</h1>{}</div>"#,
            self.href("sportelli"),
            self.text("sportello.back")?.html(),
            name.html(),
            place.unwrap_or_default()
        );
        Ok(Some(Page { path: format!("sportelli/{id}"), title: name, main }))
    }
}

/// Every page to prerender. `base`: the public URL with a slash at both ends.
fn pages(s: &Sources, base: &str) -> anyhow::Result<Vec<Page>> {
    let c = Ctx { s, base };
    let mut pages = vec![
        c.heading_and_lead("sportelli", "titles.sportelli", "titles.sportelli", "sportelli.lead")?,
        c.contact()?,
        c.heading_and_lead("autovalutazione/riepilogo", "titles.check_answers", "selfcheck.check_heading", "selfcheck.check_lead")?,
        c.heading_and_lead("risultati", "titles.results", "titles.results", "results.lead")?,
        c.heading_and_lead("privacy", "titles.privacy", "privacy.heading", "privacy.intro")?,
        c.heading_and_lead("informazioni", "titles.about", "about.heading", "about.intro")?,
        c.heading_and_lead("integra", "titles.integrate", "integrate.heading", "integrate.lead")?,
    ];
    let questions = s.questionnaire["questions"].as_array().context("questionnaire.json has no `questions`")?;
    let mut back = base.to_string();
    for (n, q) in questions.iter().enumerate() {
        let id = q["id"].as_str().context("a question without id")?;
        if n == 0 {
            // The self-check's entry opens the first question for a new visitor.
            pages.push(c.question("autovalutazione", q, &back)?);
        }
        pages.push(c.question(&format!("autovalutazione/{id}"), q, &back)?);
        back = c.href(&format!("autovalutazione/{id}"));
    }
    for d in s.desks["sportelli"].as_array().context("sportelli.json has no `sportelli`")? {
        pages.extend(c.desk(d)?);
    }
    Ok(pages)
}

/// `<div class=mw-static>` or `<div class="mw-static">`: Trunk's minifier drops the quotes it can.
fn find_tag(html: &str, tag: &str, class: &str) -> Option<(usize, usize)> {
    [format!("<{tag} class={class}>"), format!("<{tag} class=\"{class}\">")]
        .iter()
        .find_map(|t| html.find(t.as_str()).map(|at| (at, at + t.len())))
}

/// index.html with this page's title and first screen: the start page's static content (`.mw-static`, hidden
/// on app pages) gives way to the page's own, and the loading line is hidden (boot.js shows it on failure).
fn render(index: &str, site_suffix: &Bi, page: &Page) -> anyhow::Result<String> {
    let (start, _) = find_tag(index, "div", "mw-static").context("index.html has no <div class=\"mw-static\">")?;
    let end = index[start..].find("</main>").map(|e| start + e).context("index.html has no </main> after .mw-static")?;
    let mut html = format!("{}<div class=\"mw-first\">{}</div>{}", &index[..start], page.main, &index[end..]);

    let (_, open_end) = find_tag(&html, "p", "mw-boot__loading").context("index.html has no <p class=\"mw-boot__loading\">")?;
    html.insert_str(open_end - 1, " hidden");

    let title = |t: &str, suffix: &str| escape(&format!("{t} – {suffix}"));
    let (t0, t1) = (html.find("<title>").context("no <title>")?, html.find("</title>").context("no </title>")?);
    html.replace_range(t0 + "<title>".len()..t1, &title(&page.title.it, &site_suffix.it));
    for (lang, text, suffix) in [("it", &page.title.it, &site_suffix.it), ("en", &page.title.en, &site_suffix.en)] {
        let marker = [format!("data-title-lang={lang}>"), format!("data-title-lang=\"{lang}\">")]
            .into_iter()
            .find_map(|m| html.find(&m).map(|at| (at, m.len())))
            .with_context(|| format!("index.html has no <meta data-title-lang={lang}>"))?;
        let tag_start = html[..marker.0].rfind("<meta").context("data-title-lang outside a <meta>")?;
        html.replace_range(tag_start..marker.0 + marker.1, &format!(r#"<meta content="{}" data-title-lang="{lang}">"#, title(text, suffix)));
    }
    Ok(html)
}

/// The group of pages (a `group!` of src/lazy_routes.rs) whose part of the app a prerendered page needs, from its
/// path (`autovalutazione/status`). The light journey checks that each page loads exactly the files named.
fn group_of(path: &str) -> Option<&'static str> {
    let mut segments = path.trim_matches('/').split('/');
    let first = segments.next()?;
    let deeper = segments.next().is_some();
    Some(match first {
        "autovalutazione" => "self_check_part",
        "risultati" => "results_part",
        "sportelli" if deeper => "desk_part",
        "sportelli" => "sportelli_part",
        "contatto" => "contact_part",
        "privacy" | "informazioni" | "integra" => "text_part",
        "guida" => "guide_part",
        "richiesta" => "request_status_part",
        _ => return None,
    })
}

/// Names the files of the page's part of the app on boot.js's tag (`data-prefetch`), so that boot.js downloads
/// them alongside the main module instead of after the app has started and routed: on a slow connection that
/// saves a round trip and the app's start-up. Names relative to boot.js (a sub-path deploy moves them together).
fn with_prefetch(html: String, path: &str, splits: &BTreeMap<String, Vec<String>>) -> String {
    let files = group_of(path).and_then(|group| {
        splits.iter().find(|(name, _)| name.rsplit_once('_').is_some_and(|(g, _)| g == group)).map(|(_, files)| files)
    });
    match files {
        Some(files) if !files.is_empty() => {
            html.replacen(" data-wasm=", &format!(" data-prefetch=\"{}\" data-wasm=", files.join(" ")), 1)
        }
        _ => html,
    }
}

/// The data files a page's first screen reads (its loaders in src/data.rs and src/api.rs), named on boot.js's
/// tag (`data-early`): boot.js asks for them as the page is painted, with the configuration and the texts,
/// instead of the app asking once its page's part has arrived and run. The light journey checks that the app
/// reads every file named here, each downloaded once. boot.js fills in `{lang}`, the copy in the person's inline
/// language (languages.rs), and `{locale}`, the person's language (with its version): the pages outside the
/// self-check, the results and the guide read the second part of the texts too, and download both parts in one
/// (locale_parts.rs; the app's `Page::reads_more_texts`).
fn first_data(path: &str) -> &'static [&'static str] {
    match group_of(path) {
        Some("self_check_part") => &["data/questionnaire.{lang}.json"],
        Some("results_part") => &["data/questionnaire.{lang}.json", "data/instruments.{lang}.json"],
        Some("sportelli_part" | "contact_part") => &["data/sportelli.json", MORE_TEXTS],
        Some("desk_part") => &["data/sportelli.json", "data/measures.json", MORE_TEXTS],
        Some("text_part" | "request_status_part") => &[MORE_TEXTS],
        _ => &[],
    }
}

/// Both parts of the texts in one file (instead of the first part boot.js asks for on other pages).
const MORE_TEXTS: &str = "locales/{locale}.all.json";

fn with_early_data(html: String, path: &str) -> String {
    match first_data(path) {
        [] => html,
        files => html.replacen(" data-wasm=", &format!(" data-early=\"{}\" data-wasm=", files.join(" ")), 1),
    }
}

/// Writes `out/<page>/index.html` for every page, and `out/404.html`; returns how many pages. `splits`: the
/// app's parts (split name → files), named on each page for boot.js to download early.
pub fn write_all(root: &Path, out: &Path, base: &str, splits: &BTreeMap<String, Vec<String>>) -> anyhow::Result<usize> {
    let sources = Sources::read(root)?;
    let index = std::fs::read_to_string(out.join("index.html")).context("no index.html to prerender from")?;
    let suffix = Ctx { s: &sources, base }.text("site.title_suffix")?;
    let pages = pages(&sources, base)?;
    // Static hosts without rewrite rules answer unknown paths with 404.html (issue 18): the app's shell, which
    // routes on the client (a sent request's confirmation) or shows the app's own "page not found".
    std::fs::write(out.join("404.html"), &index)?;
    for page in &pages {
        let dir = out.join(&page.path);
        std::fs::create_dir_all(&dir)?;
        let html = with_prefetch(render(&index, &suffix, page)?, &page.path, splits);
        std::fs::write(dir.join("index.html"), with_early_data(html, &page.path))?;
    }
    Ok(pages.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sources() -> Sources {
        let locale = |lang: &str| {
            let t = |s: &str| format!("{s} ({lang})");
            json!({
                "site": {"title_suffix": "Micro Work"},
                "titles": {"sportelli": t("Sportelli"), "contact": t("Contatto"), "check_answers": t("Riepilogo"),
                           "results": t("Risultati"), "privacy": t("Privacy"), "about": t("Chi siamo"), "integrate": t("Integra")},
                "sportelli": {"lead": t("Cerca <vicino>")},
                "contact": {"heading": t("Chiedi"), "lead": t("Lascia"), "desk": t("Sportello"), "desk_hint": t("Lo sportello"),
                            "desk_find": t("Cerca")},
                "selfcheck": {"check_heading": t("Controlla"), "check_lead": t("Rileggi"), "back": t("Indietro"), "next_button": t("Continua")},
                "results": {"lead": t("Ecco")},
                "privacy": {"heading": t("Privacy"), "intro": t("Dati")},
                "about": {"heading": t("Chi"), "intro": t("Noi")},
                "integrate": {"heading": t("Integra"), "lead": t("Incolla")},
                "sportello": {"back": t("Torna")},
            })
        };
        Sources {
            it: locale("it"),
            en: locale("en"),
            questionnaire: json!({"questions": [
                {"id": "age", "kind": "integer", "legend": {"it": "Quanti anni hai?", "en": "How old are you?"},
                 "unit": {"it": "anni", "en": "years"}},
                {"id": "gender", "kind": "single", "legend": {"it": "Sei…", "en": "You are…"},
                 "hint": {"it": "Per le misure per donne", "en": "For schemes for women"},
                 "options": [{"value": "F", "label": {"it": "Donna", "en": "Woman"}}, {"value": "M", "label": {"it": "Uomo", "en": "Man"}}]}
            ]}),
            desks: json!({"sportelli": [
                {"id": "enm-roma", "name": {"it": "Sportello Roma", "en": "Rome desk"},
                 "location": {"address": "Via Goito 35", "comune": {"name": "Roma"}}},
                {"id": "../bad", "name": {"it": "x", "en": "x"}}
            ]}),
        }
    }

    const INDEX: &str = r#"<!doctype html><html><title>Start – Micro Work</title><meta content="Start – Micro Work" data-i18n=titles.start data-title-lang=it><meta content="Start – Micro Work" data-i18n=titles.start data-title-lang=en></head><body><div class=mw-boot id=boot><main class=mw-main><p class=mw-boot__loading><span>Caricamento…</span></p><noscript>x</noscript><div class=mw-static><h1>Start</h1></div></main><footer>f</footer></div></body></html>"#;

    #[test]
    fn each_page_names_the_files_of_its_part_of_the_app_on_boot_js() {
        let splits: BTreeMap<String, Vec<String>> = [
            ("self_check_part_123".to_string(), vec!["chunk_1-a.wasm".to_string(), "split_self_check_part_123-b.wasm".to_string()]),
            ("desk_part_123".to_string(), vec!["split_desk_part_123-c.wasm".to_string()]),
            ("sportelli_part_123".to_string(), vec!["split_sportelli_part_123-d.wasm".to_string()]),
        ]
        .into();
        let tag = "<script src=/boot.js data-js=/m.js data-wasm=/m_bg.wasm></script>";
        assert_eq!(
            with_prefetch(tag.into(), "autovalutazione/status", &splits),
            "<script src=/boot.js data-js=/m.js data-prefetch=\"chunk_1-a.wasm split_self_check_part_123-b.wasm\" data-wasm=/m_bg.wasm></script>"
        );
        assert!(with_prefetch(tag.into(), "sportelli/enm-roma", &splits).contains("data-prefetch=\"split_desk_part_123-c.wasm\""));
        assert!(with_prefetch(tag.into(), "sportelli", &splits).contains("data-prefetch=\"split_sportelli_part_123-d.wasm\""));
        // A page whose group has no part (an unsplit build) or no group: the tag as it was.
        assert_eq!(with_prefetch(tag.into(), "contatto", &splits), tag);
        assert_eq!(with_prefetch(tag.into(), "", &splits), tag);
    }

    #[test]
    fn each_page_names_the_data_its_first_screen_reads_on_boot_js() {
        let tag = "<script src=/boot.js data-js=/m.js data-wasm=/m_bg.wasm></script>";
        assert_eq!(
            with_early_data(tag.into(), "autovalutazione/riepilogo"),
            "<script src=/boot.js data-js=/m.js data-early=\"data/questionnaire.{lang}.json\" data-wasm=/m_bg.wasm></script>"
        );
        assert!(with_early_data(tag.into(), "sportelli/enm-roma").contains("data-early=\"data/sportelli.json data/measures.json locales/{locale}.all.json\""));
        // The comuni (79 KB) come only when a search needs them; a text page reads no data, only its texts.
        assert!(!with_early_data(tag.into(), "sportelli").contains("comuni"));
        assert!(with_early_data(tag.into(), "privacy").contains("data-early=\"locales/{locale}.all.json\""));
        assert_eq!(with_early_data(tag.into(), "guida"), tag);
    }

    #[test]
    fn every_route_question_and_desk_gets_a_page() {
        let pages = pages(&sources(), "/").unwrap();
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        for path in ["sportelli", "contatto", "autovalutazione", "autovalutazione/age", "autovalutazione/gender", "autovalutazione/riepilogo", "risultati", "sportelli/enm-roma", "privacy", "informazioni", "integra"] {
            assert!(paths.contains(&path), "{path} in {paths:?}");
        }
        assert!(!paths.iter().any(|p| p.contains("..")), "odd ids make no folders");
    }

    #[test]
    fn a_page_has_its_title_heading_and_controls_in_both_languages_and_no_start_content() {
        let s = sources();
        let pages = pages(&s, "/microwork/").unwrap();
        let suffix = Bi { it: "Micro Work".into(), en: "Micro Work".into() };
        let gender = pages.iter().find(|p| p.path == "autovalutazione/gender").unwrap();
        let html = render(INDEX, &suffix, gender).unwrap();
        assert!(html.contains("<title>Sei… – Micro Work</title>"), "{html}");
        assert!(html.contains(r#"<meta content="You are… – Micro Work" data-title-lang="en">"#), "{html}");
        assert!(!html.contains("<h1>Start</h1>"));
        assert!(html.contains(r#"<p class=mw-boot__loading hidden>"#), "{html}");
        assert!(html.contains(r#"<span class="mw-only-it" lang="it">Sei…</span><span class="mw-only-en" lang="en">You are…</span>"#));
        assert!(html.contains(r#"type="radio" id="gender-1" name="gender" value="M""#), "{html}");
        assert!(html.contains(r#"href="/microwork/autovalutazione/age""#), "back to the question before, under the base path");
        assert!(html.contains("</main><footer>f</footer>"));

        let list = pages.iter().find(|p| p.path == "sportelli").unwrap();
        let html = render(INDEX, &suffix, list).unwrap();
        assert!(html.contains("Cerca &lt;vicino&gt; (it)"), "texts are escaped");
        let desk = pages.iter().find(|p| p.path == "sportelli/enm-roma").unwrap();
        assert!(render(INDEX, &suffix, desk).unwrap().contains("<p>Via Goito 35, Roma</p>"));
        // The contact page down to the desk's label and hint (with the locator's link, under the base path).
        let contact = pages.iter().find(|p| p.path == "contatto").unwrap();
        let html = render(INDEX, &suffix, contact).unwrap();
        assert!(html.contains(r#"<label class="mw-label" for="desk_id"><span class="mw-only-it" lang="it">Sportello (it)"#), "{html}");
        assert!(html.contains(r#"<a href="/microwork/sportelli"><span class="mw-only-it" lang="it">Cerca (it)"#), "{html}");
    }

    #[test]
    fn writes_every_page_and_a_404_shell_into_the_output() {
        let root = tempfile::tempdir().unwrap();
        let s = sources();
        for (path, value) in [("locales/it.json", &s.it), ("locales/en.json", &s.en), ("public/data/questionnaire.json", &s.questionnaire), ("public/data/sportelli.json", &s.desks)] {
            let file = root.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, value.to_string()).unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("index.html"), INDEX).unwrap();
        let n = write_all(root.path(), out.path(), "/", &BTreeMap::new()).unwrap();
        assert_eq!(n, 11);
        assert_eq!(std::fs::read_to_string(out.path().join("404.html")).unwrap(), INDEX);
        let desk = std::fs::read_to_string(out.path().join("sportelli/enm-roma/index.html")).unwrap();
        assert!(desk.contains("Sportello Roma") && desk.contains("<title>Sportello Roma – Micro Work</title>"), "{desk}");
    }

    #[test]
    fn a_missing_text_or_marker_is_an_error() {
        let mut s = sources();
        s.en["contact"] = json!({});
        assert!(pages(&s, "/").is_err());
        let s = sources();
        let page = &pages(&s, "/").unwrap()[0];
        let suffix = Bi { it: "M".into(), en: "M".into() };
        assert!(render("<title>x</title><main></main>", &suffix, page).is_err());
    }
}
