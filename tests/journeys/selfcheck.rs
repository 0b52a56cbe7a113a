//! The self-check through the real UI: three people, branching, resuming, the back button, share links,
//! English, and errors. Every kind of page is audited with axe-core.

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
    browser.click_link("Continua da dove eri rimasto").await;
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
    let card = browser.wait_for("#misura-microcredito_sociale").await.text().await.unwrap();
    assert!(card.contains("12.000"), "{card}");
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
    other.wait_for_h1("I tuoi risultati").await;
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
