//! The locator's map: a thin Rust side over `public/map.js` (our glue over Leaflet). Leaflet is fetched only
//! when this component first mounts, so the rest of the app never pays for it. The list stays the primary view.
//!
//! One Leaflet map per container element: if the element is replaced, the old map is destroyed and a new one
//! made on the new element; a map that finishes loading after the page has gone is destroyed at once. Below
//! the two-column width the map is made only once the person asks to see it ([`side_by_side`]).

use crate::context::use_app;
use crate::i18n::{k, t};
use crate::routes::{asset, base};
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A desk as the map shows it (and its popup: name, distance, status, link to its page).
#[derive(Debug, Clone, PartialEq)]
pub struct MapDesk {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub distance: Option<String>,
    pub status: String,
    pub href: String,
}

/// What the map draws: the desks, and whether they answer a search (fit the view to them) or are the overview.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapContent {
    pub desks: Vec<MapDesk>,
    pub focus: bool,
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.apply(target, &args.iter().cloned().collect::<Array>())
}

fn set(o: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(o, &key.into(), &value);
}

thread_local! {
    static SIDE_BY_SIDE: std::cell::OnceCell<ArcRwSignal<bool>> = const { std::cell::OnceCell::new() };
}

/// Whether the locator shows its list and map side by side (`min-width: 60rem` in style/main.css); below that
/// the map is behind "Mostra la mappa". Follows the window (a tablet turned, a window widened): one listener
/// for the page's life.
fn side_by_side() -> ArcRwSignal<bool> {
    SIDE_BY_SIDE.with(|cell| {
        cell.get_or_init(|| {
            let query = web_sys::window().and_then(|w| w.match_media("(min-width: 60rem)").ok().flatten());
            let wide = ArcRwSignal::new(query.as_ref().is_some_and(web_sys::MediaQueryList::matches));
            if let Some(query) = query {
                let (signal, list) = (wide.clone(), query.clone());
                let on_change = Closure::<dyn FnMut()>::new(move || signal.set(list.matches()));
                let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
                on_change.forget();
            }
            wide
        })
        .clone()
    })
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
    wasm_bindgen_futures::JsFuture::from(call(&lib, "load", &[base().into()])?.dyn_into::<Promise>()?).await?;
    Ok(lib)
}

/// The map of one container element.
struct Live {
    element: web_sys::HtmlElement,
    /// `None` while Leaflet loads.
    handle: Option<JsValue>,
    _on_select: Closure<dyn FnMut(web_sys::CustomEvent)>,
}

#[derive(Default)]
struct State {
    live: Option<Live>,
    /// The component is gone: whatever finishes loading now is destroyed.
    disposed: bool,
}

impl State {
    fn handle(&self) -> Option<JsValue> {
        self.live.as_ref().and_then(|l| l.handle.clone())
    }

    fn destroy(&mut self) {
        if let Some(h) = self.live.take().and_then(|l| l.handle) {
            let _ = call(&h, "destroy", &[]);
        }
    }
}

