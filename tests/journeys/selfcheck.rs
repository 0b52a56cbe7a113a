//! The self-check through the real UI: three people, branching, resuming, the back button, share links,
//! English, and errors. Every kind of page is audited with axe-core.

mod console;

use console::{assert_no_console_errors, record_console_errors};
use microwork_e2e::{Browser, Server};
use serde_json::{Value, json};

fn young_unemployed_in_campania() -> Value {
    json!({"age": 28, "gender": "F", "region": "15", "status": "disoccupato", "unemp_months": "ge12", "gol": "no",
           "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0",
           "amount": 30000, "sector": "servizi", "same_ateco": "no"})
}

fn employee_with_family_expenses_in_lombardia() -> Value {
    json!({"age": 45, "gender": "M", "region": "03", "status": "dipendente", "working_poor": "no", "gol": "no",
           "naspi": "no", "purpose": "spese_personali_familiari", "vulnerability": ["calo_reddito"], "amount": 8000})
}

fn womens_srl_growing_in_lazio() -> Value {
    json!({"age": 40, "gender": "F", "region": "12", "crater": "no", "status": "autonomo_o_imprenditore",
           "working_poor": "no", "gol": "no", "naspi": "no", "purpose": "sviluppo_attivita_esistente", "stage": "m12_36",
           "form": "srl", "women_share": "all", "young_share": "none", "all_women_or_under36": "si",
           "employees": "e6_10", "amount": 90000, "sector": "commercio", "innovative": "no", "start_date": "2024-03-15"})
}

fn status_of<'a>(outcomes: &'a [(String, String)], id: &str) -> &'a str {
    outcomes.iter().find(|(i, _)| i == id).map(|(_, s)| s.as_str()).unwrap_or_else(|| panic!("no {id} in {outcomes:?}"))
}

async fn start_self_check(server: &Server, browser: &Browser) {
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
}

#[tokio::test]
async fn three_people_answer_and_see_what_fits_them() {
    let server = Server::start().await;
    for (persona, expected, region_funds) in [
        (
            young_unemployed_in_campania(),
            vec![("resto_al_sud_2", "eligible"), ("microcredito_imprenditoriale", "eligible"),
                 ("autoimpiego_centro_nord", "not_eligible"), ("resto_al_sud", "closed"), ("microcredito_sociale", "not_eligible")],
            "regionale_campania",
        ),
        (
            employee_with_family_expenses_in_lombardia(),
            vec![("microcredito_sociale", "eligible"), ("microcredito_imprenditoriale", "not_eligible"),
                 ("selfiemployment", "closed")],
            "regionale_lombardia",
        ),
        (
            womens_srl_growing_in_lazio(),
            vec![("on_tasso_zero", "eligible"), ("microcredito_imprenditoriale", "eligible"),
                 ("resto_al_sud_2", "not_eligible"), ("regionale_lazio", "not_eligible")],
            "regionale_lazio",
        ),
    ] {
        let browser = Browser::new().await;
        start_self_check(&server, &browser).await;
        browser.assert_accessible().await;
        let asked = browser.answer_self_check(&persona).await;
        let expected_questions: Vec<&String> = persona.as_object().unwrap().keys().collect();
        assert_eq!(asked.len(), expected_questions.len(), "asked {asked:?}");
        browser.wait_for_h1("Controlla le tue risposte").await;
        browser.assert_accessible().await;
        browser.click_link("Vedi i risultati").await;
        browser.wait_for_h1("I tuoi risultati").await;
        let outcomes = browser.outcomes().await;
        for (id, status) in expected {
            assert_eq!(status_of(&outcomes, id), status, "{id} for {persona}");
        }
        // Other regions' funds are not listed; this region's is (when it has one).
        assert!(outcomes.iter().all(|(id, _)| !id.starts_with("regionale_") || id.starts_with(region_funds)), "{outcomes:?}");
        // Closed measures are never shown as a fit.
        assert_eq!(status_of(&outcomes, "fondo_impresa_femminile"), "closed");
        browser.assert_accessible().await;
        browser.close().await;
    }
}

