//! The locator's map: a thin Rust side over `public/map.js` (our glue over Leaflet). Leaflet is fetched only
//! when this component first mounts, so the rest of the app never pays for it. The list stays the primary view.

use crate::context::use_app;
use crate::i18n::{k, t};
use crate::routes::asset;
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A desk as the map shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDesk {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.apply(target, &args.iter().cloned().collect::<Array>())
}

/// Loads map.js (once), then Leaflet through it.
async fn library() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let existing = Reflect::get(&window, &"MicroworkMap".into())?;
    if existing.is_undefined() {
        let document = window.document().ok_or("no document")?;
        let loaded = Promise::new(&mut |resolve, reject| {
            if let Ok(script) = document.create_element("script") {
                let _ = script.set_attribute("src", &asset("map.js"));
                let _ = Reflect::set(&script, &"onload".into(), &resolve);
                let _ = Reflect::set(&script, &"onerror".into(), &reject);
                if let Some(head) = document.head() {
                    let _ = head.append_child(&script);
                }
            }
        });
        wasm_bindgen_futures::JsFuture::from(loaded).await?;
    }
    let lib = Reflect::get(&window, &"MicroworkMap".into())?;
    wasm_bindgen_futures::JsFuture::from(call(&lib, "load", &[])?.dyn_into::<Promise>()?).await?;
    Ok(lib)
}

#[component]
pub fn DeskMap(
    #[prop(into)] desks: Signal<Vec<MapDesk>>,
    /// The search point: (lat, lon, label).
    #[prop(into)]
    origin: Signal<Option<(f64, f64, String)>>,
    selected: RwSignal<Option<String>>,
    #[prop(into)] visible: Signal<bool>,
) -> impl IntoView {
    let config = use_app().config;
    let i18n = crate::i18n::use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    let handle = StoredValue::new_local(None::<JsValue>);
    let failed = RwSignal::new(false);
    let ready = RwSignal::new(false);

    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if handle.with_value(Option::is_some) {
            return;
        }
        let config = config.clone();
        let attribution = i18n.text(k::sportelli::MAP_BOUNDARIES_ATTRIBUTION);
        let target = el.clone();
        leptos::task::spawn_local(async move {
            let el = target;
            let created = async {
                let lib = library().await?;
                let options = Object::new();
                Reflect::set(&options, &"boundaries".into(), &asset("data/regioni.geojson").into())?;
                Reflect::set(&options, &"boundariesAttribution".into(), &attribution.into())?;
                if let Some(tiles) = &config.tile_server {
                    let t = Object::new();
                    Reflect::set(&t, &"url".into(), &tiles.url.as_str().into())?;
                    Reflect::set(&t, &"attribution".into(), &tiles.attribution.as_str().into())?;
                    Reflect::set(&options, &"tiles".into(), &t)?;
                }
                let el: &web_sys::HtmlElement = &el;
                call(&lib, "create", &[el.clone().into(), options.into()])
            };
            match created.await {
                Ok(map) => {
                    handle.set_value(Some(map));
                    ready.set(true);
                }
                Err(_) => failed.set(true),
            }
        });
        // A marker chosen on the map selects the same desk in the list.
        let on_select = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |ev: web_sys::CustomEvent| {
            if let Some(id) = ev.detail().as_string() {
                selected.set(Some(id));
            }
        });
        let _ = el.add_event_listener_with_callback("mw-select", on_select.as_ref().unchecked_ref());
        on_select.forget();
    });

    Effect::new(move |_| {
        let list = desks.get();
        if !ready.get() {
            return;
        }
        let array: Array = list
            .iter()
            .map(|d| {
                let o = Object::new();
                let _ = Reflect::set(&o, &"id".into(), &d.id.as_str().into());
                let _ = Reflect::set(&o, &"name".into(), &d.name.as_str().into());
                let _ = Reflect::set(&o, &"lat".into(), &d.lat.into());
                let _ = Reflect::set(&o, &"lon".into(), &d.lon.into());
                JsValue::from(o)
            })
            .collect();
        handle.with_value(|h| {
            if let Some(h) = h {
                match origin.get_untracked() {
                    Some((lat, lon, label)) => {
                        let _ = call(h, "setOrigin", &[lat.into(), lon.into(), label.into()]);
                    }
                    None => {
                        let _ = call(h, "setOrigin", &[JsValue::NULL]);
                    }
                }
                let _ = call(h, "setDesks", &[array.into()]);
            }
        });
    });

    Effect::new(move |_| {
        let id = selected.get();
        if !ready.get() {
            return;
        }
        if let Some(id) = id {
            handle.with_value(|h| {
                if let Some(h) = h {
                    let _ = call(h, "select", &[id.into()]);
                }
            });
        }
    });

    Effect::new(move |_| {
        if visible.get() && ready.get() {
            handle.with_value(|h| {
                if let Some(h) = h {
                    let _ = call(h, "refresh", &[]);
                }
            });
        }
    });

    on_cleanup(move || {
        handle.with_value(|h| {
            if let Some(h) = h {
                let _ = call(h, "destroy", &[]);
            }
        });
    });

    view! {
        <div class="mw-map-wrap">
            <Show when=move || failed.get()>
                <p class="mw-hint">{t(k::sportelli::MAP_FAILED)}</p>
            </Show>
            <div class="mw-map" node_ref=node role="region" aria-label=t(k::sportelli::MAP_LABEL)></div>
        </div>
    }
}
