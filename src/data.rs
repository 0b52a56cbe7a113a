//! The app's data files, each downloaded once per visit, on first use, and shared by every page that needs it
//! (the start and the privacy pages never pay for the comuni list).

use crate::api::{self, LoadError};
use leptos::prelude::*;
use microwork_core::geo::{DeskIndex, Gazetteer};
use microwork_core::glossary::Glossary;
use microwork_core::guide::{Faq, Guide};
use microwork_core::Lang;
use microwork_core::questionnaire::Questionnaire;
use microwork_core::rules::Rulebook;
use microwork_core::sportelli::MeasureList;
use std::future::Future;
use std::sync::Arc;

pub type Loaded<T> = Option<Result<Arc<T>, LoadError>>;

/// One data file: not asked for yet, loading, loaded or failed.
pub struct Lazy<T: Send + Sync + 'static> {
    state: RwSignal<Loaded<T>>,
    started: StoredValue<bool>,
}

impl<T: Send + Sync + 'static> Clone for Lazy<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Lazy<T> {}

impl<T: Send + Sync + 'static> Lazy<T> {
    fn new() -> Lazy<T> {
        Lazy { state: RwSignal::new(None), started: StoredValue::new(false) }
    }

    /// The current state, starting the download the first time anyone asks (reactive: re-read when it lands).
    /// After a failure the next ask tries again (the person pressed "riprova", or came back online).
    fn get<F>(self, load: impl FnOnce() -> F) -> Loaded<T>
    where
        F: Future<Output = Result<T, LoadError>> + 'static,
    {
        if !self.started.get_value() {
            self.started.set_value(true);
            let future = load();
            let (state, started) = (self.state, self.started);
            leptos::task::spawn_local(async move {
                let result = future.await.map(Arc::new);
                if result.is_err() {
                    started.set_value(false);
                }
                state.set(Some(result));
            });
        }
        self.state.get()
    }

    /// The state without starting a download.
    fn peek(self) -> Loaded<T> {
        self.state.get()
    }

    /// Downloads the file again at the next ask, keeping what is loaded until the new copy arrives (the
    /// questionnaire after a change of language).
    fn restart(self) {
        self.started.set_value(false);
    }

    /// Forgets a failure so that the pages asking for this file download it again.
    fn retry(self) {
        if matches!(self.state.get_untracked(), Some(Err(_))) {
            self.state.set(None);
        }
    }
}

/// All data files, provided once by the shell.
#[derive(Clone, Copy)]
pub struct Data {
    /// The questionnaire alone, for the self-check's pages: they need neither the instruments (32 KB compressed)
    /// nor the rules compiled from both.
    questionnaire: Lazy<Questionnaire>,
    questionnaire_lang: StoredValue<Option<Lang>>,
    rules: Lazy<Rulebook>,
    /// The language the rules were loaded in (`None`: not yet asked for).
    rules_lang: StoredValue<Option<Lang>>,
    /// The measures' names and dates alone (a desk's page, the locator's filter): not the whole rulebook.
    measures: Lazy<MeasureList>,
    measures_lang: StoredValue<Option<Lang>>,
    comuni: Lazy<Gazetteer>,
    desks: Lazy<DeskIndex>,
    /// Only the guide's pages and the results page ask for these.
    glossary: Lazy<Glossary>,
    guide: Lazy<(Guide, Faq)>,
    /// The language the glossary and the guide were loaded in (as `rules_lang`).
    glossary_lang: StoredValue<Option<Lang>>,
    guide_lang: StoredValue<Option<Lang>>,
}

impl Data {
    pub fn new() -> Data {
        Data {
            questionnaire: Lazy::new(),
            questionnaire_lang: StoredValue::new(None),
            rules: Lazy::new(),
            rules_lang: StoredValue::new(None),
            measures: Lazy::new(),
            measures_lang: StoredValue::new(None),
            comuni: Lazy::new(),
            desks: Lazy::new(),
            glossary: Lazy::new(),
            guide: Lazy::new(),
            glossary_lang: StoredValue::new(None),
            guide_lang: StoredValue::new(None),
        }
    }

