//! The preview rates, one saved set: points a customer earns per R$ 1 spent, and points a
//! reward costs per R$ 1 of its value. The reward picker, the dashboard's totals and cost card
//! and the e-mail previews all read them from here; the sync plan's earn rate comes from here
//! too. They are estimates for the preview: the real rule lives in the +fidelidade panel.

use conector_catalog::PreviewRates;
use conector_core::settings;
use conector_ledger::EarnRate;
use rusqlite::Connection;

use crate::sync::{change_rules, RulesChange, SyncRuns};
use crate::{keys, AppError, Context};

/// The saved rates; the defaults (`RULES`) where none was saved or a saved one is out of
/// range.
pub fn load(conn: &Connection) -> Result<PreviewRates, AppError> {
    let read = |key: &str| -> Result<Option<u32>, AppError> {
        Ok(settings::get(conn, key)?.and_then(|v| v.trim().parse().ok()))
    };
    let default = PreviewRates::DEFAULT;
    let earn = PreviewRates {
        earn_points_per_real: read(keys::PREVIEW_EARN_POINTS_PER_REAL)?
            .unwrap_or(default.earn_points_per_real),
        ..default
    };
    let earn = earn.checked().unwrap_or(default);
    let both = PreviewRates {
        cost_points_per_real: read(keys::PREVIEW_COST_POINTS_PER_REAL)?
            .unwrap_or(default.cost_points_per_real),
        ..earn
    };
    Ok(both.checked().unwrap_or(earn))
}

/// The ledger's earn rate for the saved preview rates.
pub fn earn_rate(rates: PreviewRates) -> EarnRate {
    EarnRate {
        hundredths_per_real: i64::from(rates.earn_points_per_real) * 100,
    }
}

pub fn view(ctx: &Context) -> Result<PreviewRates, AppError> {
    ctx.with_db(load)
}

/// Saves new rates (each a whole number from 1 to its maximum). A new earn rate recomputes
/// the preview's points from the stored orders in the same transaction as the setting, as a
/// change of final statuses does (a run in flight is stopped first); a new reward cost changes
/// no points, only what they are worth.
pub async fn save(
    ctx: &Context,
    sync: &SyncRuns,
    new: PreviewRates,
) -> Result<PreviewRates, AppError> {
    let new = new.checked()?;
    let change = RulesChange {
        final_statuses: None,
        earn: Some(earn_rate(new)),
    };
    change_rules(ctx, sync, change, move |tx| write(tx, new)).await?;
    view(ctx)
}

fn write(conn: &Connection, rates: PreviewRates) -> Result<(), AppError> {
    settings::set(
        conn,
        keys::PREVIEW_EARN_POINTS_PER_REAL,
        &rates.earn_points_per_real.to_string(),
    )?;
    settings::set(
        conn,
        keys::PREVIEW_COST_POINTS_PER_REAL,
        &rates.cost_points_per_real.to_string(),
    )?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn saved_rates_are_read_back_and_bad_ones_fall_back_to_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let conn = conector_core::db::open(&dir.path().join("db.sqlite3")).unwrap();
        assert_eq!(load(&conn).unwrap(), PreviewRates::DEFAULT);
        let mine = PreviewRates {
            earn_points_per_real: 2,
            cost_points_per_real: 50,
        };
        write(&conn, mine).unwrap();
        assert_eq!(load(&conn).unwrap(), mine);
        assert_eq!(earn_rate(mine).points_for(10_000, 0), 200);
        // A value written by hand out of range is not used; the other one still is.
        settings::set(&conn, keys::PREVIEW_COST_POINTS_PER_REAL, "0").unwrap();
        assert_eq!(
            load(&conn).unwrap(),
            PreviewRates {
                earn_points_per_real: 2,
                cost_points_per_real: 20
            }
        );
        settings::set(&conn, keys::PREVIEW_EARN_POINTS_PER_REAL, "muitos").unwrap();
        assert_eq!(load(&conn).unwrap(), PreviewRates::DEFAULT);
    }
}
