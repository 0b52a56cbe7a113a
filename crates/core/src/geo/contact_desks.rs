//! The desks a contact request can go to, as the form offers them, and who gets the e-mail a person writes
//! instead when the app cannot send requests itself.

use super::DeskIndex;
use crate::lang::Lang;

/// One choice of the contact form's desk list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskChoice {
    pub id: String,
    /// "Latina (LT)"; `None` for the online network (the page names it).
    pub place: Option<String>,
    pub name: String,
}

impl DeskIndex {
    /// Every desk, the online network first (it always answers), then by comune and name.
    pub fn contact_choices(&self, lang: Lang) -> Vec<DeskChoice> {
        let mut list: Vec<DeskChoice> = self
            .desks()
            .iter()
            .map(|d| DeskChoice {
                id: d.id.clone(),
                place: d.location.as_ref().map(|l| format!("{} ({})", l.comune.name, l.comune.prov)),
                name: d.name.get(lang).to_string(),
            })
            .collect();
        list.sort_by(|a, b| (a.place.is_some(), &a.place, &a.name).cmp(&(b.place.is_some(), &b.place, &b.name)));
        list
    }

    /// The desk a request goes to when none was chosen, or the chosen one does not exist: the online network,
    /// so that every request reaches someone.
    pub fn default_contact_desk(&self, chosen: &str) -> Option<&str> {
        if !chosen.is_empty() && self.get(chosen).is_some() {
            return Some(self.get(chosen)?.id.as_str());
        }
        self.online().next().map(|d| d.id.as_str())
    }

    /// Who receives the e-mail a person writes instead of the form: the chosen desk, else the online network,
    /// else the service's help address.
    pub fn recipient<'a>(&'a self, desk_id: &str, help_email: &'a str) -> &'a str {
        self.get(desk_id)
            .and_then(|d| d.email.as_deref())
            .or_else(|| self.online().find_map(|d| d.email.as_deref()))
            .unwrap_or(help_email)
    }
}
