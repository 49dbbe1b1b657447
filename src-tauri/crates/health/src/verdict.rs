//! What one check found: its state, what it saw (a message code with parameters, the text being
//! the UI's) and what the owner can do about it.

use conector_core::{ErrorPayload, MessageCode, Params};
use serde::{Deserialize, Serialize};

/// The five checks, in the order the health page lists them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The store still accepts the token.
    Token,
    /// The final statuses chosen still exist in the store.
    Statuses,
    /// The feed still downloads and parses, with about as many products as before.
    Feed,
    /// Every chosen reward SKU is still in the feed, and how many are out of stock.
    Rewards,
    /// The site and sign-up links still open.
    Links,
}

impl Check {
    pub const ALL: [Check; 5] = [
        Check::Token,
        Check::Statuses,
        Check::Feed,
        Check::Rewards,
        Check::Links,
    ];

    /// The name in JSON and in the database (`token`, `statuses`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Token => "token",
            Check::Statuses => "statuses",
            Check::Feed => "feed",
            Check::Rewards => "rewards",
            Check::Links => "links",
        }
    }

    pub fn parse(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The check's name for the owner ("XML de produtos"): the one name the health page, the
    /// notifications and the command line use.
    pub fn name(self) -> MessageCode {
        match self {
            Check::Token => MessageCode::HealthCheckToken,
            Check::Statuses => MessageCode::HealthCheckStatuses,
            Check::Feed => MessageCode::HealthCheckFeed,
            Check::Rewards => MessageCode::HealthCheckRewards,
            Check::Links => MessageCode::HealthCheckLinks,
        }
    }
}

/// A check's verdict. `Skipped` means there was nothing to check (no feed address, no reward
/// chosen…) or the check depends on one that failed; it never counts as bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Ok,
    /// "atenção": something the owner should look at, the integration may still work.
    Warning,
    /// "problema": the integration is broken on this point.
    Problem,
    Skipped,
}

impl State {
    /// Warning or problem: what raises a notification.
    pub fn is_bad(self) -> bool {
        matches!(self, State::Warning | State::Problem)
    }

    /// Skipped < ok < warning < problem.
    pub fn severity(self) -> u8 {
        match self {
            State::Skipped => 0,
            State::Ok => 1,
            State::Warning => 2,
            State::Problem => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Warning => "warning",
            State::Problem => "problem",
            State::Skipped => "skipped",
        }
    }

    /// The verdict's word for the owner ("Atenção").
    pub fn name(self) -> MessageCode {
        match self {
            State::Ok => MessageCode::HealthStateOk,
            State::Warning => MessageCode::HealthStateWarning,
            State::Problem => MessageCode::HealthStateProblem,
            State::Skipped => MessageCode::HealthStateSkipped,
        }
    }

    pub fn parse(name: &str) -> Option<State> {
        [State::Ok, State::Warning, State::Problem, State::Skipped]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// One sentence for the owner: the text is chosen by `code` in the message catalogue and
/// filled from `params` (the same shape as an error payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Note {
    pub code: MessageCode,
    pub params: Params,
}

impl Note {
    pub fn new(code: MessageCode) -> Note {
        Note {
            code,
            params: Params::new(),
        }
    }

    pub fn with(code: MessageCode, params: Params) -> Note {
        Note { code, params }
    }
}

impl From<ErrorPayload> for Note {
    fn from(payload: ErrorPayload) -> Note {
        Note {
            code: payload.code,
            params: payload.params,
        }
    }
}

/// What one check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CheckResult {
    pub check: Check,
    /// The check's name for the owner ([`Check::name`]), so every reader shows the same words.
    pub name: MessageCode,
    pub state: State,
    /// What it found, in plain words.
    pub found: Note,
    /// More of what it found (the second link that failed).
    #[serde(default)]
    pub also: Vec<Note>,
    /// What to do; `None` when there is nothing to do.
    pub todo: Option<Note>,
}

impl CheckResult {
    /// Everything it found: the first finding, then the others.
    pub fn found_notes(&self) -> impl Iterator<Item = &Note> {
        std::iter::once(&self.found).chain(&self.also)
    }

    pub(crate) fn new(check: Check, state: State, found: Note) -> CheckResult {
        CheckResult {
            check,
            name: check.name(),
            state,
            found,
            also: Vec::new(),
            todo: None,
        }
    }

    pub(crate) fn ok(check: Check, code: MessageCode, params: Params) -> CheckResult {
        CheckResult::new(check, State::Ok, Note::with(code, params))
    }

    pub(crate) fn skipped(check: Check, code: MessageCode) -> CheckResult {
        CheckResult::new(check, State::Skipped, Note::new(code))
    }

    pub(crate) fn todo(mut self, code: MessageCode) -> CheckResult {
        self.todo = Some(Note::new(code));
        self
    }
}

/// One run of every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Report {
    /// When the run started, RFC 3339 in UTC.
    pub checked_at: String,
    /// One result per check, in [`Check::ALL`] order.
    pub results: Vec<CheckResult>,
}

impl Report {
    /// The worst state among the checks that ran (`Skipped` when none ran).
    pub fn worst(&self) -> State {
        self.results
            .iter()
            .map(|r| r.state)
            .max_by_key(|s| s.severity())
            .unwrap_or(State::Skipped)
    }

    pub fn result(&self, check: Check) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.check == check)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_json_names() {
        for check in Check::ALL {
            let json = serde_json::to_value(check).unwrap();
            assert_eq!(json, check.as_str());
            assert_eq!(Check::parse(check.as_str()), Some(check));
        }
        for state in [State::Ok, State::Warning, State::Problem, State::Skipped] {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
            assert_eq!(State::parse(state.as_str()), Some(state));
        }
    }

    #[test]
    fn a_skipped_check_never_makes_a_run_worse() {
        let result =
            |check, state| CheckResult::new(check, state, Note::new(MessageCode::Internal));
        let mut report = Report {
            checked_at: "2026-11-30T12:00:00Z".into(),
            results: vec![
                result(Check::Token, State::Skipped),
                result(Check::Feed, State::Skipped),
            ],
        };
        assert_eq!(report.worst(), State::Skipped);
        report.results.push(result(Check::Links, State::Ok));
        assert_eq!(report.worst(), State::Ok);
        report.results.push(result(Check::Rewards, State::Warning));
        assert_eq!(report.worst(), State::Warning);
        report.results.push(result(Check::Statuses, State::Problem));
        assert_eq!(report.worst(), State::Problem);
    }
}
