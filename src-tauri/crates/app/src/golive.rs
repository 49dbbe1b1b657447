//! Step 10: the checklist, the owner's record of the +fidelidade panel's switches, and the
//! hand-over (the local preview engine stops while the integration is on).

use std::time::Duration;

use conector_setup::checklist::{self, ActivationView, Switch};

use crate::sync::SyncService;
use crate::{AppError, Context};

pub fn view(ctx: &Context) -> Result<ActivationView, AppError> {
    Ok(ctx.with_db(checklist::view)?)
}

/// Records go-live (refused while the checklist is incomplete) or the return to preview. Going
/// live stops a preview run in flight; the engine refuses new runs while handed over.
pub async fn set_active(
    ctx: &Context,
    sync: Option<&SyncService>,
    on: bool,
) -> Result<ActivationView, AppError> {
    let view = ctx.with_db(|conn| checklist::set_active(conn, on))?;
    if on {
        if let Some(sync) = sync {
            if sync.stop_current(Duration::from_secs(30)).await.is_err() {
                tracing::warn!("a preview sync was still running 30 s after go-live");
            }
        }
    }
    tracing::info!(on, "go-live recorded");
    Ok(view)
}

/// Records the position of one of the panel's switches, as the owner reports it.
pub fn set_switch(ctx: &Context, which: Switch, on: bool) -> Result<ActivationView, AppError> {
    Ok(ctx.with_db(|conn| {
        checklist::set_switch(conn, which, on)?;
        checklist::view(conn)
    })?)
}
