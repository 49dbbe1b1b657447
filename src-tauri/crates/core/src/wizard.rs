//! The setup wizard's state machine: ten steps, where the owner is, and what each step needs.
//!
//! The UI only renders what this module decides: which step is current, which are done,
//! whether Next is allowed. Progress and non-secret values persist in the app database so the
//! owner resumes where they left off.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::DbError;

/// The ten steps of the vendor's help article (SPEC §3), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    StoreId,
    ApiAccess,
    ServiceUser,
    Token,
    FindFeed,
    FeedUrl,
    PanelSettings,
    Platform,
    IntegrationForm,
    Activation,
}

impl StepId {
    pub const ALL: [StepId; 10] = [
        StepId::StoreId,
        StepId::ApiAccess,
        StepId::ServiceUser,
        StepId::Token,
        StepId::FindFeed,
        StepId::FeedUrl,
        StepId::PanelSettings,
        StepId::Platform,
        StepId::IntegrationForm,
        StepId::Activation,
    ];

    /// 1-based position shown to the owner ("Passo 4 de 10").
    pub fn number(self) -> u8 {
        // The position in ALL is the definition of the order; ALL has 10 entries.
        StepId::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(1, |i| i as u8 + 1)
    }

    pub fn from_number(n: u8) -> Option<StepId> {
        StepId::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Behind the owner and still valid.
    Done,
    Current,
    /// Ahead, reachable once the current step is valid.
    Pending,
    /// Ahead, and the current step is not valid yet: Next cannot get there.
    Blocked,
    /// Behind the owner but no longer valid (e.g. the token was deleted): needs a visit.
    Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct StepView {
    pub id: StepId,
    pub number: u8,
    pub state: StepState,
}

/// Everything the progress rail and the Back/Next buttons need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct WizardView {
    pub current: StepId,
    pub steps: Vec<StepView>,
    pub can_go_back: bool,
    pub can_go_next: bool,
}

/// Where the owner is. Steps before `current` are done: the wizard only moves forward past a
/// valid step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub current: StepId,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            current: StepId::StoreId,
        }
    }
}

impl Progress {
    /// The rail as the owner sees it, given whether the current step is valid.
    pub fn view(&self, current_is_valid: bool) -> WizardView {
        self.view_with(|id| id != self.current || current_is_valid)
    }

    /// The rail with every step's validity known: earlier steps that are no longer valid show
    /// a problem; later steps are blocked while the current one is not valid.
    pub fn view_with(&self, is_valid: impl Fn(StepId) -> bool) -> WizardView {
        let here = self.current.number();
        let current_is_valid = is_valid(self.current);
        let steps = StepId::ALL
            .iter()
            .map(|&id| StepView {
                id,
                number: id.number(),
                state: match id.number().cmp(&here) {
                    std::cmp::Ordering::Less if is_valid(id) => StepState::Done,
                    std::cmp::Ordering::Less => StepState::Problem,
                    std::cmp::Ordering::Equal => StepState::Current,
                    std::cmp::Ordering::Greater if current_is_valid => StepState::Pending,
                    std::cmp::Ordering::Greater => StepState::Blocked,
                },
            })
            .collect();
        WizardView {
            current: self.current,
            steps,
            can_go_back: here > 1,
            can_go_next: here < 10 && current_is_valid,
        }
    }

    /// Moves forward only from a valid step; never past the last.
    pub fn next(self, current_is_valid: bool) -> Progress {
        match StepId::from_number(self.current.number() + 1) {
            Some(next) if current_is_valid => Progress { current: next },
            _ => self,
        }
    }

    pub fn back(self) -> Progress {
        match self
            .current
            .number()
            .checked_sub(1)
            .and_then(StepId::from_number)
        {
            Some(prev) => Progress { current: prev },
            None => self,
        }
    }
}

pub fn load(conn: &Connection) -> Result<Progress, DbError> {
    let step: Option<u8> = conn
        .query_row(
            "SELECT current_step FROM wizard_progress WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(step
        .and_then(StepId::from_number)
        .map_or_else(Progress::default, |current| Progress { current }))
}

pub fn save(conn: &Connection, progress: Progress) -> Result<(), DbError> {
    let _turn = crate::write_turn::WriteTurn::of(conn);
    conn.execute(
        "INSERT INTO wizard_progress (id, current_step, updated_at)
         VALUES (1, ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         ON CONFLICT(id) DO UPDATE SET current_step = excluded.current_step,
                                       updated_at = excluded.updated_at",
        [progress.current.number()],
    )?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_for_all_ten_steps() {
        for (i, id) in StepId::ALL.iter().enumerate() {
            assert_eq!(id.number() as usize, i + 1);
            assert_eq!(StepId::from_number(id.number()), Some(*id));
        }
        assert_eq!(StepId::from_number(0), None);
        assert_eq!(StepId::from_number(11), None);
    }

    #[test]
    fn next_needs_a_valid_step_and_stops_at_the_last() {
        let start = Progress::default();
        assert_eq!(start.next(false), start);
        assert_eq!(start.next(true).current, StepId::ApiAccess);
        let last = Progress {
            current: StepId::Activation,
        };
        assert_eq!(last.next(true), last);
        assert!(!last.view(true).can_go_next);
        assert_eq!(start.back(), start);
    }

    #[test]
    fn view_marks_done_current_pending() {
        let view = Progress {
            current: StepId::Token,
        }
        .view(true);
        let states: Vec<StepState> = view.steps.iter().map(|s| s.state).collect();
        assert_eq!(&states[..3], &[StepState::Done; 3]);
        assert_eq!(states[3], StepState::Current);
        assert!(states[4..].iter().all(|s| *s == StepState::Pending));
        assert!(view.can_go_back);
    }

    #[test]
    fn rail_shows_problems_behind_and_blocked_ahead() {
        let progress = Progress {
            current: StepId::FeedUrl,
        };
        let view = progress.view_with(|id| id != StepId::Token && id != StepId::FeedUrl);
        let state = |id: StepId| view.steps[usize::from(id.number()) - 1].state;
        assert_eq!(state(StepId::StoreId), StepState::Done);
        assert_eq!(state(StepId::Token), StepState::Problem);
        assert_eq!(state(StepId::FeedUrl), StepState::Current);
        assert_eq!(state(StepId::Platform), StepState::Blocked);
        assert!(!view.can_go_next);
        let fine = progress.view_with(|_| true);
        assert_eq!(fine.steps[9].state, StepState::Pending);
    }

    #[test]
    fn progress_persists_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite3");
        {
            let conn = crate::db::open(&path).unwrap();
            assert_eq!(load(&conn).unwrap(), Progress::default());
            save(
                &conn,
                Progress {
                    current: StepId::FeedUrl,
                },
            )
            .unwrap();
        }
        let conn = crate::db::open(&path).unwrap();
        assert_eq!(load(&conn).unwrap().current, StepId::FeedUrl);
    }
}
