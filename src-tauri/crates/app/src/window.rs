//! The domain types the window's commands take and return, re-exported so that the desktop
//! shell knows only this crate (and `conector-core`): a command's signature names them from
//! here.

pub use conector_catalog::{ImportReport, PastedCheck, PreviewRates, SelectionSummary};
pub use conector_core::wizard::WizardView;
pub use conector_ledger::{
    CustomerPoints, CustomerQuery, EmailKind, HistoryEntry, Page, SkipReason, SkippedOrder,
};
pub use conector_setup::handover::Switch;
pub use conector_setup::integration::{FormField, FormView, IntegrationForm};
pub use conector_setup::review::{ReviewField, ReviewKey};
pub use conector_setup::{Confirmation, ConnectionOutcome, Platform, StoreView};
pub use conector_simplo7::{AddressDiscovery, AddressPreview};

pub use crate::checklist::PanelConfirmation;
pub use crate::clipboard::{ClipboardEvent, ReviewCopied};
pub use crate::desktop::DesktopError;
pub use crate::diagnostics::{AboutInfo, StartupProblem};
pub use crate::feed::{FeedEvent, FeedStatus, RewardPage, RewardSearch, RewardTarget};
pub use crate::golive::ActivationView;
pub use crate::health::{
    FirstHours, FirstHoursAnswer, HealthRun, HealthView, Notification, NotificationTitle,
    SupportReport,
};
pub use crate::preferences::Locale;
pub use crate::privacy::PrivacyView;
pub use crate::sync::{EmailPreviews, ProgressListener, SyncOverview, SyncProgress, SyncSettings};
