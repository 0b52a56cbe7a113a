//! The six languages beyond Italian and English, through the real UI. For each of them, on a 320 px wide phone
//! (the narrowest one): the start page, the self-check, the results and a contact request up to its confirmation,
//! with the texts of that language's files (`locales/<lang>.json`, `public/data/i18n/<lang>.json`), the right
//! `lang` and `dir`, nothing that scrolls sideways, and the request recorded in that language for the desk (the
//! database and the desk's CSV export). Then: the switch offering all eight, the choice remembered on the device,
//! the About page saying how each language was translated, and the guide, FAQ and glossary in the person's
//! language (reloaded when they switch).
//! Every page is audited with axe-core; a console error fails the test (every `Browser` is strict).

use microwork_e2e::{Browser, Server, root, server_bin};
use serde_json::{Value, json};

fn young_unemployed_in_campania() -> Value {
    json!({"age": 28, "gender": "F", "region": "15", "status": "disoccupato", "unemp_months": "ge12", "gol": "no",
           "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0",
           "amount": 30000, "sector": "servizi", "same_ateco": "no"})
}

/// A language's own texts, read from the files the app loads, so the journey follows the translations.
struct Texts {
    /// `locales/<lang>.json`: the UI's texts (nested keys).
    ui: Value,
    /// `public/data/i18n/<lang>.json`: the data's texts (sections of flat keys).
    data: Value,
}

impl Texts {
    fn load(lang: &str) -> Texts {
        let read = |path: &str| -> Value {
            let file = root().join(path);
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        };
        Texts { ui: read(&format!("locales/{lang}.json")), data: read(&format!("public/data/i18n/{lang}.json")) }
    }

    /// A UI text by its dotted key (`titles.results`).
    fn ui(&self, key: &str) -> String {
        let pointer = format!("/{}", key.replace('.', "/"));
        self.ui.pointer(&pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("no UI text `{key}`")).to_string()
    }

    /// A data text: `section` (`questionnaire`, `instruments`) and its flat key.
    fn data(&self, section: &str, key: &str) -> String {
        self.data[section][key].as_str().unwrap_or_else(|| panic!("no {section} text `{key}`")).to_string()
    }
}

/// What one language's journey expects besides the texts of its files.
struct Expect {
    lang: &'static str,
    /// `<html dir>`.
    dir: &'static str,
    /// The person's name as they type it into the contact form (in their script).
    name: &'static str,
}

async fn root_attr(browser: &Browser, name: &str) -> String {
    browser.js(&format!("return document.documentElement.getAttribute('{name}') || '';")).await.as_str().unwrap_or_default().to_string()
}

/// `lang` and `dir` of the page, no sideways scrolling, axe clean, no console error.
async fn assert_page_fits(browser: &Browser, e: &Expect, page: &str) {
    assert_eq!(root_attr(browser, "lang").await, e.lang, "{}: lang of the {page}", e.lang);
    assert_eq!(root_attr(browser, "dir").await, e.dir, "{}: dir of the {page}", e.lang);
    let overflow = browser.js("const d = document.documentElement; return d.scrollWidth - d.clientWidth;").await;
    assert!(overflow.as_i64().is_some_and(|o| o <= 0), "{}: the {page} scrolls sideways by {overflow} px at 320 px", e.lang);
    browser.assert_accessible().await;
    browser.assert_no_console_errors().await;
}

