//! Browser-only behaviour of the app, run in headless Chromium by wasm-bindgen-test:
//! `cargo test --target wasm32-unknown-unknown --lib --features rtl-test-locale`. Each GOV.UK component is
//! mounted on its own and checked for the markup and behaviour a person (and a screen reader) relies on; the
//! whole shell is mounted once in a right-to-left language.

use crate::components::back_link::BackLink;
use crate::components::button::{Button, Look};
use crate::components::character_count::CharacterCount;
use crate::components::checkboxes::{Checkbox, Checkboxes};
use crate::components::date_input::DateInput;
use crate::components::details::Details;
use crate::components::error_message::ErrorMessage;
use crate::components::error_summary::{ErrorSummary, FormProblem};
use crate::components::radios::{Choice, Radios};
use crate::components::select::Select;
use crate::components::text_input::TextInput;
use crate::i18n::{I18n, Texts};
use leptos::prelude::*;
use microwork_core::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn italian() -> Texts {
    Texts::parse(include_str!("../locales/it.json"), Lang::It, Lang::It.info()).unwrap()
}

/// Mounts `view` (with the Italian texts) in its own element, which it returns with the mount handle.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> (web_sys::HtmlElement, impl Drop) {
    crate::executor::install();
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        I18n::provide(italian());
        view()
    });
    (host, handle)
}

fn find(host: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    host.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
}

fn attr(host: &web_sys::HtmlElement, selector: &str, name: &str) -> Option<String> {
    find(host, selector).get_attribute(name)
}

fn input(el: &web_sys::HtmlElement, value: &str) {
    el.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value);
    el.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn an_error_message_says_it_is_an_error_to_screen_readers() {
    let error = RwSignal::new(None::<String>);
    let (host, _m) = mount(move || view! { <ErrorMessage id="name" error /> });
    assert!(host.query_selector("#name-error").unwrap().is_none(), "no message without an error");
    error.set(Some("Inserisci il tuo nome".into()));
    sleep(10).await;
    assert_eq!(find(&host, "#name-error").text_content().unwrap(), "Errore: Inserisci il tuo nome");
    assert_eq!(find(&host, "#name-error .mw-visually-hidden").text_content().unwrap(), "Errore: ");
}

#[wasm_bindgen_test]
async fn an_error_summary_takes_focus_and_its_links_focus_the_field() {
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let (host, _m) = mount(move || {
        view! {
            <ErrorSummary problems />
            <input id="phone" />
        }
    });
    assert!(host.query_selector(".mw-error-summary").unwrap().is_none());
    problems.set(vec![
        FormProblem { field: Some("phone".into()), message: "Numero non valido".into() },
        FormProblem { field: None, message: "Il servizio non ha accettato la richiesta".into() },
    ]);
    sleep(20).await;
    assert_eq!(document().active_element().unwrap().class_name(), "mw-error-summary");
    assert_eq!(find(&host, "#error-summary-title").text_content().unwrap(), "C'è un problema");
    assert_eq!(attr(&host, ".mw-error-summary [role=alert]", "role").as_deref(), Some("alert"));
    find(&host, "a[href='#phone']").click();
    assert_eq!(document().active_element().unwrap().id(), "phone");
    assert_eq!(host.query_selector_all(".mw-error-summary li").unwrap().length(), 2);
}

#[wasm_bindgen_test]
async fn a_text_input_ties_its_hint_and_error_to_the_box() {
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (host, _m) = mount(move || {
        view! { <TextInput id="email" label=Signal::derive(|| "E-mail".to_string()) hint=Signal::derive(|| "Facoltativo".to_string()) value error input_type="email" /> }
    });
    assert_eq!(attr(&host, "label", "for").as_deref(), Some("email"));
    assert_eq!(attr(&host, "#email", "type").as_deref(), Some("email"));
    assert_eq!(attr(&host, "#email", "aria-describedby").as_deref(), Some("email-hint"));
    input(&find(&host, "#email"), "a@b.it");
    assert_eq!(value.get_untracked(), "a@b.it");
    error.set(Some("Non valido".into()));
    sleep(10).await;
    assert_eq!(attr(&host, "#email", "aria-describedby").as_deref(), Some("email-hint email-error"));
    assert_eq!(attr(&host, "#email", "aria-invalid").as_deref(), Some("true"));
    assert!(find(&host, ".mw-form-group").class_list().contains("mw-form-group--error"));
}

#[wasm_bindgen_test]
async fn radios_hold_one_choice_and_name_their_first_radio_for_error_links() {
    let value = RwSignal::new("b".to_string());
    let options = Signal::derive(|| vec![Choice::new("a", "Alfa"), Choice { hint: Some("Seconda".into()), ..Choice::new("b", "Beta") }]);
    let (host, _m) = mount(move || {
        view! { <Radios id="pick" legend=Signal::derive(|| "Quale?".to_string()) options value error=Signal::derive(|| None::<String>) /> }
    });
    assert_eq!(find(&host, "legend").text_content().unwrap(), "Quale?");
    assert!(find(&host, "#pick-1").unchecked_into::<web_sys::HtmlInputElement>().checked());
    assert_eq!(attr(&host, "#pick-1", "aria-describedby").as_deref(), Some("pick-1-hint"));
    sleep(10).await;
    let first = find(&host, "#pick-0");
    first.click();
    assert_eq!(value.get_untracked(), "a");
    assert_eq!(attr(&host, "#pick-0", "name").as_deref(), Some("pick"));
}

