//! The app's addresses: one place builds them, one place reads them (tested as a table).

/// A page of the app. Paths are Italian: they are what people see and share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Start,
    SelfCheck,
    Results,
    Sportelli,
    Contact,
    Privacy,
    About,
    Integrate,
}

impl Route {
    pub fn path(&self) -> &'static str {
        match self {
            Route::Start => "/",
            Route::SelfCheck => "/autovalutazione",
            Route::Results => "/risultati",
            Route::Sportelli => "/sportelli",
            Route::Contact => "/contatto",
            Route::Privacy => "/privacy",
            Route::About => "/informazioni",
            Route::Integrate => "/integra",
        }
    }

    /// The path without its leading slash, as the router matches it.
    pub fn segment(&self) -> &'static str {
        &self.path()[1..]
    }

    /// A self-check question's page.
    pub fn question(id: &str) -> String {
        format!("{}/{id}", Route::SelfCheck.path())
    }

    /// The same question reached from the check-your-answers page (after it, the person goes back there).
    pub fn change_question(id: &str) -> String {
        format!("{}?da=riepilogo", Route::question(id))
    }

    pub const CHECK_ANSWERS: &'static str = "/autovalutazione/riepilogo";

    pub fn desk(id: &str) -> String {
        format!("{}/{id}", Route::Sportelli.path())
    }

    pub fn contact_with_desk(desk_id: &str) -> String {
        format!("{}?sportello={desk_id}", Route::Contact.path())
    }

    pub fn contact_sent(reference: &str) -> String {
        format!("{}/inviata/{reference}", Route::Contact.path())
    }

    pub fn parse(path: &str) -> Option<Route> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        [
            Route::Start,
            Route::SelfCheck,
            Route::Results,
            Route::Sportelli,
            Route::Contact,
            Route::Privacy,
            Route::About,
            Route::Integrate,
        ]
        .into_iter()
        .find(|r| r.path() == trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn paths_round_trip() {
        for (path, route) in [
            ("/", Route::Start),
            ("/autovalutazione", Route::SelfCheck),
            ("/risultati", Route::Results),
            ("/sportelli/", Route::Sportelli),
            ("/contatto?sportello=x", Route::Contact),
            ("/privacy", Route::Privacy),
            ("/informazioni", Route::About),
            ("/integra", Route::Integrate),
        ] {
            assert_eq!(Route::parse(path), Some(route.clone()), "{path}");
            assert_eq!(Route::parse(route.path()), Some(route));
        }
        assert_eq!(Route::parse("/nope"), None);
        assert_eq!(Route::question("age"), "/autovalutazione/age");
        assert_eq!(Route::change_question("age"), "/autovalutazione/age?da=riepilogo");
        assert_eq!(Route::desk("enm-latina"), "/sportelli/enm-latina");
        assert_eq!(Route::contact_with_desk("enm-latina"), "/contatto?sportello=enm-latina");
        assert_eq!(Route::contact_sent("MW-0000-0000"), "/contatto/inviata/MW-0000-0000");
    }
}