/// From now on in this document (the app moves between its pages without reloading), notes the path of every
/// page that ever scrolls sideways once drawn: every question of the self-check is checked, not only the first.
async fn watch_sideways_scrolling(browser: &Browser) {
    browser
        .js("window.__mwSideways = {};
             let pending = false;
             new MutationObserver(() => {
               if (pending) return;
               pending = true;
               requestAnimationFrame(() => {
                 pending = false;
                 const d = document.documentElement;
                 if (d.scrollWidth > d.clientWidth) window.__mwSideways[location.pathname] = d.scrollWidth - d.clientWidth;
               });
             }).observe(document.body, { childList: true, subtree: true, characterData: true });
             return null;")
        .await;
}

async fn assert_nothing_scrolled_sideways(browser: &Browser, e: &Expect) {
    let seen = browser.js("return window.__mwSideways;").await;
    assert_eq!(seen, json!({}), "{}: pages that scrolled sideways at 320 px (path: px)", e.lang);
}

/// The computed `direction` of the element with this id.
async fn direction(browser: &Browser, id: &str) -> Value {
    browser.js(&format!("return getComputedStyle(document.getElementById('{id}')).direction;")).await
}

/// A person who reads `e.lang`, on a 320 px wide phone, from the start page through the self-check to the results
/// and a contact request, up to the confirmation with its reference; the desk then knows which language to call
/// back in. Returns the server and the browser (on the confirmation page) for a language's own further checks.
async fn from_the_start_to_a_contact_request(e: Expect) -> (Server, Browser) {
    let texts = Texts::load(e.lang);
    let server = Server::start().await;
    let browser = Browser::with_size(320, 640).await;

    // The start page in the person's language (the app draws it: the plain HTML one is Italian).
    browser.goto(&server.url(&format!("/?lang={}", e.lang))).await;
    browser.wait_for_h1(&texts.ui("start.heading")).await;
    assert_page_fits(&browser, &e, "start page").await;
    watch_sideways_scrolling(&browser).await;
    browser.click_link(&texts.ui("start.cta")).await;

    // The first question, mirrored in right-to-left: its heading starts at its column's start edge.
    browser.wait_for_h1(&texts.data("questionnaire", "questions.age.legend")).await;
    let at_the_start_edge = browser
        .js("const h = document.querySelector('main h1'), r = h.getBoundingClientRect();
             const p = document.querySelector('main .mw-page, main form').getBoundingClientRect();
             const rtl = getComputedStyle(h).direction === 'rtl';
             return [getComputedStyle(h).direction, Math.abs(rtl ? p.right - r.right : r.left - p.left) < 2];")
        .await;
    assert_eq!(at_the_start_edge, json!([e.dir, true]), "{}: the question's heading at the {} edge", e.lang, e.dir);
    assert_page_fits(&browser, &e, "first question").await;

    browser.answer_self_check(&young_unemployed_in_campania()).await;
    browser.wait_for_h1(&texts.ui("selfcheck.check_heading")).await;
    // The answers read in the person's language (numbers keep Western digits, see core display.rs).
    let summary = browser.js("return document.querySelector('main').innerText;").await;
    let summary = summary.as_str().unwrap_or_default();
    let unit = texts.data("questionnaire", "questions.age.unit");
    assert!(summary.contains("28") && summary.contains(&unit), "{}: the age with its unit `{unit}`: {summary}", e.lang);
    let woman = texts.data("questionnaire", "questions.gender.options.F.label");
    assert!(summary.contains(&woman), "{}: an option from the overlay `{woman}`: {summary}", e.lang);
    assert_page_fits(&browser, &e, "check-your-answers page").await;
    assert_nothing_scrolled_sideways(&browser, &e).await;

    browser.click("a[href='/risultati']").await;
    browser.wait_for_h1(&texts.ui("titles.results")).await;
    let outcomes = browser.outcomes().await;
    assert!(outcomes.iter().any(|(id, status)| id == "resto_al_sud_2" && status == "eligible"), "{}: {outcomes:?}", e.lang);
    // textContent: the one-line summary sits in the card's folded details.
    let card = browser.js("return document.getElementById('misura-resto_al_sud_2').textContent;").await;
    let card = card.as_str().unwrap_or_default();
    assert!(card.contains("Resto al Sud 2.0"), "{}: the Italian name stays recognisable: {card}", e.lang);
    let support = texts.data("instruments", "instruments.resto_al_sud_2.support");
    assert!(card.contains(&support), "{}: the one-line summary `{support}`: {card}", e.lang);
    // A criterion's explanation, filled in by the rules engine in the overlay's language.
    let explain = texts.data("instruments", "common_criteria.eta_18_34.cases.0.explain").replace("{age}", "28");
    assert!(card.contains(&explain), "{}: the age criterion's explanation `{explain}`: {card}", e.lang);
    assert_eq!(direction(&browser, "share-link").await, json!("ltr"), "{}: the share link's address reads left to right", e.lang);
    assert_page_fits(&browser, &e, "results page").await;

    // On to a desk: the contact form, with the desk chosen for the person's region.
    browser.click("main a[href='/contatto']").await;
    browser.wait_for_h1(&texts.ui("contact.heading")).await;
    browser.wait_until("a desk chosen", "document.getElementById('desk_id').value !== ''").await;
    browser.fill("#name", e.name).await;
    browser.fill("#phone", "+39 333 123 4567").await;
    assert_eq!(direction(&browser, "phone").await, json!("ltr"), "{}: a phone number is typed left to right", e.lang);
    browser.click("#consent_privacy").await;
    assert_page_fits(&browser, &e, "contact form").await;
    browser.click("form.mw-form button[type=submit]").await;

    browser.wait_for_h1(&texts.ui("sent.heading")).await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap_or_default();
    assert!(reference.starts_with("MW-"), "{}: the reference shown: {reference:?}", e.lang);
    assert_eq!(direction(&browser, "reference").await, json!("ltr"), "{}: the reference reads left to right", e.lang);
    assert_page_fits(&browser, &e, "confirmation page").await;
    assert_nothing_scrolled_sideways(&browser, &e).await;

    // The desk's side: the request records the language, and the desk's CSV export shows it.
    let (lang, desk): (String, String) = server
        .db()
        .query_row("SELECT lang, desk_id FROM contact_requests WHERE reference = ?1", [&reference], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap_or_else(|err| panic!("{}: request {reference} not stored: {err}", e.lang));
    assert_eq!(lang, e.lang, "the request records the person's language");
    let row = exported_row(&server, &desk, &reference);
    assert_eq!(row.get("lang").map(String::as_str), Some(e.lang), "{}: the CSV's language column: {row:?}", e.lang);
    assert_eq!(row.get("name").map(String::as_str), Some(e.name), "{}: the name as typed: {row:?}", e.lang);
    (server, browser)
}

/// The row of `reference` in `microwork export --desk <desk> --format csv` (what a desk opens in a spreadsheet),
/// as column name → cell.
fn exported_row(server: &Server, desk: &str, reference: &str) -> std::collections::BTreeMap<String, String> {
    let out = std::process::Command::new(server_bin())
        .args(["export", "--desk", desk, "--format", "csv"])
        .arg("--database-url")
        .arg(format!("sqlite://{}", server.db_path.display()))
        .arg("--dist")
        .arg(&server.dist)
        .output()
        .expect("run microwork export");
    assert!(out.status.success(), "microwork export: {}", String::from_utf8_lossy(&out.stderr));
    let mut csv = csv::Reader::from_reader(out.stdout.as_slice());
    let header = csv.headers().expect("the CSV's header").clone();
    csv.records()
        .map(|r| r.expect("a CSV record"))
        .find(|r| r.get(0) == Some(reference))
        .map(|r| header.iter().map(str::to_string).zip(r.iter().map(str::to_string)).collect())
        .unwrap_or_else(|| panic!("{reference} not in the export of desk {desk}"))
}

#[tokio::test]
async fn romanian_from_the_self_check_to_a_contact_request_at_320_px() {
    let (_server, browser) = from_the_start_to_a_contact_request(Expect { lang: "ro", dir: "ltr", name: "Ioana Popescu" }).await;
    browser.close().await;
}

#[tokio::test]
async fn arabic_right_to_left_from_the_self_check_to_a_contact_request_at_320_px() {
    let (server, browser) = from_the_start_to_a_contact_request(Expect { lang: "ar", dir: "rtl", name: "مريم العلوي" }).await;
    // A desk's own texts are not in the overlays yet: they fall back to English, still in a mirrored page.
    browser.goto(&server.url("/sportelli/enm-latina")).await;
    browser.wait_for_h1("Microcredit desk – Comune di Latina").await;
    assert_eq!(root_attr(&browser, "dir").await, "rtl");
    browser.close().await;
}

#[tokio::test]
async fn albanian_from_the_self_check_to_a_contact_request_at_320_px() {
    let (_server, browser) = from_the_start_to_a_contact_request(Expect { lang: "sq", dir: "ltr", name: "Arta Hoxha" }).await;
    browser.close().await;
}

#[tokio::test]
async fn ukrainian_from_the_self_check_to_a_contact_request_at_320_px() {
    let (_server, browser) = from_the_start_to_a_contact_request(Expect { lang: "uk", dir: "ltr", name: "Оксана Коваленко" }).await;
    browser.close().await;
}

#[tokio::test]
async fn chinese_from_the_self_check_to_a_contact_request_at_320_px() {
    let (_server, browser) = from_the_start_to_a_contact_request(Expect { lang: "zh", dir: "ltr", name: "王芳" }).await;
    browser.close().await;
}

#[tokio::test]
async fn french_from_the_self_check_to_a_contact_request_at_320_px() {
    let (_server, browser) = from_the_start_to_a_contact_request(Expect { lang: "fr", dir: "ltr", name: "Aminata Diallo" }).await;
    browser.close().await;
}

#[tokio::test]
async fn a_language_chosen_in_the_switch_is_remembered_and_the_about_page_says_how_it_was_translated() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    // Chosen in the switch, not in the address: the app downloads Chinese and remembers it.
    browser.goto(&server.url("/informazioni")).await;
    browser.wait_for_h1("Chi siamo e fonti dei dati").await;
    let offered = browser.js("return [...document.querySelectorAll('.mw-lang__option')].map(b => b.lang);").await;
    assert_eq!(offered, json!(["it", "en", "ro", "ar", "sq", "uk", "zh", "fr"]), "the switch offers all eight");
    browser.click("details.mw-lang > summary").await;
    browser.click(".mw-lang__option[lang='zh']").await;
    browser.wait_for_h1("关于我们和数据来源").await;
    assert_eq!(root_attr(&browser, "lang").await, "zh");
    assert_eq!(root_attr(&browser, "dir").await, "ltr");
    // The About page says who translated each language, that no native speaker has reviewed it yet, and that
    // every text is translated.
    let status = browser.js("return document.querySelector('#language-status li[data-lang=zh]').innerText;").await;
    assert!(status.as_str().unwrap_or_default().contains("尚未经母语人士审校"), "{status}");
    assert!(status.as_str().unwrap_or_default().contains("所有文本均已翻译"), "{status}");
    let it_status = browser.js("return document.querySelector('#language-status li[data-lang=it]').innerText;").await;
    assert!(it_status.as_str().unwrap_or_default().contains("参照文本"), "{it_status}");
    browser.assert_accessible().await;
    browser.assert_no_console_errors().await;

    // Remembered on this device: a new visit without ?lang= is in Chinese.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("你多大年纪？").await;
    assert_eq!(root_attr(&browser, "lang").await, "zh");
    browser.close().await;
}

#[tokio::test]
async fn the_start_page_offers_every_language_and_italian_stays_the_default() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/")).await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    assert_eq!(root_attr(&browser, "lang").await, "it", "Italian for a browser in Italian");
    let links = browser.js("return [...document.querySelectorAll('.mw-static-footer a[hreflang]')].map(a => a.getAttribute('href'));").await;
    assert_eq!(links, json!(["/?lang=ro", "/?lang=ar", "/?lang=sq", "/?lang=uk", "/?lang=zh", "/?lang=fr"]));
    assert!(!browser.loaded_wasm().await, "the Italian start page stays plain HTML");
    browser.assert_accessible().await;

    // Following one: the start page in that language (the app draws it).
    browser.click(".mw-static-footer a[hreflang='uk']").await;
    browser.wait_for_h1("Хочете відкрити власну справу? Дізнайтеся, яка підтримка вам підходить").await;
    assert_eq!(root_attr(&browser, "lang").await, "uk");
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn the_guide_the_faq_and_the_glossary_speak_the_persons_language() {
    let server = Server::start().await;
    // Desktop size: the language switch is in the header.
    let browser = Browser::new().await;
    // The guide's texts come from the French overlay, loaded with the data files.
    browser.goto(&server.url("/guida/percorso?lang=fr")).await;
    browser.wait_for_h1("Le parcours, étape par étape").await;
    browser.wait_for_text("main", "1. Le guichet d'aide à la création d'entreprise", 10).await;
    browser.assert_accessible().await;
    browser.goto(&server.url("/guida/domande")).await;
    browser.wait_for_text("main", "Combien de temps faut-il", 10).await;
    browser.goto(&server.url("/guida/glossario")).await;
    // The Italian name follows the translation, as a person meets it at a desk.
    browser.wait_for_text("main", "Numéro de TVA (partita IVA)", 10).await;
    browser.assert_accessible().await;
    // A switch of language reloads the texts in the new one (here Ukrainian, the glossary still open).
    browser.click("details.mw-lang > summary").await;
    browser.click(".mw-lang__option[lang='uk']").await;
    browser.wait_for_text("main", "Номер платника ПДВ (partita IVA)", 10).await;
    browser.assert_no_console_errors().await;
    browser.close().await;
}