#[wasm_bindgen_test]
async fn checkboxes_report_each_tick_and_a_single_checkbox_binds_its_value() {
    let ticked = RwSignal::new(vec!["b".to_string()]);
    let on_toggle = Callback::new(move |(v, on): (String, bool)| ticked.update(|t| if on { t.push(v) } else { t.retain(|x| *x != v) }));
    let consent = RwSignal::new(false);
    let options = Signal::derive(|| vec![Choice::new("a", "Alfa"), Choice::new("b", "Beta")]);
    let (host, _m) = mount(move || {
        view! {
            <Checkboxes id="many" legend=Signal::derive(|| "Quali?".to_string()) options checked=ticked on_toggle />
            <Checkbox id="ok" checked=consent>"Accetto"</Checkbox>
        }
    });
    assert!(find(&host, "#many-1").unchecked_into::<web_sys::HtmlInputElement>().checked());
    find(&host, "#many-0").click();
    assert_eq!(ticked.get_untracked(), ["b", "a"]);
    find(&host, "#many-1").click();
    assert_eq!(ticked.get_untracked(), ["a"]);
    find(&host, "label[for=ok]").click();
    assert!(consent.get_untracked());
}

#[wasm_bindgen_test]
async fn a_select_shows_its_value_and_reports_a_change() {
    let value = RwSignal::new("2".to_string());
    let options = Signal::derive(|| vec![("1".to_string(), "Uno".to_string()), ("2".to_string(), "Due".to_string())]);
    let (host, _m) = mount(move || {
        view! { <Select id="n" label=Signal::derive(|| "Numero".to_string()) options value on_change=Callback::new(move |v| value.set(v)) /> }
    });
    let select: web_sys::HtmlSelectElement = find(&host, "#n").unchecked_into();
    assert_eq!(select.value(), "2");
    select.set_value("1");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    assert_eq!(value.get_untracked(), "1");
}

