//! When a check's result becomes a desktop notification.
//!
//! The rule follows what the owner was last told about each check:
//! - a check that turns bad (warning or problem), or gets worse (warning → problem), is told —
//!   unless a "bad" notice for that check went out less than a day ago; then it waits, and is
//!   told as soon as the day has passed if it is still bad;
//! - a check the owner was told is bad and that is ok again is told once ("voltou ao normal");
//! - a bad check that was never told recovers silently, and a skipped check changes nothing.
//!
//! So each check raises at most one "bad" notice a day, and one recovery per bad notice.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::verdict::{Check, State};

/// No more than one "bad" notice per check within this time.
pub const MIN_GAP: Duration = Duration::DAY;

/// What the owner was last told about one check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Told {
    /// The bad state last announced and not yet announced as recovered; `None`: the owner
    /// believes the check is fine.
    pub bad: Option<State>,
    /// When the last "bad" notice went out.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_bad_at: Option<OffsetDateTime>,
}

/// A notification to raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// The check is now bad (`state` is warning or problem).
    TurnedBad { check: Check, state: State },
    /// The check the owner was told about is ok again.
    Recovered { check: Check },
}

/// What to raise for `check`, whose latest state is `now_state`, and what the owner will have
/// been told after it.
pub fn decide(
    check: Check,
    now_state: State,
    told: Told,
    now: OffsetDateTime,
) -> (Option<Notice>, Told) {
    match now_state {
        State::Skipped => (None, told),
        State::Ok => match told.bad {
            Some(_) => (
                Some(Notice::Recovered { check }),
                Told { bad: None, ..told },
            ),
            None => (None, told),
        },
        State::Warning | State::Problem => {
            let news = told
                .bad
                .is_none_or(|bad| now_state.severity() > bad.severity());
            if !news {
                // Already told, and not worse: remember the milder state, so that getting worse
                // again is news.
                return (
                    None,
                    Told {
                        bad: Some(now_state),
                        ..told
                    },
                );
            }
            let allowed = told.last_bad_at.is_none_or(|at| now - at >= MIN_GAP);
            if !allowed {
                return (None, told);
            }
            (
                Some(Notice::TurnedBad {
                    check,
                    state: now_state,
                }),
                Told {
                    bad: Some(now_state),
                    last_bad_at: Some(now),
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// Feeds a series of (hour, state) to `decide`, returning the notices raised.
    fn run(series: &[(i64, State)]) -> Vec<(i64, Notice)> {
        let start = datetime!(2026-11-30 08:00 UTC);
        let mut told = Told::default();
        let mut raised = Vec::new();
        for (hour, state) in series {
            let (notice, next) = decide(Check::Feed, *state, told, start + Duration::hours(*hour));
            if let Some(notice) = notice {
                raised.push((*hour, notice));
            }
            told = next;
        }
        raised
    }

    const BAD: Notice = Notice::TurnedBad {
        check: Check::Feed,
        state: State::Problem,
    };
    const WARN: Notice = Notice::TurnedBad {
        check: Check::Feed,
        state: State::Warning,
    };
    const BACK: Notice = Notice::Recovered { check: Check::Feed };

    #[test]
    fn turning_bad_is_told_once_and_staying_bad_is_not_told_again() {
        let series: Vec<(i64, State)> = (0..72).map(|h| (h, State::Problem)).collect();
        assert_eq!(run(&series), [(0, BAD)], "three days broken: one notice");
    }

    #[test]
    fn recovering_is_told_once() {
        let raised = run(&[
            (0, State::Ok),
            (1, State::Problem),
            (2, State::Ok),
            (3, State::Ok),
        ]);
        assert_eq!(raised, [(1, BAD), (2, BACK)]);
    }

    #[test]
    fn flapping_raises_at_most_one_bad_notice_a_day_and_the_owner_is_not_left_believing_it_is_fine()
    {
        let mut series = Vec::new();
        for h in 0..30 {
            series.push((
                h,
                if h % 2 == 0 {
                    State::Problem
                } else {
                    State::Ok
                },
            ));
        }
        // Broken from hour 30 on, for good.
        for h in 30..40 {
            series.push((h, State::Problem));
        }
        assert_eq!(
            run(&series),
            [(0, BAD), (1, BACK), (24, BAD), (25, BACK)],
            "the problem at hour 30 is within a day of the notice at hour 24: it waits"
        );
        // The bad state from hour 30 is told as soon as a day has passed since hour 24.
        let mut later = series.clone();
        for h in 40..50 {
            later.push((h, State::Problem));
        }
        let raised = run(&later);
        assert_eq!(raised.last(), Some(&(48, BAD)));
        let bad_notices = raised
            .iter()
            .filter(|(_, n)| matches!(n, Notice::TurnedBad { .. }))
            .count();
        assert_eq!(bad_notices, 3, "hours 0, 24 and 48: one a day");
    }

    #[test]
    fn getting_worse_is_news_and_getting_milder_is_not() {
        let raised = run(&[
            (0, State::Warning),
            (30, State::Problem),
            (31, State::Warning),
            (32, State::Warning),
        ]);
        assert_eq!(raised, [(0, WARN), (30, BAD)]);
        // Worse within the day waits for the day to pass.
        let raised = run(&[
            (0, State::Warning),
            (2, State::Problem),
            (24, State::Problem),
        ]);
        assert_eq!(raised, [(0, WARN), (24, BAD)]);
    }

    #[test]
    fn skipped_changes_nothing_and_a_bad_state_never_told_recovers_silently() {
        let raised = run(&[
            (0, State::Problem),
            (1, State::Skipped),
            (2, State::Skipped),
            (3, State::Ok),
        ]);
        assert_eq!(raised, [(0, BAD), (3, BACK)]);
        let raised = run(&[
            (0, State::Problem),
            (1, State::Ok),
            (2, State::Problem),
            (3, State::Ok),
        ]);
        assert_eq!(
            raised,
            [(0, BAD), (1, BACK)],
            "hour 2 was never told, so hour 3 says nothing"
        );
    }

    #[test]
    fn told_survives_a_round_trip_through_json() {
        let told = Told {
            bad: Some(State::Warning),
            last_bad_at: Some(datetime!(2026-11-30 08:00 UTC)),
        };
        let json = serde_json::to_string(&told).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Told>(&json).ok(), Some(told));
    }
}