    /// The files, tried again whenever the browser comes back online after a failed download.
    pub fn start() -> Data {
        let data = Data::new();
        if let Some(window) = web_sys::window() {
            let on_online = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || data.retry());
            let _ = window.add_event_listener_with_callback("online", wasm_bindgen::JsCast::unchecked_ref(on_online.as_ref()));
            on_online.forget();
        }
        data
    }

    /// The questions, in the person's language (as [`Data::rules`]).
    pub fn questionnaire(self) -> Loaded<Questionnaire> {
        let lang = in_language(self.questionnaire, self.questionnaire_lang, same);
        self.questionnaire.get(move || api::load_questionnaire(lang))
    }

    /// The questionnaire if some page already loaded it (does not start a download).
    pub fn peek_questionnaire(self) -> Loaded<Questionnaire> {
        self.questionnaire.peek()
    }

    /// The questionnaire and the instruments, checked against each other and compiled for `assess`.
    /// Their texts are in the person's language: after a switch of language the files are downloaded again in
    /// it (the copy of its inline language, with its overlay), and the pages keep the old texts until then.
    pub fn rules(self) -> Loaded<Rulebook> {
        let lang = in_language(self.rules, self.rules_lang, same);
        self.rules.get(move || api::load_rules(lang))
    }

    /// The rules if some page already loaded them (does not start a download).
    pub fn peek_rules(self) -> Loaded<Rulebook> {
        self.rules.peek()
    }

    /// Each measure's name and when it takes applications (`data/measures.json`, a few KB), in the person's
    /// language (as [`Data::rules`]).
    pub fn measures(self) -> Loaded<MeasureList> {
        let lang = in_language(self.measures, self.measures_lang, overlay_only);
        self.measures.get(move || api::load_measures(lang))
    }

    /// The measure list if some page already loaded it (does not start a download).
    pub fn peek_measures(self) -> Loaded<MeasureList> {
        self.measures.peek()
    }

    /// After a failed download: try every failed file again.
    pub fn retry(self) {
        self.questionnaire.retry();
        self.rules.retry();
        self.measures.retry();
        self.comuni.retry();
        self.desks.retry();
        self.glossary.retry();
        self.guide.retry();
    }

    /// In the person's language, as [`Data::rules`].
    pub fn glossary(self) -> Loaded<Glossary> {
        let lang = in_language(self.glossary, self.glossary_lang, same);
        self.glossary.get(move || api::load_glossary(lang))
    }

    /// In the person's language, as [`Data::rules`].
    pub fn guide(self) -> Loaded<(Guide, Faq)> {
        let lang = in_language(self.guide, self.guide_lang, same);
        self.guide.get(move || api::load_guide(lang))
    }

    /// The comuni (79 KB compressed): asked for only when a search needs them, not to show a page.
    pub fn comuni(self) -> Loaded<Gazetteer> {
        self.comuni.get(api::load_comuni)
    }

    /// The comuni if something already asked for them (does not start a download).
    pub fn peek_comuni(self) -> Loaded<Gazetteer> {
        self.comuni.peek()
    }

    pub fn desks(self) -> Loaded<DeskIndex> {
        self.desks.get(api::load_desks)
    }
}

/// The person's language; if the file was loaded in another (its copy in one inline language, with an overlay or
/// none), it is downloaded again in this one at the next ask, the pages keeping the old texts until then.
/// `copy`: which copy of the file a language reads (a file loaded for another copy is downloaded again).
fn in_language<T: Send + Sync + 'static>(file: Lazy<T>, loaded_in: StoredValue<Option<Lang>>, copy: fn(Lang) -> Lang) -> Lang {
    let lang = crate::i18n::current_lang();
    if loaded_in.get_value() != Some(copy(lang)) {
        loaded_in.set_value(Some(copy(lang)));
        file.restart();
    }
    lang
}

/// A file shipped per language (crates/build's `languages.rs`, with the overlay on top): each its own copy.
fn same(lang: Lang) -> Lang {
    lang
}

/// `measures.json` holds Italian and English both: only an overlay language makes another copy.
fn overlay_only(lang: Lang) -> Lang {
    if lang.has_overlay() { lang } else { Lang::It }
}

impl Default for Data {
    fn default() -> Self {
        Data::new()
    }
}

pub fn use_data() -> Data {
    use_context::<Data>().expect("Data is provided by the shell")
}
