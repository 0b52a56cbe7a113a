//! "/integra": for partner sites — choose the options, see the app embedded live, copy the snippet. What the
//! snippet says is core's `embed::Snippet`.

use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::components::select::Select;
use crate::dom;
use crate::i18n::{k, t, use_i18n};
use crate::routes::{Route, SportelliQuery};
use leptos::prelude::*;
use microwork_core::embed::{Accent, Rgb, Snippet, partner_id};
use microwork_core::lang::Lang;

#[component]
pub fn IntegratePage() -> impl IntoView {
    let i18n = use_i18n();
    use_title_key(k::titles::INTEGRATE);
    let partner = RwSignal::new("mio-comune".to_string());
    let lang = RwSignal::new(Lang::It.code().to_string());
    let accent_text = RwSignal::new("#0b4f6c".to_string());
    let region = RwSignal::new(String::new());
    let sportelli = RwSignal::new(String::new());
    let copied = RwSignal::new(None::<bool>);

    let accent = Memo::new(move |_| Rgb::parse(&accent_text.get()).map(Accent::accessible));
    let (origin, root, locator) = (dom::origin(), Route::Start.href(), Route::Sportelli(SportelliQuery::default()).href());
    // Each snippet from the current choices.
    let snippet = move |f: fn(&Snippet) -> String| {
        let (origin, root, locator) = (origin.clone(), root.clone(), locator.clone());
        move || {
            let (partner, lang, region, page, accent) = (partner.get(), lang.get(), region.get(), sportelli.get(), accent.get());
            f(&Snippet {
                app_origin: &origin,
                root: &root,
                page: (!page.is_empty()).then_some(locator.as_str()),
                partner: &partner,
                lang: Lang::from_code(&lang).unwrap_or_default(),
                accent: accent.as_ref(),
                region: Some(region.as_str()),
            })
        }
    };
    let script = snippet(|s| s.script_tag());
    let iframe = snippet(|s| s.iframe_tag());
    let preview = snippet(|s| s.preview_src());
    let langs = Signal::derive(|| Lang::ALL.map(|l| (l.code().to_string(), l.info().endonym.to_string())).to_vec());
    let regions = LocalResource::new(crate::api::load_regions);
    let region_options = Signal::derive(move || {
        let mut list = vec![(String::new(), i18n.text(k::integrate::REGION_NONE))];
        list.extend(regions.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| (r.code, r.name)));
        list
    });
    let pages = Signal::derive(move || {
        vec![(String::new(), i18n.text(k::integrate::PAGE_START)), ("sportelli".to_string(), i18n.text(k::integrate::PAGE_SPORTELLI))]
    });
    let copy = move |text: String| dom::copy_to_clipboard(text, copied);

    view! {
        <div class="mw-page mw-page--wide">
            <PageHeading>{t(k::integrate::HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::integrate::LEAD)}</p>
            <h2>{t(k::integrate::HOW_TITLE)}</h2>
            <ol class="mw-list">
                <li>{t(k::integrate::HOW_1)}</li>
                <li>{t(k::integrate::HOW_2)}</li>
                <li>{t(k::integrate::HOW_3)}</li>
            </ol>
            <h2>{t(k::integrate::OPTIONS_TITLE)}</h2>
            <div class="mw-form-group">
                <label class="mw-label" for="partner">{t(k::integrate::PARTNER)}</label>
                <p class="mw-hint" id="partner-hint">{t(k::integrate::PARTNER_HINT)}</p>
                <input class="mw-input" id="partner" type="text" autocomplete="off" aria-describedby="partner-hint"
                    prop:value=move || partner.get() on:change=move |ev| partner.set(partner_id(&event_target_value(&ev))) />
            </div>
            <Select id="lang" label=t(k::integrate::LANG) options=langs value=lang on_change=Callback::new(move |v| lang.set(v)) />
            <div class="mw-form-group" class:mw-form-group--error=move || accent.get().is_none()>
                <label class="mw-label" for="accent">{t(k::integrate::ACCENT)}</label>
                <p class="mw-hint" id="accent-hint">{t(k::integrate::ACCENT_HINT)}</p>
                <Show when=move || accent.get().is_none()>
                    <p class="mw-error-message" id="accent-error">{t(k::integrate::ACCENT_INVALID)}</p>
                </Show>
                <input class="mw-input mw-input--short" id="accent" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby=move || if accent.get().is_none() { "accent-hint accent-error" } else { "accent-hint accent-note" }
                    prop:value=move || accent_text.get() on:change=move |ev| accent_text.set(event_target_value(&ev).trim().to_string()) />
                <p class="mw-hint" id="accent-note" aria-live="polite">
                    {move || accent.get().filter(Accent::was_adjusted).map(|a| {
                        i18n.msg(k::integrate::AccentAdjusted { requested: &a.requested.to_hex(), used: &a.used.to_hex() })
                    })}
                </p>
            </div>
            <Select id="region" label=t(k::integrate::REGION) options=region_options value=region on_change=Callback::new(move |v| region.set(v)) />
            <Select id="page" label=t(k::integrate::PAGE) options=pages value=sportelli on_change=Callback::new(move |v| sportelli.set(v)) />
            <h2>{t(k::integrate::SNIPPET_TITLE)}</h2>
            <p class="mw-hint">{t(k::integrate::SNIPPET_HINT)}</p>
            <pre class="mw-code" id="snippet"><code>{script.clone()}</code></pre>
            <button type="button" class="mw-button mw-button--secondary" on:click=move |_| copy(script())>{t(k::integrate::COPY)}</button>
            <p class="mw-hint" role="status">
                {move || copied.get().map(|ok| i18n.text(if ok { k::integrate::COPIED } else { k::integrate::COPY_FAILED }))}
            </p>
            <h3>{t(k::integrate::IFRAME_TITLE)}</h3>
            <p class="mw-hint">{t(k::integrate::IFRAME_HINT)}</p>
            <pre class="mw-code"><code>{iframe.clone()}</code></pre>
            <button type="button" class="mw-button mw-button--secondary" on:click=move |_| copy(iframe())>{t(k::integrate::COPY_IFRAME)}</button>
            <h2>{t(k::integrate::PREVIEW_TITLE)}</h2>
            <iframe class="mw-preview" src=preview title=t(k::integrate::PREVIEW_FRAME)></iframe>
        </div>
    }
}
