//! The links check: the store's site and customer sign-up page, as +fidelidade's e-mails point
//! at them, still open.
//!
//! Each link gets a `HEAD` (headers only); a server that refuses `HEAD` or answers it with an
//! error gets a `GET` whose body is not read. Redirects are followed, as a browser would.

use std::time::Duration;

use conector_core::{ErrorCode, Params};
use reqwest::redirect::Policy;

use crate::verdict::{Check, CheckResult, Note, State};

/// Why a link did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFailure {
    /// The server answered with this HTTP status (after redirects).
    Status(u16),
    /// No answer: the name does not resolve, the connection failed or timed out.
    Unreachable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Site,
    Signup,
}

/// Probes the site and sign-up links that are set (blank ones are left out).
pub async fn check_links(
    site: Option<&str>,
    signup: Option<&str>,
    timeout: Duration,
) -> CheckResult {
    let links: Vec<(Link, &str)> = [(Link::Site, site), (Link::Signup, signup)]
        .into_iter()
        .filter_map(|(kind, url)| Some((kind, url?.trim())).filter(|(_, u)| !u.is_empty()))
        .collect();
    if links.is_empty() {
        return CheckResult::skipped(Check::Links, ErrorCode::HealthLinksNone);
    }
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(Policy::limited(10))
        .user_agent(concat!("ConectorFidelidade/", env!("CARGO_PKG_VERSION")))
        .build();
    let mut outcomes = Vec::with_capacity(links.len());
    for (kind, url) in &links {
        let outcome = match &client {
            Ok(client) => probe(client, url).await,
            Err(_) => Err(LinkFailure::Unreachable),
        };
        outcomes.push((*kind, host_of(url), outcome));
    }
    judge_links(&outcomes)
}

async fn probe(client: &reqwest::Client, url: &str) -> Result<(), LinkFailure> {
    let head = client
        .head(url)
        .send()
        .await
        .map_err(|_| LinkFailure::Unreachable)?;
    if head.status().is_success() {
        return Ok(());
    }
    // Some servers refuse HEAD (405) or answer it differently: ask as a browser does.
    let get = client
        .get(url)
        .send()
        .await
        .map_err(|_| LinkFailure::Unreachable)?;
    let status = get.status();
    drop(get);
    if status.is_success() {
        Ok(())
    } else {
        Err(LinkFailure::Status(status.as_u16()))
    }
}

fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The verdict from each link's outcome: a page that is gone (404, 410) is a problem; any
/// other failure a warning (a passing fault, or this computer's connection).
fn judge_links(outcomes: &[(Link, String, Result<(), LinkFailure>)]) -> CheckResult {
    let mut failures = outcomes.iter().filter_map(|(kind, host, outcome)| {
        let failure = outcome.err()?;
        let params = Params::new().text("host", host.clone());
        let (code, params) = match (kind, failure) {
            (Link::Site, LinkFailure::Status(s)) => {
                (ErrorCode::HealthLinksSiteStatus, params.number("status", s))
            }
            (Link::Site, LinkFailure::Unreachable) => {
                (ErrorCode::HealthLinksSiteUnreachable, params)
            }
            (Link::Signup, LinkFailure::Status(s)) => (
                ErrorCode::HealthLinksSignupStatus,
                params.number("status", s),
            ),
            (Link::Signup, LinkFailure::Unreachable) => {
                (ErrorCode::HealthLinksSignupUnreachable, params)
            }
        };
        let state = match failure {
            LinkFailure::Status(404 | 410) => State::Problem,
            _ => State::Warning,
        };
        Some((state, Note::with(code, params)))
    });
    let Some((first_state, first)) = failures.next() else {
        let count = i64::try_from(outcomes.len()).unwrap_or(i64::MAX);
        return CheckResult::ok(
            Check::Links,
            ErrorCode::HealthLinksOk,
            Params::new().number("count", count),
        );
    };
    let mut result =
        CheckResult::new(Check::Links, first_state, first).todo(ErrorCode::HealthTodoLinks);
    for (state, note) in failures {
        if state.severity() > result.state.severity() {
            result.state = state;
        }
        result.also.push(note);
    }
    result
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use conector_core::Param;

    fn outcome(
        kind: Link,
        result: Result<(), LinkFailure>,
    ) -> (Link, String, Result<(), LinkFailure>) {
        (kind, "www.loja.example".into(), result)
    }

    #[test]
    fn both_links_opening_is_ok() {
        let result = judge_links(&[outcome(Link::Site, Ok(())), outcome(Link::Signup, Ok(()))]);
        assert_eq!(
            (result.state, result.found.code),
            (State::Ok, ErrorCode::HealthLinksOk)
        );
        assert_eq!(result.found.params.get("count"), Some(&Param::Number(2)));
        assert_eq!(result.todo, None);
    }

    #[test]
    fn a_page_that_is_gone_is_a_problem_and_a_silent_one_a_warning() {
        let gone = judge_links(&[
            outcome(Link::Site, Ok(())),
            outcome(Link::Signup, Err(LinkFailure::Status(404))),
        ]);
        assert_eq!(gone.state, State::Problem);
        assert_eq!(gone.found.code, ErrorCode::HealthLinksSignupStatus);
        assert_eq!(gone.found.params.get("status"), Some(&Param::Number(404)));
        assert_eq!(
            gone.found.params.get("host"),
            Some(&Param::Text("www.loja.example".into()))
        );
        assert_eq!(gone.todo, Some(Note::new(ErrorCode::HealthTodoLinks)));

        let silent = judge_links(&[outcome(Link::Site, Err(LinkFailure::Unreachable))]);
        assert_eq!(silent.state, State::Warning);
        assert_eq!(silent.found.code, ErrorCode::HealthLinksSiteUnreachable);
    }

    #[test]
    fn two_failures_are_both_said_and_the_worse_decides() {
        let both = judge_links(&[
            outcome(Link::Site, Err(LinkFailure::Status(503))),
            outcome(Link::Signup, Err(LinkFailure::Status(410))),
        ]);
        assert_eq!(both.state, State::Problem);
        assert_eq!(both.found.code, ErrorCode::HealthLinksSiteStatus);
        assert_eq!(both.also.len(), 1);
        assert_eq!(both.also[0].code, ErrorCode::HealthLinksSignupStatus);
    }

    #[tokio::test]
    async fn no_link_set_is_skipped() {
        let result = check_links(None, Some("  "), Duration::from_secs(1)).await;
        assert_eq!(
            (result.state, result.found.code),
            (State::Skipped, ErrorCode::HealthLinksNone)
        );
    }
}
