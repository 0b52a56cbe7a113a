//! "/integra": for partner sites — choose the options, see the app embedded live, copy the snippet.

use crate::components::lang::locale_of;
use crate::components::page::use_title;
use crate::i18n::*;
use crate::components::heading::PageHeading;
use leptos::prelude::*;
use microwork_core::embed::{Accent, Rgb};
use microwork_core::lang::Lang;

fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Only what the embed options accept, so the snippet never carries markup.
fn clean_partner(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).take(40).collect()
}

#[component]
pub fn IntegratePage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || t_string!(i18n, titles.integrate).to_string());

    let partner = RwSignal::new("mio-comune".to_string());
    let lang = RwSignal::new(Lang::It);
    let accent_text = RwSignal::new("#0b4f6c".to_string());
    let region = RwSignal::new(String::new());
    let page = RwSignal::new("/".to_string());
    let copied = RwSignal::new(None::<bool>);

    let accent = Memo::new(move |_| Rgb::parse(&accent_text.get()).map(Accent::accessible));
    let query = move || {
        let mut q = format!("embed=1&partner={}&lang={}", clean_partner(&partner.get()), lang.get().code());
        if let Some(a) = accent.get() {
            q.push_str(&format!("&accent=%23{}", &a.requested.to_hex()[1..]));
        }
        let r = region.get();
        if !r.is_empty() {
            q.push_str(&format!("&region={r}"));
        }
        q
    };
    let script_snippet = move || {
        let mut attrs = format!(" data-partner=\"{}\" data-lang=\"{}\"", clean_partner(&partner.get()), lang.get().code());
        if let Some(a) = accent.get() {
            attrs.push_str(&format!(" data-accent=\"{}\"", a.requested.to_hex()));
        }
        if !region.get().is_empty() {
            attrs.push_str(&format!(" data-region=\"{}\"", region.get()));
        }
        if page.get() != "/" {
            attrs.push_str(&format!(" data-page=\"{}\"", page.get()));
        }
        format!("<script src=\"{}/embed.js\"{attrs} async></script>", origin())
    };
    let iframe_snippet = move || {
        format!(
            "<iframe src=\"{}{}?{}\" title=\"Micro Work\" style=\"width:100%;height:900px;border:0\" allow=\"geolocation\"></iframe>",
            origin(),
            page.get(),
            query()
        )
    };
    let preview_src = move || format!("{}?{}&origin={}", page.get(), query(), origin());

    let regions = LocalResource::new(crate::api::load_regions);

    view! {
        <div class="mw-page mw-page--wide">
            <PageHeading>{t!(i18n, integrate.heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, integrate.lead)}</p>
            <h2>{t!(i18n, integrate.how_title)}</h2>
            <ol class="mw-list">
                <li>{t!(i18n, integrate.how_1)}</li>
                <li>{t!(i18n, integrate.how_2)}</li>
                <li>{t!(i18n, integrate.how_3)}</li>
            </ol>
            <h2>{t!(i18n, integrate.options_title)}</h2>
            <div class="mw-form-group">
                <label class="mw-label" for="partner">{t!(i18n, integrate.partner)}</label>
                <p class="mw-hint" id="partner-hint">{t!(i18n, integrate.partner_hint)}</p>
                <input class="mw-input" id="partner" type="text" autocomplete="off" aria-describedby="partner-hint"
                    prop:value=move || partner.get()
                    on:change=move |ev| partner.set(clean_partner(&event_target_value(&ev))) />
            </div>
            <div class="mw-form-group">
                <label class="mw-label" for="lang">{t!(i18n, integrate.lang)}</label>
                <select class="mw-select" id="lang" on:change=move |ev| lang.set(Lang::from_code(&event_target_value(&ev)).unwrap_or_default())>
                    {Lang::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=move || lang.get() == l>{td_string!(locale_of(l), site.lang_name)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="mw-form-group" class:mw-form-group--error=move || accent.get().is_none()>
                <label class="mw-label" for="accent">{t!(i18n, integrate.accent)}</label>
                <p class="mw-hint" id="accent-hint">{t!(i18n, integrate.accent_hint)}</p>
                <Show when=move || accent.get().is_none()>
                    <p class="mw-error-message" id="accent-error">{t!(i18n, integrate.accent_invalid)}</p>
                </Show>
                <input class="mw-input mw-input--short" id="accent" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby=move || if accent.get().is_none() { "accent-hint accent-error" } else { "accent-hint accent-note" }
                    prop:value=move || accent_text.get()
                    on:change=move |ev| accent_text.set(event_target_value(&ev).trim().to_string()) />
                <p class="mw-hint" id="accent-note" aria-live="polite">
                    {move || accent.get().filter(Accent::was_adjusted).map(|a| t_string!(i18n, integrate.accent_adjusted,
                        requested = a.requested.to_hex(), used = a.used.to_hex()).to_string())}
                </p>
            </div>
            <div class="mw-form-group">
                <label class="mw-label" for="region">{t!(i18n, integrate.region)}</label>
                <select class="mw-select" id="region" on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, integrate.region_none)}</option>
                    {move || regions.get().and_then(Result::ok).map(|list| list.into_iter().map(|r| view! {
                        <option value=r.code.clone()>{r.name}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="mw-form-group">
                <label class="mw-label" for="page">{t!(i18n, integrate.page)}</label>
                <select class="mw-select" id="page" on:change=move |ev| page.set(event_target_value(&ev))>
                    <option value="/">{t!(i18n, integrate.page_start)}</option>
                    <option value="/sportelli">{t!(i18n, integrate.page_sportelli)}</option>
                </select>
            </div>

            <h2>{t!(i18n, integrate.snippet_title)}</h2>
            <p class="mw-hint">{t!(i18n, integrate.snippet_hint)}</p>
            <pre class="mw-code" id="snippet"><code>{script_snippet}</code></pre>
            <button type="button" class="mw-button mw-button--secondary" on:click=move |_| crate::dom::copy_to_clipboard(script_snippet(), copied)>
                {t!(i18n, integrate.copy)}
            </button>
            <p class="mw-hint" role="status">
                {move || copied.get().map(|ok| if ok { t_string!(i18n, integrate.copied) } else { t_string!(i18n, integrate.copy_failed) })}
            </p>
            <h3>{t!(i18n, integrate.iframe_title)}</h3>
            <p class="mw-hint">{t!(i18n, integrate.iframe_hint)}</p>
            <pre class="mw-code"><code>{iframe_snippet}</code></pre>
            <button type="button" class="mw-button mw-button--secondary" on:click=move |_| crate::dom::copy_to_clipboard(iframe_snippet(), copied)>
                {t!(i18n, integrate.copy_iframe)}
            </button>

            <h2>{t!(i18n, integrate.preview_title)}</h2>
            <iframe class="mw-preview" src=preview_src title=move || t_string!(i18n, integrate.preview_frame).to_string()></iframe>
        </div>
    }
}
