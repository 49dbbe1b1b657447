//! Step 9: the +fidelidade integration form, pre-filled from the earlier steps, checked field
//! by field, and the review card the owner copies into the +fidelidade panel.
//!
//! Drafts are saved as typed (Back never loses them); validity is computed, never stored,
//! except the reachability of the two links, which needs the network and is remembered per URL.

use conector_core::{looks_like_token, settings, MessageCode, Params};
use conector_fetch::{check_link, BadLink, LinkProbe};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::{connection, SetupError, StoreProfile};

const KEY_SITE_URL: &str = "integration.site_url";
const KEY_SIGNUP_URL: &str = "integration.signup_url";
const KEY_COUPON_DAYS: &str = "integration.coupon_days";
/// Shared with the sync preview: the same final statuses earn points in both (read and written
/// only through [`final_statuses`] and [`save_final_statuses`]).
const KEY_FINALS: &str = "sync.final_statuses";
const KEY_REACHABLE: &str = "integration.reachable";
/// The ids of the cancellation-looking statuses the owner confirmed as final anyway.
const KEY_REVERSALS_CONFIRMED: &str = "integration.reversal_statuses_confirmed";
pub(crate) const KEY_FEED_URL: &str = "feed.url";

pub const DEFAULT_COUPON_DAYS: u16 = 365;
/// The coupon validity the +fidelidade form accepts, in days.
pub const MIN_COUPON_DAYS: u16 = *conector_core::COUPON_DAYS.start();
pub const MAX_COUPON_DAYS: u16 = *conector_core::COUPON_DAYS.end();
/// The article: "Você deve selecionar mais de um" — at least two, and no other number.
pub const MIN_FINAL_STATUSES: usize = 2;

/// The form as the owner fills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct IntegrationForm {
    pub site_url: String,
    pub signup_url: String,
    /// Typed text, so that "abc" can be named as wrong instead of lost.
    pub coupon_days: String,
    pub final_statuses: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    SiteUrl,
    SignupUrl,
    CouponDays,
    FinalStatuses,
    Rewards,
}

/// One message about one field, shown under it. `blocking` problems keep Next disabled; the
/// others advise. The text is the UI's, chosen by `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldNote {
    pub field: FormField,
    pub code: MessageCode,
    pub params: Params,
    pub blocking: bool,
    /// The store status a note is about, when it asks a question about one (its answer,
    /// "sim, é isso mesmo", names the status by this id).
    pub status_id: Option<String>,
}

/// The form, what is wrong with it, and whether step 9 is complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FormView {
    pub form: IntegrationForm,
    pub notes: Vec<FieldNote>,
    pub valid: bool,
}

impl IntegrationForm {
    /// The saved draft, or the pre-filled form: the demo store's pages, or the store's own
    /// domain when the owner gave one (never a guessed address otherwise).
    pub fn load(
        conn: &Connection,
        demo_pages: Option<(String, String)>,
    ) -> Result<Self, SetupError> {
        let profile = StoreProfile::load(conn)?;
        let (site_guess, signup_guess) = match (&profile, demo_pages) {
            (Some(p), Some(pages)) if p.demo => pages,
            (Some(p), _) => match p.custom_domain.as_deref().and_then(site_of_domain) {
                Some(site) => (site, String::new()),
                None => (String::new(), String::new()),
            },
            _ => (String::new(), String::new()),
        };
        let finals = final_statuses(conn)?;
        Ok(Self {
            site_url: settings::get(conn, KEY_SITE_URL)?.unwrap_or(site_guess),
            signup_url: settings::get(conn, KEY_SIGNUP_URL)?.unwrap_or(signup_guess),
            coupon_days: settings::get(conn, KEY_COUPON_DAYS)?
                .unwrap_or_else(|| DEFAULT_COUPON_DAYS.to_string()),
            final_statuses: finals,
        })
    }