#[component]
pub fn DeskMap(
    #[prop(into)] content: Signal<MapContent>,
    /// The search point: (lat, lon, label).
    #[prop(into)]
    origin: Signal<Option<(f64, f64, String)>>,
    selected: RwSignal<Option<String>>,
    #[prop(into)] visible: Signal<bool>,
) -> impl IntoView {
    let config = use_app().config;
    let i18n = crate::i18n::use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    let state = Rc::new(RefCell::new(State::default()));
    let failed = RwSignal::new(false);
    // Bumped each time a map becomes ready, so the effects below (re)send it what it shows.
    let ready = RwSignal::new(0u32);

    let side_by_side = side_by_side();
    Effect::new({
        let state = state.clone();
        move |_| {
            let Some(el) = node.get() else { return };
            // On a phone the map waits until it is asked for: a person who only wants the list never downloads
            // Leaflet and the region shapes, nor pays for setting up a map nobody sees.
            if !(side_by_side.get() || visible.get()) {
                return;
            }
            let el: web_sys::HtmlElement = el.into();
            {
                let mut s = state.borrow_mut();
                if s.live.as_ref().is_some_and(|l| l.element == el) {
                    return;
                }
                // A new container (the old one was replaced): its map goes with it.
                s.destroy();
                // A marker chosen on the map selects the same desk in the list.
                let on_select = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |ev: web_sys::CustomEvent| {
                    if let Some(id) = ev.detail().as_string() {
                        selected.set(Some(id));
                    }
                });
                let _ = el.add_event_listener_with_callback("mw-select", on_select.as_ref().unchecked_ref());
                s.live = Some(Live { element: el.clone(), handle: None, _on_select: on_select });
            }
            let attribution = untrack(|| i18n.text(k::sportelli::MAP_BOUNDARIES_ATTRIBUTION));
            let config = config.clone();
            let state = state.clone();
            leptos::task::spawn_local(async move {
                let created = async {
                    let lib = library().await?;
                    let options = Object::new();
                    set(&options, "boundaries", asset("data/regioni.geojson").into());
                    // The main towns' names: a small file the build makes (crates/build/src/towns.rs), not the comuni.
                    set(&options, "towns", asset("data/towns.json").into());
                    set(&options, "boundariesAttribution", attribution.into());
                    if let Some(tiles) = &config.tile_server {
                        let t = Object::new();
                        set(&t, "url", tiles.url.as_str().into());
                        set(&t, "attribution", tiles.attribution.as_str().into());
                        set(&options, "tiles", t.into());
                    }
                    call(&lib, "create", &[el.clone().into(), options.into()])
                };
                let result = created.await;
                let mut s = state.borrow_mut();
                let disposed = s.disposed;
                match result {
                    Ok(map) => match s.live.as_mut() {
                        Some(live) if !disposed && live.element == el => {
                            live.handle = Some(map);
                            drop(s);
                            ready.try_update(|n| *n += 1);
                        }
                        // The page or the container went while Leaflet loaded.
                        _ => {
                            let _ = call(&map, "destroy", &[]);
                        }
                    },
                    Err(_) if !disposed => {
                        drop(s);
                        failed.try_set(true);
                    }
                    Err(_) => {}
                }
            });
        }
    });

    let send = {
        let state = state.clone();
        move |method: &str, args: &[JsValue]| {
            let handle = state.borrow().handle();
            if let Some(h) = handle {
                let _ = call(&h, method, args);
            }
        }
    };

    Effect::new({
        let send = send.clone();
        move |_| {
            ready.track();
            let content = content.get();
            let link = i18n.text(k::sportelli::MAP_DESK_LINK);
            let array: Array = content
                .desks
                .iter()
                .map(|d| {
                    let o = Object::new();
                    set(&o, "id", d.id.as_str().into());
                    set(&o, "name", d.name.as_str().into());
                    set(&o, "lat", d.lat.into());
                    set(&o, "lon", d.lon.into());
                    set(&o, "distance", d.distance.as_deref().map_or(JsValue::NULL, JsValue::from));
                    set(&o, "status", d.status.as_str().into());
                    set(&o, "href", d.href.as_str().into());
                    set(&o, "linkText", link.as_str().into());
                    JsValue::from(o)
                })
                .collect();
            match origin.get_untracked() {
                Some((lat, lon, label)) => send("setOrigin", &[lat.into(), lon.into(), label.into()]),
                None => send("setOrigin", &[JsValue::NULL]),
            }
            send("setDesks", &[array.into(), content.focus.into()]);
        }
    });

    Effect::new({
        let send = send.clone();
        move |_| {
            ready.track();
            if let Some(id) = selected.get() {
                send("select", &[id.into()]);
            }
        }
    });

    Effect::new({
        let send = send.clone();
        move |_| {
            ready.track();
            if visible.get() {
                send("refresh", &[]);
            }
        }
    });

    // The cleanup must be Send; the state is reached through the page's (local) arena, still there at cleanup.
    let kept = StoredValue::new_local(state);
    on_cleanup(move || {
        kept.try_with_value(|state| {
            let mut s = state.borrow_mut();
            s.disposed = true;
            s.destroy();
        });
    });

    view! {
        <div class="mw-map-wrap">
            <Show when=move || failed.get()>
                <p class="mw-hint">{t(k::sportelli::MAP_FAILED)}</p>
            </Show>
            <div class="mw-map" id="desk-map" node_ref=node role="region" aria-label=t(k::sportelli::MAP_LABEL)></div>
        </div>
    }
}
