//! Browser console errors fail a journey: a small hook records `console.error`, uncaught errors and unhandled
//! rejections in the page (installed after each full page load; in-app navigations keep it), and
//! [`assert_no_console_errors`] fails with what was recorded.

use microwork_e2e::Browser;

/// Starts recording in the current document (again after a reload or `goto`).
pub async fn record_console_errors(browser: &Browser) {
    browser
        .js("if (!window.__mwErrors) {
               window.__mwErrors = [];
               const original = console.error.bind(console);
               console.error = (...args) => { window.__mwErrors.push(args.map(String).join(' ')); original(...args); };
               window.addEventListener('error', e => window.__mwErrors.push('error: ' + e.message));
               window.addEventListener('unhandledrejection', e => window.__mwErrors.push('rejection: ' + String(e.reason)));
             }
             return true;")
        .await;
}

pub async fn assert_no_console_errors(browser: &Browser) {
    let errors = browser.js("return window.__mwErrors || []").await;
    assert_eq!(errors, serde_json::json!([]), "console errors at {}", browser.url().await);
}
