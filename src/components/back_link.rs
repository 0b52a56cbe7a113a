//! GOV.UK back link that agrees with the browser's back button: when the page it points to is the one the
//! person came from, it goes back in history (so the next "back" does not bounce between two pages); otherwise
//! it is an ordinary link, which the router follows. A plain `<a>` with its own click handler: it works the
//! same with `--cfg erase_components` (leptos #3156, #4512, #4676).

use leptos::prelude::*;

/// The addresses visited in this tab (path and query), most recent last; kept by the shell.
#[derive(Clone, Copy)]
pub struct NavHistory(pub StoredValue<Vec<String>>);

impl NavHistory {
    /// Records a new address; going back to the page before pops instead, as the browser does.
    pub fn visit(self, here: String) {
        self.0.update_value(|v| {
            if v.len() >= 2 && v[v.len() - 2] == here {
                v.pop();
            } else if v.last() != Some(&here) {
                v.push(here);
            }
        });
    }

    /// The address before the current one.
    pub fn came_from(self) -> Option<String> {
        self.0.with_value(|v| v.len().checked_sub(2).map(|i| v[i].clone()))
    }
}

/// Whether going to `target` is going back: the previous address is `target`, or (with `prefix`) `target`
/// with a query (a list with its filters counts as the list).
pub fn is_going_back(came_from: Option<&str>, target: &str, prefix: bool) -> bool {
    came_from.is_some_and(|from| {
        from == target || (prefix && from.strip_prefix(target).is_some_and(|rest| rest.starts_with('?')))
    })
}

#[component]
pub fn BackLink(#[prop(into)] href: Signal<String>, #[prop(optional)] prefix: bool, children: Children) -> impl IntoView {
    let history = use_context::<NavHistory>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let came_from = history.and_then(NavHistory::came_from);
        if is_going_back(came_from.as_deref(), &href.get_untracked(), prefix)
            && let Some(h) = web_sys::window().and_then(|w| w.history().ok())
        {
            // Handled here: the router leaves a click whose default is prevented alone.
            ev.prevent_default();
            let _ = h.back();
        }
    };
    view! { <a href=href class="mw-back-link" on:click=on_click>{children()}</a> }
}

#[cfg(test)]
mod tests {
    use super::is_going_back;

    #[test]
    fn back_means_the_page_before() {
        assert!(is_going_back(Some("/sportelli"), "/sportelli", false));
        assert!(!is_going_back(Some("/sportelli?comune=059011"), "/sportelli", false));
        assert!(is_going_back(Some("/sportelli?comune=059011"), "/sportelli", true));
        assert!(!is_going_back(Some("/sportelli/enm-latina"), "/sportelli", true));
        assert!(!is_going_back(None, "/", true));
    }
}
