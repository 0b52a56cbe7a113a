//! The six languages beyond Italian and English, through the real UI: Arabic right to left at phone size from
//! the self-check to the results and a contact request (which records the language), Chinese with no sideways scrolling on a 320 px screen, the switch offering all
//! eight, the choice remembered on the device, the About page saying how each language was translated, and the
//! guide, FAQ and glossary in the person's language (reloaded when they switch).
//! Every page is audited with axe-core; a console error fails the test.

use microwork_e2e::{Browser, Server};
use serde_json::{Value, json};

fn young_unemployed_in_campania() -> Value {
    json!({"age": 28, "gender": "F", "region": "15", "status": "disoccupato", "unemp_months": "ge12", "gol": "no",
           "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0",
           "amount": 30000, "sector": "servizi", "same_ateco": "no"})
}

/// Records console errors and uncaught exceptions from now on in this document (installed after each full load).
async fn record_console_errors(browser: &Browser) {
    browser
        .js("if (!window.__mwErrors) {
               window.__mwErrors = [];
               const original = console.error.bind(console);
               console.error = (...args) => { window.__mwErrors.push(args.map(String).join(' ')); original(...args); };
               window.addEventListener('error', e => window.__mwErrors.push(String(e.message)));
               window.addEventListener('unhandledrejection', e => window.__mwErrors.push(String(e.reason)));
             }")
        .await;
}

async fn assert_no_console_errors(browser: &Browser) {
    let errors = browser.js("return window.__mwErrors || [];").await;
    assert_eq!(errors, json!([]), "console errors at {}", browser.url().await);
}

async fn root_attr(browser: &Browser, name: &str) -> String {
    browser.js(&format!("return document.documentElement.getAttribute('{name}') || '';")).await.as_str().unwrap_or_default().to_string()
}

async fn no_sideways_scroll(browser: &Browser) -> bool {
    browser.js("const d = document.documentElement; return d.scrollWidth <= d.clientWidth;").await == json!(true)
}