#[tokio::test]
async fn a_reload_midway_resumes_and_back_goes_back() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    start_self_check(&server, &browser).await;
    // An empty answer: the error is listed, focused, and tied to the field.
    browser.click("form.mw-form button[type=submit]").await;
    let summary = browser.wait_for(".mw-error-summary").await.text().await.unwrap();
    assert!(summary.contains("età") || summary.contains("anni"), "{summary}");
    browser.wait_until("focus on the error summary", "document.activeElement.classList.contains('mw-error-summary')").await;
    assert_eq!(browser.js("return document.getElementById('age').getAttribute('aria-invalid')").await, "true");
    browser.assert_accessible().await;

    browser.fill("#age", "31").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Qual è il tuo genere?").await;
    assert!(browser.wait_for(".mw-progress-text").await.text().await.unwrap().starts_with("Domanda 2 di "));
    browser.click("input[name='gender'][value='M']").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("In quale regione avrà sede l'attività?").await;

    // The browser's back button and our back link agree.
    browser.client.back().await.unwrap();
    browser.wait_for_h1("Qual è il tuo genere?").await;
    assert_eq!(browser.js("return document.querySelector(\"input[value='M']\").checked").await, true);
    browser.click(".mw-back-link").await;
    browser.wait_for_h1("Quanti anni hai?").await;
    assert_eq!(browser.js("return document.getElementById('age').value").await, "31");
    browser.client.forward().await.unwrap();
    browser.wait_for_h1("Qual è il tuo genere?").await;

    // A reload loses nothing; coming back offers to resume where the person stopped.
    browser.client.refresh().await.unwrap();
    browser.wait_for_h1("Qual è il tuo genere?").await;
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Riprendi l'autovalutazione").await;
    browser.assert_accessible().await;
    browser.click_link("Riprendi da dove avevi lasciato").await;
    browser.wait_for_h1("In quale regione avrà sede l'attività?").await;
    // "Ricomincia" starts from nothing.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.click_link("Ricomincia da capo").await;
    browser.wait_for_h1("Quanti anni hai?").await;
    assert_eq!(browser.js("return document.getElementById('age').value").await, "");
    browser.close().await;
}

#[tokio::test]
async fn a_change_from_the_summary_returns_to_the_summary() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    start_self_check(&server, &browser).await;
    browser.answer_self_check(&employee_with_family_expenses_in_lombardia()).await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    browser.click("a[href='/autovalutazione/amount?da=riepilogo']").await;
    browser.wait_for_h1("Di quanti soldi hai bisogno, in euro?").await;
    browser.fill("#amount", "12000").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    let text = browser.wait_for(".mw-summary-list").await.text().await.unwrap();
    assert!(text.contains("12.000"), "{text}");
    browser.click_link("Vedi i risultati").await;
    let outcomes = browser.outcomes().await;
    // Over €10,000 the social microcredit no longer fits, and the page says why.
    assert_eq!(status_of(&outcomes, "microcredito_sociale"), "not_eligible");
    // Its card is in the folded "not for now" group: its text is there for who opens it.
    let card = browser.js("return document.getElementById('misura-microcredito_sociale').textContent").await;
    assert!(card.as_str().unwrap().contains("12.000"), "{card}");
    browser.close().await;
}

/// "Check your answers" with nothing answered (a bookmark, a fresh phone): no list of unanswered questions, but
/// what the results page says in the same case, and the way to the first question.
#[tokio::test]
async fn check_your_answers_with_nothing_answered_offers_the_start() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/autovalutazione/riepilogo")).await;
    browser.wait_until("the app to take the page over", "document.getElementById('boot') === null").await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    let notice = browser.wait_for(".mw-panel--notice").await.text().await.unwrap();
    assert_eq!(notice, "Non hai ancora risposto alle domande.");
    assert_eq!(browser.js("return document.querySelectorAll('.mw-summary-list').length").await, 0);
    browser.assert_accessible().await;
    browser.click_link("Inizia l'autovalutazione").await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.close().await;
}

