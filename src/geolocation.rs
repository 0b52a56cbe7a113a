//! "Usa la mia posizione": the browser's geolocation, asked only when the person presses the button.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GeoError {
    Denied,
    Unavailable,
    Timeout,
    Unsupported,
}

/// Asks once for the position (10 s at most; a position up to 10 minutes old will do).
pub async fn current_position() -> Result<(f64, f64), GeoError> {
    let window = web_sys::window().ok_or(GeoError::Unsupported)?;
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"geolocation".into()).unwrap_or(false) {
        return Err(GeoError::Unsupported);
    }
    let geolocation = navigator.geolocation().map_err(|_| GeoError::Unsupported)?;
    let (tx, rx) = futures_channel::oneshot::channel::<Result<(f64, f64), GeoError>>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let ok_tx = tx.clone();
    let success = Closure::once(move |position: wasm_bindgen::JsValue| {
        let number = |obj: &wasm_bindgen::JsValue, key: &str| {
            js_sys::Reflect::get(obj, &key.into()).ok().and_then(|v| v.as_f64())
        };
        let coords = js_sys::Reflect::get(&position, &"coords".into()).unwrap_or_default();
        let result = number(&coords, "latitude").zip(number(&coords, "longitude")).ok_or(GeoError::Unavailable);
        if let Some(tx) = ok_tx.borrow_mut().take() {
            let _ = tx.send(result);
        }
    });
    let failure = Closure::once(move |error: wasm_bindgen::JsValue| {
        let code = js_sys::Reflect::get(&error, &"code".into()).ok().and_then(|v| v.as_f64()).unwrap_or(2.0);
        let e = match code as u32 {
            1 => GeoError::Denied,
            3 => GeoError::Timeout,
            _ => GeoError::Unavailable,
        };
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(Err(e));
        }
    });
    let options = web_sys::PositionOptions::new();
    options.set_timeout(10_000);
    options.set_maximum_age(600_000);
    options.set_enable_high_accuracy(false);
    geolocation
        .get_current_position_with_error_callback_and_options(
            success.as_ref().unchecked_ref(),
            Some(failure.as_ref().unchecked_ref()),
            &options,
        )
        .map_err(|_| GeoError::Unsupported)?;
    let result = rx.await.unwrap_or(Err(GeoError::Unavailable));
    drop((success, failure));
    result
}
