//! The customers' personal data the preview keeps on this computer (names, CPF/CNPJ, e-mails and
//! phones, in the order snapshots and the points ledger), and the customers' names of the orders
//! the go-live check follows after go-live. Under the LGPD data is kept only while
//! it serves its purpose, so:
//!
//! - the owner can erase it at any time ("Apagar dados da prévia"): orders, customers and the
//!   ledger go; settings and the catalogue stay. In preview mode the background runs then wait
//!   for "Sincronizar agora", or they would read it all back within minutes;
//! - after go-live the preview has no more use for it: it is erased
//!   [`rules::ERASE_AFTER_GO_LIVE_DAYS`] days after the owner's record of go-live, unless the
//!   owner chooses to keep it ([`EraseWhenDue`], a job of the background loop, so at start-up
//!   too);
//! - erased means gone from the file: it is rebuilt without them (`VACUUM`) and the write-ahead
//!   log is emptied (retried at each tick while a reader is in the way) — and gone from every
//!   copy the app made ([`crate::copies`]: a damaged file set aside, an earlier build's folder).
//!
//! The diagnostic export never carries it (it reads counts only, then redacts).

use std::path::PathBuf;

use conector_core::activation::{activation, Activation};
use conector_core::settings;
use conector_core::timestamp;
use conector_core::write_turn::WriteTurn;
use rusqlite::Connection;
use serde::Serialize;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::copies::{self, DataCopy};
use crate::jobs::{Job, JobRun};
use crate::sync::SyncRuns;
use crate::{keys, rules, AppError, Context};

/// What the dashboard and the hand-over say about the customers' data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PrivacyView {
    /// The file that holds it (the app's database).
    pub database: String,
    pub customers: u64,
    pub orders: u64,
    /// Points-ledger entries: each carries its customer's key (a CPF/CNPJ or an e-mail), and
    /// they stay after their order left the preview (the start date moved later).
    pub entries: u64,
    /// Orders placed after go-live that the go-live check follows ("As primeiras 72 horas":
    /// each with its customer's name).
    pub golive_orders: u64,
    /// The last erase, when there was one.
    pub erased: Option<ErasedRecord>,
    /// The owner recorded go-live: the preview no longer needs the data.
    pub handed_over: bool,
    /// After go-live, when the data will be erased (UTC, RFC 3339) — unless kept.
    pub erase_on: Option<String>,
    /// The owner chose to keep the data after this go-live.
    pub kept: bool,
    /// Background preview runs wait for "Sincronizar agora" since an erase.
    pub sync_paused: bool,
    /// Copies of the data the app left besides the live file (erased with it).
    pub copies: Vec<DataCopy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ErasedRecord {
    /// UTC, RFC 3339.
    pub at: String,
    /// Erased by the app after go-live, not by the owner.
    pub automatic: bool,
}

pub fn view(ctx: &Context) -> Result<PrivacyView, AppError> {
    let copies = copies::find(ctx.database_path());
    let database = ctx.database_path().display().to_string();
    ctx.with_db(|conn| view_in(conn, database, copies))
}

fn view_in(
    conn: &Connection,
    database: String,
    copies: Vec<DataCopy>,
) -> Result<PrivacyView, AppError> {
    let held = conector_ledger::erase::held(conn)?;
    let erased = match settings::get(conn, keys::PRIVACY_ERASED_AT)? {
        Some(at) => Some(ErasedRecord {
            at,
            automatic: settings::get(conn, keys::PRIVACY_ERASED_BY)?.as_deref()
                == Some("automatic"),
        }),
        None => None,
    };
    let (handed_over, kept, erase_on) = match activation(conn)? {
        Activation::HandedOver { since } => {
            let kept = kept_for(conn, &since)?;
            let erase_on = (!kept)
                .then(|| due(&since))
                .flatten()
                .map(timestamp::format);
            (true, kept, erase_on)
        }
        Activation::Preview { .. } => (false, false, None),
    };
    Ok(PrivacyView {
        database,
        customers: held.customers,
        orders: held.orders,
        entries: held.entries,
        golive_orders: crate::health::golive_orders::held(conn)?,
        erased,
        handed_over,
        erase_on,
        kept,
        sync_paused: paused(conn)?,
        copies,
    })
}

