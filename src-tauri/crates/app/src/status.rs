//! `conector status` and the dashboard's header: the same facts, from the same functions.

use serde::Serialize;

use crate::sync::{self, LiveRun, SyncOverview};
use crate::{AppError, Context};

/// What the dashboard shows, as one document.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Status {
    pub version: String,
    pub data_dir: String,
    pub overview: SyncOverview,
}

/// `running`: the run in flight in this process, if any (the command line has none).
pub fn status(ctx: &Context, running: Option<LiveRun>) -> Result<Status, AppError> {
    Ok(Status {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: ctx.paths.data_dir.display().to_string(),
        overview: sync::overview_of(ctx, running)?,
    })
}
