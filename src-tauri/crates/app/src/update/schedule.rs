//! When the background check runs: at start and every [`rules::UPDATE_CHECK_HOURS`] while the
//! app runs, never while a feed import or a sync run is going (a restart would cut it), and
//! never when the owner turned the automatic check off or the build has no updater.

use time::{Duration, OffsetDateTime, Time};

use crate::rules;

/// Work that an update's restart would cut: the caller knows what is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Busy {
    pub feed_import: bool,
    pub sync_run: bool,
}

impl Busy {
    pub fn any(self) -> bool {
        self.feed_import || self.sync_run
    }
}

/// When the next automatic check is due: `None` while it must not run (no updater in this build,
/// the owner turned it off, an import or a sync run is going — the loop asks again when that
/// ends); `now` when no check ran since the app started; else a day after the last one.
pub fn next_check(
    updater_on: bool,
    auto_check: bool,
    busy: Busy,
    last_check: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    if !updater_on || !auto_check || busy.any() {
        return None;
    }
    let every = Duration::hours(i64::from(rules::UPDATE_CHECK_HOURS));
    Some(last_check.map_or(now, |last| last + every))
}

/// "Depois": the start of the next day, in the store's time zone (the owner's: the stores this
/// app serves are in Brazil), as a UTC instant.
pub fn banner_hidden_until(now: OffsetDateTime) -> OffsetDateTime {
    let local = now.to_offset(conector_core::STORE_UTC_OFFSET);
    let tomorrow = local.date().next_day().unwrap_or(local.date());
    tomorrow
        .with_time(Time::MIDNIGHT)
        .assume_offset(conector_core::STORE_UTC_OFFSET)
        .to_offset(time::UtcOffset::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-07 15:00 UTC);
    const IDLE: Busy = Busy {
        feed_import: false,
        sync_run: false,
    };

    #[test]
    fn the_first_check_is_at_start_then_one_a_day() {
        assert_eq!(next_check(true, true, IDLE, None, NOW), Some(NOW));
        let last = datetime!(2026-12-07 09:30 UTC);
        assert_eq!(
            next_check(true, true, IDLE, Some(last), NOW),
            Some(datetime!(2026-12-08 09:30 UTC))
        );
    }

    #[test]
    fn no_check_without_updater_when_turned_off_or_while_work_runs() {
        assert_eq!(next_check(false, true, IDLE, None, NOW), None);
        assert_eq!(next_check(true, false, IDLE, None, NOW), None);
        let importing = Busy {
            feed_import: true,
            ..IDLE
        };
        let syncing = Busy {
            sync_run: true,
            ..IDLE
        };
        assert_eq!(next_check(true, true, importing, None, NOW), None);
        assert_eq!(next_check(true, true, syncing, None, NOW), None);
    }

    #[test]
    fn later_means_the_start_of_the_owners_next_day() {
        // 23:30 in São Paulo is 02:30 UTC the next calendar day: still "today" for the owner.
        assert_eq!(
            banner_hidden_until(datetime!(2026-12-08 02:30 UTC)),
            datetime!(2026-12-08 03:00 UTC)
        );
        assert_eq!(
            banner_hidden_until(datetime!(2026-12-07 11:00 UTC)),
            datetime!(2026-12-08 03:00 UTC)
        );
    }
}