/// "Apagar dados da prévia": erases the customers' data now, from the live file and from every
/// copy. In preview mode the background runs are paused first (and stay paused until
/// "Sincronizar agora"), then a run in flight is stopped, so that nothing writes it back.
pub async fn erase(ctx: &Context, sync: &SyncRuns) -> Result<PrivacyView, AppError> {
    let preview = !ctx.with_db(activation)?.is_active();
    if preview {
        ctx.with_db(|conn| settings::set(conn, keys::PRIVACY_SYNC_PAUSED, "1"))?;
    }
    sync.stop_current(ctx, rules::STOP_RUN_TIMEOUT).await?;
    let now = ctx.now();
    // Its own connection, off the async workers: rebuilding the file takes a while, and the
    // shared connection keeps answering the window meanwhile.
    let mut conn = ctx.open_connection()?;
    tokio::task::spawn_blocking(move || erase_in(&mut conn, now, false))
        .await
        .map_err(AppError::Interrupted)??;
    view(ctx)
}

/// After go-live: the owner keeps the data (`true`), or lets it be erased on the due day.
pub fn keep(ctx: &Context, keep: bool) -> Result<PrivacyView, AppError> {
    ctx.with_db(|conn| {
        match (activation(conn)?, keep) {
            (Activation::HandedOver { since }, true) => {
                settings::set(conn, keys::PRIVACY_KEEP_FOR, &since)?
            }
            _ => settings::remove(conn, keys::PRIVACY_KEEP_FOR)?,
        }
        Ok::<_, AppError>(())
    })?;
    view(ctx)
}

/// When the background loop should look at the customers' data again: at once while an
/// earlier erase could not empty the write-ahead log (see [`erase_in`]); else on the erase day
/// ([`erase_day`]); `None` when there is nothing to do.
pub fn erase_due_at(conn: &Connection) -> Result<Option<OffsetDateTime>, AppError> {
    if settings::get(conn, keys::PRIVACY_WAL_PENDING)?.is_some() {
        return Ok(Some(OffsetDateTime::UNIX_EPOCH));
    }
    erase_day(conn)
}

/// The day the data must be erased: [`rules::ERASE_AFTER_GO_LIVE_DAYS`] days after the owner's
/// record of go-live, unless the owner chose to keep it — while anything holds it: an order, a
/// ledger entry (each carries its customer's key, a CPF or an e-mail, even once its order left
/// the preview), a go-live order, or a copy. `None` when nothing is to be erased.
pub fn erase_day(conn: &Connection) -> Result<Option<OffsetDateTime>, AppError> {
    let Activation::HandedOver { since } = activation(conn)? else {
        return Ok(None);
    };
    if kept_for(conn, &since)? || !holds_any(conn)? {
        return Ok(None);
    }
    Ok(due(&since))
}

/// At each look of the background loop: first, empties the write-ahead log if an earlier erase
/// could not; then erases the data when its day ([`erase_day`]) has come. `true` when it erased
/// something.
pub fn erase_if_due(conn: &mut Connection, now: OffsetDateTime) -> Result<bool, AppError> {
    if settings::get(conn, keys::PRIVACY_WAL_PENDING)?.is_some() {
        settings::remove(conn, keys::PRIVACY_WAL_PENDING)?;
        empty_wal(conn)?;
    }
    if erase_day(conn)?.is_none_or(|at| at > now) {
        return Ok(false);
    }
    erase_in(conn, now, true)?;
    Ok(true)
}

/// Whether the live file or a copy holds customers' data.
fn holds_any(conn: &Connection) -> Result<bool, AppError> {
    let held = conector_ledger::erase::held(conn)?;
    Ok(held.orders > 0
        || held.entries > 0
        || crate::health::golive_orders::held(conn)? > 0
        || database_of(conn).is_some_and(|db| !copies::find(&db).is_empty()))
}

/// The file `conn` has open (`None` for an in-memory database).
fn database_of(conn: &Connection) -> Option<PathBuf> {
    conn.path().filter(|p| !p.is_empty()).map(PathBuf::from)
}

/// The erase after go-live, a job of the background loop ([`crate::jobs`]): due on its day,
/// checked whenever the loop looks (at start-up too).
#[derive(Default)]
pub struct EraseWhenDue {
    /// Not again before this (a nap after each run).
    retry_after: std::sync::Mutex<Option<OffsetDateTime>>,
}