    /// Saves the draft as typed.
    pub fn save(&self, conn: &Connection) -> Result<(), SetupError> {
        let tx = conector_core::write_turn::Write::begin(conn)?;
        self.save_in(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves the draft within the caller's transaction — except a field that looks like a
    /// pasted token, which is saved empty (see [`IntegrationForm::without_tokens`]).
    pub fn save_in(&self, conn: &Connection) -> Result<(), SetupError> {
        let (form, _) = self.without_tokens();
        settings::set(conn, KEY_SITE_URL, form.site_url.trim())?;
        settings::set(conn, KEY_SIGNUP_URL, form.signup_url.trim())?;
        settings::set(conn, KEY_COUPON_DAYS, form.coupon_days.trim())?;
        save_final_statuses(conn, &form.final_statuses)?;
        Ok(())
    }

    /// The form with every field that looks like the store's token (pasted in the wrong
    /// place: the whole text, or the host of a link) emptied, and those fields. The token must
    /// not reach the database or come back to the page; the owner is told which field to clear.
    pub fn without_tokens(&self) -> (IntegrationForm, Vec<FormField>) {
        let link_host_is_token = |text: &str| {
            Url::parse(text.trim())
                .ok()
                .and_then(|url| url.host_str().map(looks_like_token))
                .unwrap_or(false)
        };
        let mut form = self.clone();
        let mut dropped = Vec::new();
        for (field, text) in [
            (FormField::SiteUrl, &mut form.site_url),
            (FormField::SignupUrl, &mut form.signup_url),
        ] {
            if looks_like_token(text) || link_host_is_token(text) {
                text.clear();
                dropped.push(field);
            }
        }
        if looks_like_token(&form.coupon_days) {
            form.coupon_days.clear();
            dropped.push(FormField::CouponDays);
        }
        (form, dropped)
    }

    pub fn coupon_days(&self) -> Option<u16> {
        self.coupon_days
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|d| (MIN_COUPON_DAYS..=MAX_COUPON_DAYS).contains(d))
    }
}

/// The final statuses as saved (step 9 or the dashboard), in the owner's order.
pub fn final_statuses(conn: &Connection) -> Result<Vec<String>, SetupError> {
    Ok(settings::get(conn, KEY_FINALS)?
        .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
        .unwrap_or_default())
}

/// Saves the final statuses (within the caller's transaction when there is one).
pub fn save_final_statuses(conn: &Connection, ids: &[String]) -> Result<(), SetupError> {
    let ids: Vec<&str> = ids.iter().map(|s| s.trim()).collect();
    settings::set(conn, KEY_FINALS, &serde_json::to_string(&ids)?)?;
    Ok(())
}

/// The site and sign-up links as saved in step 9 (as typed, not checked).
pub fn saved_links(conn: &Connection) -> Result<(Option<String>, Option<String>), SetupError> {
    Ok((
        settings::get(conn, KEY_SITE_URL)?,
        settings::get(conn, KEY_SIGNUP_URL)?,
    ))
}

/// The feed address step 6 imported last.
pub fn feed_url(conn: &Connection) -> Result<Option<String>, SetupError> {
    Ok(settings::get(conn, KEY_FEED_URL)?)
}

/// Remembers the feed address of a successful import.
pub fn save_feed_url(conn: &Connection, url: &str) -> Result<(), SetupError> {
    settings::set(conn, KEY_FEED_URL, url.trim())?;
    Ok(())
}

fn site_of_domain(domain: &str) -> Option<String> {
    let with_scheme = if domain.contains("://") {
        domain.to_owned()
    } else {
        format!("https://{domain}")
    };
    let url = Url::parse(&with_scheme).ok()?;
    Some(format!("https://{}/", url.host_str()?))
}

/// The site a URL belongs to, for the "same store" warning: its host without `www.`.
fn site_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

impl FieldNote {
    /// A note without parameters, about no particular status.
    pub fn new(field: FormField, code: MessageCode, blocking: bool) -> FieldNote {
        FieldNote {
            field,
            code,
            params: Params::new(),
            blocking,
            status_id: None,
        }
    }
}

fn note(field: FormField, code: MessageCode, blocking: bool) -> FieldNote {
    FieldNote::new(field, code, blocking)
}

fn link_notes(
    field: FormField,
    text: &str,
    reachable: &[String],
    notes: &mut Vec<FieldNote>,
) -> Option<Url> {
    match check_link(text) {
        Ok(url) => {
            if !reachable.iter().any(|r| r == url.as_str()) {
                notes.push(note(field, MessageCode::FormUncheckedLink, true));
            }
            Some(url)
        }
        Err(BadLink::Empty) => {
            notes.push(note(field, MessageCode::FormMissingLink, true));
            None
        }
        Err(BadLink::Insecure) => {
            notes.push(note(field, MessageCode::FormInsecureLink, true));
            None
        }
        Err(BadLink::Invalid) => {
            notes.push(note(field, MessageCode::FormInvalidLink, true));
            None
        }
    }
}

/// Every note about the form. `rewards_ok`: the whole catalogue or at least one chosen reward;
/// `status_advice`: what the chosen final statuses' names say (a blocking question for a
/// cancellation-looking one) — both combine other domains, so the caller brings them.
pub fn check(
    conn: &Connection,
    form: &IntegrationForm,
    rewards_ok: bool,
    status_advice: Vec<FieldNote>,
) -> Result<FormView, SetupError> {
    let (form, dropped) = form.without_tokens();
    let form = &form;
    let reachable = reachable_links(conn)?;
    let mut notes: Vec<FieldNote> = dropped
        .iter()
        .map(|field| note(*field, MessageCode::FormLooksLikeToken, true))
        .collect();
    let site = link_notes(FormField::SiteUrl, &form.site_url, &reachable, &mut notes);
    let signup = link_notes(
        FormField::SignupUrl,
        &form.signup_url,
        &reachable,
        &mut notes,
    );
    if let (Some(site), Some(signup)) = (&site, &signup) {
        if site_key(site) != site_key(signup) {
            notes.push(FieldNote {
                params: Params::new()
                    .text("signup_host", signup.host_str().unwrap_or_default())
                    .text("site_host", site.host_str().unwrap_or_default()),
                ..note(FormField::SignupUrl, MessageCode::FormOtherSite, false)
            });
        }
    }
    if form.coupon_days().is_none() {
        notes.push(note(
            FormField::CouponDays,
            MessageCode::FormCouponDays,
            true,
        ));
    }
    let statuses = connection::load(conn)?
        .map(|c| c.statuses)
        .unwrap_or_default();
    let known: Vec<&String> = form
        .final_statuses
        .iter()
        .filter(|id| statuses.iter().any(|s| &s.id == *id))
        .collect();
    if known.len() < MIN_FINAL_STATUSES {
        notes.push(FieldNote {
            params: Params::new().number("min", MIN_FINAL_STATUSES as i64),
            ..note(
                FormField::FinalStatuses,
                MessageCode::FormTooFewStatuses,
                true,
            )
        });
    }
    notes.extend(status_advice);
    if !rewards_ok {
        notes.push(note(FormField::Rewards, MessageCode::FormNoRewards, true));
    }
    // A field emptied because it held a token says only that.
    notes.retain(|n| !dropped.contains(&n.field) || n.code == MessageCode::FormLooksLikeToken);
    let valid = !notes.iter().any(|n| n.blocking);
    Ok(FormView {
        form: form.clone(),
        notes,
        valid,
    })
}

/// The statuses the owner answered "sim, é isso mesmo" about: cancellation-looking statuses
/// kept among the final ones on purpose.
pub fn confirmed_reversals(conn: &Connection) -> Result<Vec<String>, SetupError> {
    Ok(settings::get(conn, KEY_REVERSALS_CONFIRMED)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Records the owner's answer about a cancellation-looking status (`yes`: it is meant to earn
/// points; `false` takes the answer back).
pub fn confirm_reversal(conn: &Connection, status_id: &str, yes: bool) -> Result<(), SetupError> {
    let mut ids = confirmed_reversals(conn)?;
    ids.retain(|id| id != status_id);
    if yes {
        ids.push(status_id.to_owned());
    }
    settings::set(conn, KEY_REVERSALS_CONFIRMED, &serde_json::to_string(&ids)?)?;
    Ok(())
}

/// What step 9 shows next to `field` after a link check that was redirected: where the link
/// really ends (an advice, not a block: the owner may prefer the final address in e-mails).
pub fn redirect_note(probe: &LinkProbe, field: FormField) -> Option<FieldNote> {
    (probe.redirects > 0).then(|| FieldNote {
        params: Params::new()
            .text("url", probe.final_url.as_str())
            .number("count", probe.redirects),
        ..note(field, MessageCode::FormLinkRedirected, false)
    })
}

fn reachable_links(conn: &Connection) -> Result<Vec<String>, SetupError> {
    Ok(settings::get(conn, KEY_REACHABLE)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Remembers that `url` answered (so Next does not need the network again).
pub fn remember_reachable(conn: &Connection, url: &Url) -> Result<(), SetupError> {
    let mut links = reachable_links(conn)?;
    if !links.iter().any(|l| l == url.as_str()) {
        links.push(url.as_str().to_owned());
    }
    let json = serde_json::to_string(&links)?;
    settings::set(conn, KEY_REACHABLE, &json)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use conector_core::Param;

    use super::*;

    #[test]
    fn reversal_answers_are_kept_and_can_be_taken_back() {
        let dir = tempfile::tempdir().unwrap();
        let conn = conector_core::db::open(&dir.path().join("a.sqlite3")).unwrap();
        assert!(confirmed_reversals(&conn).unwrap().is_empty());
        confirm_reversal(&conn, "25", true).unwrap();
        confirm_reversal(&conn, "25", true).unwrap();
        confirm_reversal(&conn, "31", true).unwrap();
        assert_eq!(confirmed_reversals(&conn).unwrap(), ["25", "31"]);
        confirm_reversal(&conn, "25", false).unwrap();
        assert_eq!(confirmed_reversals(&conn).unwrap(), vec!["31".to_owned()]);
    }

    #[test]
    fn a_redirected_link_says_where_it_ended_and_does_not_block() {
        let url = |s: &str| Url::parse(s).unwrap();
        let direct = LinkProbe {
            url: url("https://www.loja.example/cadastro"),
            final_url: url("https://www.loja.example/cadastro"),
            redirects: 0,
        };
        assert_eq!(redirect_note(&direct, FormField::SignupUrl), None);
        let moved = LinkProbe {
            final_url: url("https://loja.example/conta/cadastro"),
            redirects: 3,
            ..direct
        };
        let note = redirect_note(&moved, FormField::SiteUrl).unwrap();
        assert_eq!(
            (note.field, note.code, note.blocking),
            (FormField::SiteUrl, MessageCode::FormLinkRedirected, false)
        );
        assert_eq!(
            note.params.get("url"),
            Some(&Param::Text("https://loja.example/conta/cadastro".into()))
        );
        assert_eq!(note.params.get("count"), Some(&Param::Number(3)));
    }
}