#[wasm_bindgen_test]
async fn a_date_input_is_three_labelled_boxes() {
    let (day, month, year) = (RwSignal::new("7".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (host, _m) = mount(move || {
        view! { <DateInput id="start" legend=Signal::derive(|| "Quando?".to_string()) day month year error=Signal::derive(|| None::<String>) /> }
    });
    sleep(10).await;
    let labels: Vec<String> =
        (0..3).map(|i| host.query_selector_all("label").unwrap().item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(labels, ["Giorno", "Mese", "Anno"]);
    assert_eq!(find(&host, "#start-day").unchecked_into::<web_sys::HtmlInputElement>().value(), "7");
    input(&find(&host, "#start-year"), "2026");
    assert_eq!(year.get_untracked(), "2026");
    assert_eq!(attr(&host, "fieldset", "role").as_deref(), Some("group"));
}

#[wasm_bindgen_test]
async fn a_character_count_says_what_is_left_and_what_is_too_much() {
    let value = RwSignal::new(String::new());
    let (host, _m) = mount(move || {
        view! { <CharacterCount id="msg" label=Signal::derive(|| "Messaggio".to_string()) value error=Signal::derive(|| None::<String>) max=5 /> }
    });
    let count = || find(&host, "#msg-count").text_content().unwrap();
    assert_eq!(count(), "Ti restano 5 caratteri");
    input(&find(&host, "#msg"), "abcd");
    sleep(10).await;
    assert_eq!(count(), "Ti resta 1 carattere");
    input(&find(&host, "#msg"), "abcdef");
    sleep(10).await;
    assert_eq!(count(), "Hai 1 carattere di troppo");
    assert!(find(&host, "#msg-count").class_list().contains("mw-character-count--over"));
}

#[wasm_bindgen_test]
async fn a_busy_button_is_disabled_for_everyone() {
    let busy = RwSignal::new(false);
    let (host, _m) = mount(move || view! { <Button look=Look::Secondary busy>"Invia"</Button> });
    assert_eq!(attr(&host, "button", "type").as_deref(), Some("submit"));
    assert_eq!(attr(&host, "button", "class").as_deref(), Some("mw-button mw-button--secondary"));
    busy.set(true);
    sleep(10).await;
    assert!(find(&host, "button").has_attribute("disabled"));
    assert_eq!(attr(&host, "button", "aria-disabled").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn details_open_when_asked() {
    let (host, _m) = mount(|| {
        view! {
            <Details summary=Signal::derive(|| "Perché".to_string()) open=true><p>"Dentro"</p></Details>
            <Details summary=Signal::derive(|| "Fonti".to_string())><p>"Altro"</p></Details>
        }
    });
    let all = host.query_selector_all("details").unwrap();
    assert!(all.item(0).unwrap().unchecked_into::<web_sys::Element>().has_attribute("open"));
    assert!(!all.item(1).unwrap().unchecked_into::<web_sys::Element>().has_attribute("open"));
    assert_eq!(find(&host, "summary").text_content().unwrap(), "Perché");
}

#[wasm_bindgen_test]
async fn a_back_link_is_a_plain_link() {
    let (host, _m) = mount(|| view! { <BackLink href="/sportelli".to_string()>"Indietro"</BackLink> });
    let a = find(&host, "a.mw-back-link");
    assert_eq!(a.get_attribute("href").as_deref(), Some("/sportelli"));
    assert_eq!(a.text_content().unwrap(), "Indietro");
}

#[cfg(feature = "rtl-test-locale")]
fn rect(selector: &str) -> web_sys::DomRect {
    document().query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).get_bounding_client_rect()
}

/// Adding a right-to-left language takes a translation file and a row in core's language table: `<html dir>`
/// follows the language and the layout (logical CSS properties) mirrors, with nothing overflowing sideways.
#[cfg(feature = "rtl-test-locale")]
#[wasm_bindgen_test]
async fn a_right_to_left_locale_mirrors_the_layout() {
    use crate::components::layout::Shell;
    use microwork_core::config::AppConfig;
    let doc = document();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../style/main.css")));
    doc.head().unwrap().append_child(&style).unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let config = AppConfig::parse(include_str!("../public/config.json")).unwrap();
    let ar = microwork_core::lang::language("ar").unwrap();
    crate::executor::install();
    let _mounted = leptos::mount::mount_to(host.unchecked_into(), move || {
        I18n::provide(Texts::parse(include_str!(concat!(env!("OUT_DIR"), "/rtl-test-ar.json")), Lang::En, ar).unwrap());
        let config = config.clone();
        view! { <Shell config /> }
    });
    sleep(300).await;

    let root = doc.document_element().unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("ar"));
    // In RTL the site name sits on the right and the language buttons on the left.
    let (brand, lang) = (rect(".mw-header__brand"), rect(".mw-lang"));
    assert!(brand.left() > lang.right(), "brand at {}..{}, language at {}..{}", brand.left(), brand.right(), lang.left(), lang.right());
    let text_start = rect("main h1");
    let main = rect("main .mw-page");
    assert!((main.right() - text_start.right()).abs() < 2.0, "the heading starts from the right edge");
    assert!(root.scroll_width() <= root.client_width(), "no horizontal scrolling in RTL");
}

/// The app's executor gives the browser the main thread back while a lot of work is queued: a browser task
/// queued before the work (a tap, a paint) runs before the work is done, not after all of it.
#[wasm_bindgen_test]
async fn long_work_leaves_room_for_the_browser() {
    use std::cell::RefCell;
    use std::rc::Rc;
    crate::executor::install();
    let log = Rc::new(RefCell::new(Vec::<&str>::new()));
    let channel = web_sys::MessageChannel::new().unwrap();
    let browser_task = {
        let log = log.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || log.borrow_mut().push("browser"))
    };
    channel.port1().set_onmessage(Some(browser_task.as_ref().unchecked_ref()));
    channel.port2().post_message(&wasm_bindgen::JsValue::NULL).unwrap();
    // Forty pieces of 5 ms each: 200 ms in all, several times the executor's slice.
    for _ in 0..40 {
        let log = log.clone();
        leptos::task::spawn_local(async move {
            let start = js_sys::Date::now();
            while js_sys::Date::now() - start < 5.0 {}
            log.borrow_mut().push("work");
        });
    }
    sleep(600).await;
    let log = log.borrow();
    assert_eq!(log.iter().filter(|e| **e == "work").count(), 40, "all the work is done");
    let browser_at = log.iter().position(|e| *e == "browser").expect("the browser's task ran");
    assert!(browser_at < 20, "the browser's task ran after {browser_at} of the 40 pieces: {log:?}");
}

/// The self-check's answers are saved when they change, never written back as the app starts: another tab (or
/// a page before the app ran on it) may have saved answers after this app read the empty store, and they stay.
#[wasm_bindgen_test]
async fn starting_the_app_never_overwrites_answers_saved_meanwhile() {
    const KEY: &str = "mw.answers.v1";
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(KEY).unwrap();
    let saved = r#"{"age":30}"#;
    let writer = storage.clone();
    let (_host, _mounted) = mount(move || {
        crate::selfcheck::SelfCheck::start();
        // Read empty; now someone else saves (the app's effects have not run yet).
        writer.set_item(KEY, saved).unwrap();
    });
    sleep(100).await;
    assert_eq!(storage.get_item(KEY).unwrap().as_deref(), Some(saved), "the answers saved meanwhile were wiped");
    storage.remove_item(KEY).unwrap();
}
