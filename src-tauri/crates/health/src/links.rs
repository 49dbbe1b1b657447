//! The links check: the store's site and customer sign-up page, as +fidelidade's e-mails point
//! at them, still open.
//!
//! Each link is opened by the same check as step 9's "Conferir" (`conector_fetch::probe_link`):
//! a `GET` whose body is not read, at most three redirects, https only, never to this computer
//! or a private network (loopback only for the demo store's pages).

use conector_core::{CodedError, MessageCode, Params};
use conector_fetch::{probe_link, Failure, FetchError, Policy};

use crate::verdict::{Check, CheckResult, Note, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Site,
    Signup,
}

/// How one link fared.
#[derive(Debug)]
enum Outcome {
    Opened,
    /// The server answered with an error, or did not answer.
    Failed {
        host: String,
        failure: Failure,
    },
    /// The link cannot be opened as saved: not an https address, or it leads to this computer
    /// or a private network, or redirects too many times.
    Refused(Note),
}

/// Probes the site and sign-up links that are set (blank ones are left out).
pub async fn check_links(site: Option<&str>, signup: Option<&str>, policy: Policy) -> CheckResult {
    let links: Vec<(Link, &str)> = [(Link::Site, site), (Link::Signup, signup)]
        .into_iter()
        .filter_map(|(kind, url)| Some((kind, url?.trim())).filter(|(_, u)| !u.is_empty()))
        .collect();
    if links.is_empty() {
        return CheckResult::skipped(Check::Links, MessageCode::HealthLinksNone);
    }
    let mut outcomes = Vec::with_capacity(links.len());
    for (kind, url) in links {
        let outcome = match probe_link(url, policy.clone()).await {
            Ok(_) => Outcome::Opened,
            Err(FetchError::Failed {
                host,
                failure: failure @ (Failure::Timeout | Failure::Connect | Failure::Status(_)),
                ..
            }) => Outcome::Failed { host, failure },
            Err(e) => Outcome::Refused(e.payload().into()),
        };
        outcomes.push((kind, outcome));
    }
    judge_links(&outcomes)
}

/// The verdict from each link's outcome: a page that is gone (404, 410) or a link that cannot
/// be opened as saved is a problem; no answer or another error a warning (a passing fault, or
/// this computer's connection).
fn judge_links(outcomes: &[(Link, Outcome)]) -> CheckResult {
    let mut failures = outcomes.iter().filter_map(|(kind, outcome)| {
        let (host, failure) = match outcome {
            Outcome::Opened => return None,
            Outcome::Refused(note) => return Some((State::Problem, note.clone())),
            Outcome::Failed { host, failure } => (host, *failure),
        };
        let params = Params::new().text("host", host.clone());
        let (code, params) = match (kind, failure) {
            (Link::Site, Failure::Status(s)) => (
                MessageCode::HealthLinksSiteStatus,
                params.number("status", s),
            ),
            (Link::Site, _) => (MessageCode::HealthLinksSiteUnreachable, params),
            (Link::Signup, Failure::Status(s)) => (
                MessageCode::HealthLinksSignupStatus,
                params.number("status", s),
            ),
            (Link::Signup, _) => (MessageCode::HealthLinksSignupUnreachable, params),
        };
        let state = match failure {
            Failure::Status(404 | 410) => State::Problem,
            _ => State::Warning,
        };
        Some((state, Note::with(code, params)))
    });
    let Some((first_state, first)) = failures.next() else {
        let count = i64::try_from(outcomes.len()).unwrap_or(i64::MAX);
        return CheckResult::ok(
            Check::Links,
            MessageCode::HealthLinksOk,
            Params::new().number("count", count),
        );
    };
    let mut result =
        CheckResult::new(Check::Links, first_state, first).todo(MessageCode::HealthTodoLinks);
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

    fn failed(kind: Link, failure: Failure) -> (Link, Outcome) {
        (
            kind,
            Outcome::Failed {
                host: "www.loja.example".into(),
                failure,
            },
        )
    }

    #[test]
    fn both_links_opening_is_ok() {
        let result = judge_links(&[
            (Link::Site, Outcome::Opened),
            (Link::Signup, Outcome::Opened),
        ]);
        assert_eq!(
            (result.state, result.found.code),
            (State::Ok, MessageCode::HealthLinksOk)
        );
        assert_eq!(result.found.params.get("count"), Some(&Param::Number(2)));
        assert_eq!(result.todo, None);
    }

    #[test]
    fn a_page_that_is_gone_is_a_problem_and_a_silent_one_a_warning() {
        let gone = judge_links(&[
            (Link::Site, Outcome::Opened),
            failed(Link::Signup, Failure::Status(404)),
        ]);
        assert_eq!(gone.state, State::Problem);
        assert_eq!(gone.found.code, MessageCode::HealthLinksSignupStatus);
        assert_eq!(gone.found.params.get("status"), Some(&Param::Number(404)));
        assert_eq!(
            gone.found.params.get("host"),
            Some(&Param::Text("www.loja.example".into()))
        );
        assert_eq!(gone.todo, Some(Note::new(MessageCode::HealthTodoLinks)));

        let silent = judge_links(&[failed(Link::Site, Failure::Timeout)]);
        assert_eq!(silent.state, State::Warning);
        assert_eq!(silent.found.code, MessageCode::HealthLinksSiteUnreachable);
    }

    #[test]
    fn two_failures_are_both_said_and_the_worse_decides() {
        let both = judge_links(&[
            failed(Link::Site, Failure::Status(503)),
            failed(Link::Signup, Failure::Status(410)),
        ]);
        assert_eq!(both.state, State::Problem);
        assert_eq!(both.found.code, MessageCode::HealthLinksSiteStatus);
        assert_eq!(both.also.len(), 1);
        assert_eq!(both.also[0].code, MessageCode::HealthLinksSignupStatus);
    }

    #[tokio::test]
    async fn a_link_to_this_computer_is_refused_for_a_real_store() {
        let result = check_links(Some("https://127.0.0.1:9/"), None, Policy::links()).await;
        assert_eq!(result.state, State::Problem);
        assert_eq!(result.found.code, MessageCode::FormLinkPrivateAddress);
        let insecure = check_links(Some("http://www.loja.example/"), None, Policy::links()).await;
        assert_eq!(insecure.state, State::Problem);
    }

    #[tokio::test]
    async fn no_link_set_is_skipped() {
        let result = check_links(None, Some("  "), Policy::links()).await;
        assert_eq!(
            (result.state, result.found.code),
            (State::Skipped, MessageCode::HealthLinksNone)
        );
    }
}