#[tokio::test]
async fn the_share_link_shows_the_same_results_in_a_fresh_browser() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    start_self_check(&server, &browser).await;
    browser.answer_self_check(&womens_srl_growing_in_lazio()).await;
    browser.click_link("Vedi i risultati").await;
    let mine = browser.outcomes().await;
    let link = browser.js("return document.getElementById('share-link').value").await.as_str().unwrap().to_string();
    assert!(link.contains("/risultati#r="), "{link}");
    browser.close().await;

    let other = Browser::new().await;
    other.goto(&link).await;
    // Someone else's answers: not "your results" (issue 13.8).
    other.wait_for_h1("Risultati da un link condiviso").await;
    assert_eq!(other.outcomes().await, mine);
    other.wait_for(".mw-panel--notice").await;
    other.assert_accessible().await;
    other.close().await;
}

#[tokio::test]
async fn the_whole_self_check_in_english() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/autovalutazione?lang=en")).await;
    browser.wait_for_h1("How old are you?").await;
    assert_eq!(browser.js("return document.documentElement.lang").await, "en");
    browser.assert_accessible().await;
    browser.answer_self_check(&employee_with_family_expenses_in_lombardia()).await;
    browser.wait_for_h1("Check your answers").await;
    browser.assert_accessible().await;
    browser.click_link("See the results").await;
    browser.wait_for_h1("Your results").await;
    assert_eq!(status_of(&browser.outcomes().await, "microcredito_sociale"), "eligible");
    let card = browser.wait_for("#misura-microcredito_sociale").await.text().await.unwrap();
    assert!(card.contains("Social microcredit") || card.contains("social"), "{card}");
    browser.assert_accessible().await;
    browser.close().await;
}

/// The language switch mid-way: the question on screen, then the results, in the language chosen. The data files
/// ship one copy per language (crates/build's languages.rs): the switch downloads the other copy.
#[tokio::test]
async fn switching_language_midway_turns_the_question_and_the_results_into_it() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/autovalutazione?lang=it")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.click("details.mw-lang > summary").await;
    browser.click(".mw-lang__option[lang='en']").await;
    browser.wait_for_h1("How old are you?").await;
    browser.answer_self_check(&employee_with_family_expenses_in_lombardia()).await;
    browser.wait_for_h1("Check your answers").await;
    browser.click_link("See the results").await;
    browser.wait_for_h1("Your results").await;
    browser.wait_until("the card in English", "document.querySelector('#misura-microcredito_sociale')?.textContent.includes('Social microcredit')").await;
    browser.click("details.mw-lang > summary").await;
    browser.click(".mw-lang__option[lang='it']").await;
    browser.wait_for_h1("I tuoi risultati").await;
    browser.wait_until("the card in Italian", "document.querySelector('#misura-microcredito_sociale')?.textContent.includes('Microcredito sociale')").await;
    assert_eq!(status_of(&browser.outcomes().await, "microcredito_sociale"), "eligible");
    let files = browser.js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.includes('/data/instruments.'));").await;
    assert_eq!(files, json!(["/data/instruments.en.json", "/data/instruments.it.json"]), "each copy once");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// "Domanda n di total" on the current page.
async fn progress(browser: &Browser) -> (u64, u64) {
    let text = browser.wait_for(".mw-progress-text").await.text().await.unwrap();
    let numbers: Vec<u64> = text.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    assert_eq!(numbers.len(), 2, "{text}");
    (numbers[0], numbers[1])
}

