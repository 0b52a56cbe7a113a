//! Comune search (ARIA 1.2 combobox with a list box): by name, accent-insensitive and bilingual, or by CAP.
//! The matching is `microwork_core::geo`; this only shows it and handles keys, mouse and screen readers.

use crate::components::error_message::ErrorMessage;
use crate::components::field::FieldState;
use crate::data::use_data;
use crate::i18n::{I18n, k, use_i18n};
use leptos::prelude::*;
use microwork_core::geo::Gazetteer;

/// A comune the person picked.
#[derive(Debug, Clone, PartialEq)]
pub struct PickedComune {
    pub istat: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Suggestion {
    istat: String,
    label: String,
    detail: String,
}

const MAX_SUGGESTIONS: usize = 8;

/// Suggestions for what was typed, and a note when a CAP was not found and a nearby one is used.
fn suggest(gaz: &Gazetteer, text: &str, i18n: I18n) -> (Vec<Suggestion>, Option<String>) {
    let text = text.trim();
    let to_suggestion = |p: &microwork_core::geo::Place| Suggestion {
        istat: p.comune.istat.clone(),
        label: p.label(),
        detail: p.region.name.clone(),
    };
    if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) {
        return match gaz.lookup_cap(text) {
            Ok(m) => {
                let note = m.fallback.then(|| i18n.msg(k::sportelli::CapFallback { requested: &m.requested, used: &m.cap }));
                (m.places.iter().map(to_suggestion).collect(), note)
            }
            Err(_) => (Vec::new(), Some(i18n.msg(k::sportelli::cap_unknown(&text)))),
        };
    }
    if text.chars().count() < 2 {
        return (Vec::new(), None);
    }
    let found: Vec<_> = gaz.search(text, MAX_SUGGESTIONS).iter().map(|m| to_suggestion(&m.place)).collect();
    // Said on screen, not only to screen readers: nothing happens on Enter, and the person must know why.
    let note = found.is_empty().then(|| i18n.msg(k::sportelli::no_comune(&text)));
    (found, note)
}

#[component]
pub fn PlaceSearch(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] hint: Signal<String>,
    /// What the field shows for the comune already chosen (it follows back/forward and late data).
    #[prop(into, optional)]
    initial: Option<Signal<Option<String>>>,
    #[prop(into)] error: Signal<Option<String>>,
    /// A comune was picked; `None` when the text was changed after a pick (the earlier pick no longer holds).
    on_pick: Callback<Option<PickedComune>>,
    /// Set to what was typed while it matches no comune (nor CAP), for the page to say what its list still shows.
    #[prop(optional)]
    unmatched: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let state = FieldState::new(id, true, error);
    let text = RwSignal::new(String::new());
    // The label of the comune picked (or given): the field showing it is a match, whatever a search of it says.
    let chosen = RwSignal::new(None::<String>);
    if let Some(initial) = initial {
        Effect::new(move |_| {
            if let Some(label) = initial.get()
                && text.get_untracked() != label
            {
                chosen.set(Some(label.clone()));
                text.set(label);
            }
        });
    }
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // The comuni download starts when the person comes to the field, not with the page (79 KB compressed).
    let wanted = RwSignal::new(false);
    let comuni = move || if wanted.get() { data.comuni() } else { data.peek_comuni() };
    let listbox_id = format!("{id}-listbox");
    let results = Memo::new(move |_| {
        let t = text.get();
        if chosen.with(|c| c.as_deref() == Some(t.as_str())) {
            return (Vec::new(), None);
        }
        match comuni() {
            Some(Ok(gaz)) => suggest(&gaz, &t, i18n),
            _ => (Vec::new(), None),
        }
    });
    if let Some(unmatched) = unmatched {
        Effect::new(move |_| {
            let typed = text.with(|t| t.trim().to_string());
            let none = comuni().is_some_and(|g| g.is_ok())
                && typed.chars().count() >= 2
                && chosen.with(|c| c.as_deref() != Some(typed.as_str()))
                && results.with(|(l, _)| l.is_empty());
            let now = none.then_some(typed);
            if unmatched.with_untracked(|u| *u != now) {
                unmatched.set(now);
            }
        });
    }
    let loading = move || comuni().is_none();
    let load_failed = move || matches!(comuni(), Some(Err(_)));

    let pick = move |s: Suggestion| {
        chosen.set(Some(s.label.clone()));
        text.set(s.label.clone());
        open.set(false);
        active.set(None);
        on_pick.run(Some(PickedComune { istat: s.istat, label: s.label }));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with(|(list, _)| list.len());
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                // Enter picks the highlighted suggestion, or the first one: typing "Latina" + Enter just works.
                let choice = results.with(|(list, _)| list.get(active.get().unwrap_or(0)).cloned());
                if let Some(s) = choice {
                    ev.prevent_default();
                    pick(s);
                }
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = move |i: usize| format!("{id}-option-{i}");
    let listbox_for_attr = listbox_id.clone();

    view! {
        <div class="mw-form-group mw-combobox" class:mw-form-group--error=move || state.has_error()>
            <label class="mw-label" for=id>{label}</label>
            <p class="mw-hint" id=format!("{id}-hint")>{hint}</p>
            <ErrorMessage id error />
            <input
                class="mw-input"
                id=id
                name=id
                type="text"
                role="combobox"
                autocomplete="off"
                autocapitalize="words"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=listbox_for_attr
                aria-expanded=move || (open.get() && results.with(|(l, _)| !l.is_empty())).to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(option_id)
                aria-describedby=state.described_by
                aria-invalid=move || state.invalid()
                prop:value=move || text.get()
                on:input=move |ev| {
                    wanted.set(true);
                    text.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                    on_pick.run(None);
                }
                on:focus=move |_| {
                    wanted.set(true);
                    open.set(true);
                }
                on:blur=move |_| open.set(false)
                on:keydown=on_keydown
            />
            <ul
                class="mw-combobox__list"
                id=listbox_id
                role="listbox"
                aria-label=move || label.get()
                hidden=move || !(open.get() && results.with(|(l, _)| !l.is_empty()))
            >
                {move || {
                    results
                        .get()
                        .0
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let chosen = s.clone();
                            view! {
                                <li
                                    class="mw-combobox__option"
                                    class:mw-combobox__option--active=move || active.get() == Some(i)
                                    id=option_id(i)
                                    role="option"
                                    aria-selected=move || (active.get() == Some(i)).to_string()
                                    // mousedown, not click: it comes before the input's blur closes the list.
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        pick(chosen.clone());
                                    }
                                >
                                    {s.label}
                                    <span class="mw-combobox__detail">{s.detail}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="mw-hint" aria-live="polite">
                {move || results.get().1}
            </p>
            <p class="mw-visually-hidden" role="status">
                {move || {
                    let n = results.with(|(l, _)| l.len());
                    if loading() && text.with(|t| t.len() >= 2) {
                        i18n.text(k::sportelli::COMUNI_LOADING)
                    } else if load_failed() {
                        i18n.text(k::sportelli::COMUNI_FAILED)
                    } else if !open.get() || text.with(|t| t.trim().len() < 2) {
                        String::new()
                    } else if n == 0 {
                        // The visible note above says it (and says what to try).
                        String::new()
                    } else {
                        i18n.msg(k::sportelli::n_comuni(n as u64))
                    }
                }}
            </p>
        </div>
    }
}