impl Job for EraseWhenDue {
    fn name(&self) -> &'static str {
        "privacy erase"
    }

    fn due(&self, ctx: &Context, _now: OffsetDateTime, started: bool) -> Option<OffsetDateTime> {
        if !started {
            return None;
        }
        let due = ctx.with_db(erase_due_at).unwrap_or_else(|e| {
            conector_core::log_error("the customer data's erase day could not be read", &e);
            None
        })?;
        let retry = *self.retry_after.lock().unwrap_or_else(|p| p.into_inner());
        Some(retry.map_or(due, |r| due.max(r)))
    }

    fn run(self: Arc<Self>, ctx: Arc<Context>) -> JobRun {
        Box::pin(async move {
            let now = ctx.now();
            let erased = match ctx.open_connection() {
                // Off the async workers: rebuilding the file takes a while.
                Ok(mut conn) => tokio::task::spawn_blocking(move || erase_if_due(&mut conn, now))
                    .await
                    .map_err(AppError::Interrupted)
                    .and_then(|r| r),
                Err(e) => Err(e.into()),
            };
            if let Err(e) = erased {
                conector_core::log_error("the customer data due for erasing was not erased", &e);
            }
            // Not again before a nap: a failure, or a write-ahead log still busy, may repeat.
            *self.retry_after.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(now + crate::jobs::MAX_NAP);
        })
    }
}

/// Whether background runs wait for the owner since an erase.
pub fn paused(conn: &Connection) -> Result<bool, AppError> {
    Ok(settings::get(conn, keys::PRIVACY_SYNC_PAUSED)?.is_some())
}

/// The owner asked for a run: background runs may go on again.
pub fn resume(conn: &Connection) -> Result<(), AppError> {
    settings::remove(conn, keys::PRIVACY_SYNC_PAUSED)?;
    Ok(())
}

fn kept_for(conn: &Connection, since: &str) -> Result<bool, AppError> {
    Ok(settings::get(conn, keys::PRIVACY_KEEP_FOR)?.as_deref() == Some(since))
}

/// The day the data of a go-live recorded at `since` is erased.
fn due(since: &str) -> Option<OffsetDateTime> {
    let live = timestamp::parse(since)?;
    Some(live + time::Duration::days(i64::from(rules::ERASE_AFTER_GO_LIVE_DAYS)))
}

/// One transaction: the ledger's rows, the order snapshots and the go-live check's orders go, the engine forgets where it
/// stood (the next run reads the store again from the start date), and the erase is recorded.
/// Then the file is rebuilt (`VACUUM`): deleting rows leaves their bytes in the pages' free
/// space, and a rebuilt file holds only what is still there. The write-ahead log is emptied
/// last. Takes as long as rewriting the database (the catalogue is most of it); readers go on.
fn erase_in(conn: &mut Connection, now: OffsetDateTime, automatic: bool) -> Result<(), AppError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    let held = conector_ledger::erase::erase_all(&tx)?;
    let golive = crate::health::golive_orders::erase_all(&tx)?;
    conector_sync::forget_progress(&tx)?;
    settings::set(&tx, keys::PRIVACY_ERASED_AT, &timestamp::format(now))?;
    settings::set(
        &tx,
        keys::PRIVACY_ERASED_BY,
        if automatic { "automatic" } else { "owner" },
    )?;
    tx.commit()?;
    {
        // Rebuilding the file is one long write: the app's other writers wait their turn.
        let _turn = WriteTurn::of(conn);
        conn.execute_batch("VACUUM")?;
        empty_wal(conn)?;
    }
    let left = match database_of(conn) {
        Some(db) => copies::delete(&copies::find(&db)).len(),
        None => 0,
    };
    tracing::info!(
        copies_left = left,
        orders = held.orders,
        customers = held.customers,
        entries = held.entries,
        golive,
        automatic,
        "the preview's customer data was erased"
    );
    Ok(())
}

/// Copies the write-ahead log into the file and empties it: until then the log still holds the
/// pages from before the erase. A reader still on an older snapshot (a run, the health watch,
/// a search) keeps the log from being emptied until its read ends: then the erase is marked
/// pending and [`erase_if_due`] tries again at each tick until it succeeds.
fn empty_wal(conn: &Connection) -> Result<(), AppError> {
    let _turn = WriteTurn::of(conn);
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        tracing::warn!(
            "the write-ahead log could not be emptied after the erase; retried at the next tick"
        );
        settings::set(conn, keys::PRIVACY_WAL_PENDING, "1")?;
    }
    Ok(())
}