async fn option_values(browser: &Browser, id: &str) -> Vec<String> {
    let v = browser.js(&format!("return [...document.querySelectorAll(\"input[name='{id}']\")].map(i => i.value)")).await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn on_a_phone_the_counter_only_settles_and_options_fit_the_earlier_answers() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    start_self_check(&server, &browser).await;
    record_console_errors(&browser).await;
    let persona = young_unemployed_in_campania();
    let mut last_total = u64::MAX;
    let mut asked = 0;
    loop {
        let path = browser.wait_for_path("a question page", |p| p.starts_with("/autovalutazione/")).await;
        let id = path.trim_start_matches("/autovalutazione/").to_string();
        if id == "riepilogo" {
            break;
        }
        browser.wait_for("form.mw-form button[type=submit]").await;
        let (n, total) = progress(&browser).await;
        asked += 1;
        assert_eq!(n, asked, "{id}");
        // The total is a path someone can walk (not the 23 questions of every branch), and it only settles.
        assert!(total <= last_total, "{id}: {last_total} → {total}");
        if last_total == u64::MAX {
            assert_eq!(total, 20, "the longest path");
        }
        last_total = total;
        match id.as_str() {
            "status" => {
                let hint = browser.wait_for("#status-0-hint, .mw-radios__hint").await.text().await.unwrap();
                assert!(hint.contains("DID") && hint.contains("Non lavoro"), "what the DID is and what to pick without it: {hint}");
            }
            "stage" => assert_eq!(option_values(&browser, "stage").await, ["idea", "appena_aperta", "lt12m"], "a new business"),
            "sector" => {
                assert!(option_values(&browser, "sector").await.contains(&"non_so".to_string()));
                let hints = browser.js("return document.querySelectorAll('.mw-radios__hint').length").await.as_u64().unwrap();
                assert!(hints >= 9, "an example for every sector and for 'non so': {hints}");
            }
            _ => {}
        }
        let answer = persona.get(&id).unwrap_or_else(|| panic!("unexpected question {id}"));
        match answer {
            Value::Number(v) => browser.fill(&format!("#{id}"), &v.to_string()).await,
            Value::String(v) => browser.click(&format!("input[name='{id}'][value='{v}']")).await,
            other => panic!("{other}"),
        }
        browser.click("form.mw-form button[type=submit]").await;
        let before = path.clone();
        browser.wait_for_path("the next page", move |p| p != before).await;
    }
    assert_eq!(last_total, asked, "the last total is the number of questions asked");
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;
    browser.close().await;
}

#[tokio::test]
async fn answers_that_do_not_add_up_are_flagged_before_the_results() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    // 40 years old, yet "all the partners are 18 to 35".
    let mut persona = womens_srl_growing_in_lazio();
    persona["young_share"] = json!("all");
    browser.goto(&server.url("/informazioni")).await;
    browser.wait_for("main h1").await;
    browser.js(&format!("localStorage.setItem('mw.answers.v1', JSON.stringify({persona})); return true;")).await;
    browser.goto(&server.url("/autovalutazione/riepilogo")).await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    record_console_errors(&browser).await;
    let panel = browser.wait_for(".mw-contradictions").await.text().await.unwrap();
    assert!(panel.contains("Alcune risposte non tornano") && panel.contains("18 e 35"), "{panel}");
    // The page has a back link, to the last question asked.
    let back = browser.js("return document.querySelector('.mw-back-link').getAttribute('href')").await;
    assert_eq!(back, "/autovalutazione/start_date");
    browser.assert_accessible().await;
    // Each answer involved can be changed from here, and the page comes back without the warning.
    browser.click(".mw-contradictions a[href='/autovalutazione/age?da=riepilogo']").await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.fill("#age", "30").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    assert_eq!(browser.js("return document.querySelector('.mw-contradictions') === null").await, true);
    browser.click(".mw-back-link").await;
    browser.wait_for_h1("In che data hai aperto la partita IVA o iscritto l'impresa?").await;
    assert_no_console_errors(&browser).await;
    browser.close().await;
}
