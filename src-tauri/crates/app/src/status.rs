//! `conector status` and the dashboard's header: the same facts, from the same functions.

use serde::Serialize;

use crate::sync::{self, SyncOverview, SyncService};
use crate::{AppError, Context};

/// What the dashboard shows, as one document.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Status {
    pub version: String,
    pub data_dir: String,
    pub overview: SyncOverview,
}

pub fn status(ctx: &Context, sync: Option<&SyncService>) -> Result<Status, AppError> {
    Ok(Status {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: ctx.paths.data_dir.display().to_string(),
        overview: sync::overview_of(ctx, sync)?,
    })
}