/// Opens `path` in a 320 px wide frame of the same origin (the narrowest phone; headless Chromium keeps windows
/// wider than that) and returns how far the page overflows sideways, in CSS pixels (0: none).
async fn overflow_at_320(server: &Server, browser: &Browser, path: &str, h1: &str) -> i64 {
    browser.goto(&server.url("/config.json")).await;
    browser
        .js(&format!(
            "const f = document.createElement('iframe'); f.id = 'narrow'; f.width = '320'; f.height = '640';
             f.style.border = '0'; f.src = {}; document.body.appendChild(f);",
            json!(path)
        ))
        .await;
    browser
        .wait_until(
            &format!("{path} in a 320 px frame shows {h1:?}"),
            &format!(
                "(() => {{ const d = document.getElementById('narrow').contentDocument;
                 const h = d && [...d.querySelectorAll('main h1')].find(h => h.offsetParent !== null);
                 return !!h && h.textContent.trim() === {}; }})()",
                json!(h1)
            ),
        )
        .await;
    let v = browser
        .js("const d = document.getElementById('narrow').contentDocument.documentElement;
             return Math.max(0, d.scrollWidth - d.clientWidth);")
        .await;
    v.as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn arabic_reads_right_to_left_from_the_first_question_to_the_results() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    browser.goto(&server.url("/autovalutazione?lang=ar")).await;
    browser.wait_for_h1("كم عمرك؟").await;
    record_console_errors(&browser).await;
    assert_eq!(root_attr(&browser, "lang").await, "ar");
    assert_eq!(root_attr(&browser, "dir").await, "rtl");
    // Mirrored: the question's heading starts at the right edge of its column.
    let mirrored = browser
        .js("const h = document.querySelector('main h1').getBoundingClientRect();
             const p = document.querySelector('main .mw-page, main form').getBoundingClientRect();
             return Math.abs(p.right - h.right) < 2 && getComputedStyle(document.querySelector('main h1')).direction === 'rtl';")
        .await;
    assert_eq!(mirrored, json!(true), "the heading is not right-aligned in RTL");
    assert!(no_sideways_scroll(&browser).await);
    browser.assert_accessible().await;

    browser.answer_self_check(&young_unemployed_in_campania()).await;
    browser.wait_for_h1("راجع إجاباتك").await;
    // Answers read in Arabic; numbers keep Western digits (a deliberate choice, see core display.rs).
    let summary = browser.js("return document.querySelector('main').innerText;").await;
    let summary = summary.as_str().unwrap_or_default();
    assert!(summary.contains("28 سنة"), "the age with its Arabic unit: {summary}");
    assert!(summary.contains("امرأة"), "an option label from the Arabic overlay: {summary}");
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;

    browser.click("a[href='/risultati']").await;
    browser.wait_for_h1("نتائجك").await;
    let outcomes = browser.outcomes().await;
    assert!(outcomes.iter().any(|(id, status)| id == "resto_al_sud_2" && status == "eligible"), "{outcomes:?}");
    // textContent: the one-line summary sits in the card's folded details.
    let card = browser.js("return document.getElementById('misura-resto_al_sud_2').textContent;").await;
    let card = card.as_str().unwrap_or_default();
    assert!(card.contains("Resto al Sud 2.0"), "the Italian name stays recognisable: {card}");
    assert!(card.contains("حسب اختيارك"), "the one-line summary in Arabic: {card}");
    assert!(card.contains("أنت ضمن الفئة من 18 إلى 34 سنة"), "a criterion's explanation in Arabic: {card}");
    assert_eq!(root_attr(&browser, "dir").await, "rtl");
    assert!(no_sideways_scroll(&browser).await, "no sideways scrolling on the results in RTL");
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;

    // On to a desk and a contact request: the desk learns which language to call back in.
    browser.goto(&server.url("/sportelli/enm-latina")).await;
    // The desks' own texts are not in the overlays yet: they fall back to English.
    browser.wait_for_h1("Microcredit desk – Comune di Latina").await;
    record_console_errors(&browser).await;
    browser.click("main a[href^='/contatto']").await;
    browser.wait_for_h1("اطلب أن نتواصل معك").await;
    browser.fill("#name", "مريم العلوي").await;
    browser.fill("#phone", "+39 333 123 4567").await;
    let phone_dir = browser.js("return getComputedStyle(document.getElementById('phone')).direction;").await;
    assert_eq!(phone_dir, json!("ltr"), "a phone number is typed left to right inside the RTL form");
    browser.click("#consent_privacy").await;
    browser.assert_accessible().await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("تم إرسال الطلب").await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    let reference_dir = browser.js("return getComputedStyle(document.getElementById('reference')).direction;").await;
    assert_eq!(reference_dir, json!("ltr"), "the reference code reads left to right");
    assert!(no_sideways_scroll(&browser).await);
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;
    let lang: String =
        server.db().query_row("SELECT lang FROM contact_requests WHERE reference = ?1", [&reference], |r| r.get(0)).unwrap();
    assert_eq!(lang, "ar", "the request records the person's language");
    browser.close().await;
}

#[tokio::test]
async fn chinese_fits_a_320_px_screen_and_the_choice_is_remembered() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    // Chosen in the switch, not in the address: the app downloads Chinese and remembers it.
    browser.goto(&server.url("/informazioni")).await;
    browser.wait_for_h1("Chi siamo e fonti dei dati").await;
    record_console_errors(&browser).await;
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
    assert_no_console_errors(&browser).await;

    // Remembered on this device: a new visit without ?lang= is in Chinese.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("你多大年纪？").await;
    browser.answer_self_check(&young_unemployed_in_campania()).await;
    browser.wait_for_h1("检查你的回答").await;
    browser.click("a[href='/risultati']").await;
    browser.wait_for_h1("你的结果").await;
    browser.assert_accessible().await;

    for (path, h1) in [("/", "想开创自己的事业？看看哪些支持适合你"), ("/autovalutazione/stage", "你的企业目前处于哪个阶段？"), ("/risultati", "你的结果")] {
        assert_eq!(overflow_at_320(&server, &browser, path, h1).await, 0, "{path} scrolls sideways at 320 px in Chinese");
    }
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
