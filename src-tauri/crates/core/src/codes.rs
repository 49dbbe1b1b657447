//! Every message code the product can send to the owner, in one list: the bindings export it as
//! a union of string literals, so a code without a text in the catalogue fails the UI's type
//! check, and a Rust test fails the command line's catalogue the same way.
//!
//! Codes are stable once shipped. Add new ones in the section of their area.

use serde::{Deserialize, Serialize};

/// Declares the enum, its wire strings and the list of all codes in one place.
macro_rules! codes {
    ($( $(#[$meta:meta])* $variant:ident = $code:tt, )*) => {
        /// A stable, dotted message code (`area.what`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
        pub enum MessageCode {
            $( $(#[$meta])* #[serde(rename = $code)] $variant, )*
        }

        impl MessageCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [MessageCode] = &[$(MessageCode::$variant,)*];

            /// The code as sent across IPC (`store.token_rejected`).
            pub fn as_str(self) -> &'static str {
                match self { $(MessageCode::$variant => $code,)* }
            }
        }
    };
}

impl std::fmt::Display for MessageCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

codes! {
    // — anything unexpected (a task that panicked, a reply that could not be serialised)
    Internal = "app.internal",

    // — the app database
    DbOpenFailed = "db.open_failed",
    DbTooNew = "db.too_new",
    DbMigrationFailed = "db.migration_failed",
    DbQueryFailed = "db.query_failed",
    DbLocked = "db.locked",

    // — the store API (simplo7)
    StoreMissingStoreId = "store.missing_store_id",
    StoreInvalidStoreId = "store.invalid_store_id",
    StoreIdLetters = "store.store_id_letters",
    StoreIdLooksLikeToken = "store.store_id_looks_like_token",
    StoreIdTooLong = "store.store_id_too_long",
    StoreInvalidAddress = "store.invalid_address",
    StoreAddressEmpty = "store.address_empty",
    StoreAddressLooksLikeToken = "store.address_looks_like_token",
    StoreAddressIncomplete = "store.address_incomplete",
    StoreAddressScheme = "store.address_scheme",
    StoreAddressCredentials = "store.address_credentials",
    StoreAddressQuery = "store.address_query",
    StoreAddressPath = "store.address_path",
    StoreInsecureAddress = "store.insecure_address",
    StoreMissingToken = "store.missing_token",
    StoreMalformedToken = "store.malformed_token",
    StoreTokenRejected = "store.token_rejected",
    StoreNotFound = "store.not_found",
    StoreOrderNotFound = "store.order_not_found",
    StoreNotJson = "store.not_json",
    StoreNotJsonEmpty = "store.not_json_empty",
    StoreNotJsonHtml = "store.not_json_html",
    StoreUnexpectedResponse = "store.unexpected_response",
    StoreUnreachable = "store.unreachable",
    StoreTimeout = "store.timeout",
    StoreRateLimited = "store.rate_limited",
    StoreServerError = "store.server_error",
    StoreUnexpectedStatus = "store.unexpected_status",
    StoreEndlessPages = "store.endless_pages",
    StoreRedirectedAway = "store.redirected_away",
    StoreSetup = "store.setup",

    // — the OS keychain
    SecretsUnavailable = "secrets.unavailable",
    SecretsEmptyToken = "secrets.empty_token",
    SecretsCorrupt = "secrets.corrupt",
    SecretsFailed = "secrets.failed",

    // — the product feed
    FeedEmptyBody = "feed.empty_body",
    FeedHtmlPage = "feed.html_page",
    FeedLoginPage = "feed.login_page",
    FeedSitemap = "feed.sitemap",
    FeedNewsFeed = "feed.news_feed",
    FeedNoItems = "feed.no_items",
    FeedNoUsableItems = "feed.no_usable_items",
    FeedBinary = "feed.binary",
    FeedNotXml = "feed.not_xml",
    FeedOtherXml = "feed.other_xml",
    FeedTruncated = "feed.truncated",
    FeedMalformed = "feed.malformed",
    FeedDownloadFailed = "feed.download_failed",
    FeedHttpStatus = "feed.http_status",
    FeedTimeout = "feed.timeout",
    FeedTooLarge = "feed.too_large",
    FeedCancelled = "feed.cancelled",
    FeedStopped = "feed.stopped",
    FeedOpenFailed = "feed.open_failed",
    FeedInterrupted = "feed.interrupted",
    FeedLooksLikeToken = "feed.looks_like_token",
    FeedImportRunning = "feed.import_running",
    // the download policy refused an address before sending anything (issue #23)
    FeedRefusedInsecure = "feed.refused_insecure",
    FeedRefusedPrivateAddress = "feed.refused_private_address",
    FeedRefusedTooManyRedirects = "feed.refused_too_many_redirects",
    // the feed address as +fidelidade would see it in the panel (issue #21 item 6)
    FeedPanelDemoStore = "feed.panel.demo_store",
    FeedPanelPlainHttp = "feed.panel.plain_http",
    FeedPanelThisComputer = "feed.panel.this_computer",
    FeedPanelPrivateNetwork = "feed.panel.private_network",
    // hard limits on what one feed may cost (SPEC §6)
    FeedLimitDecompressed = "feed.limit.decompressed",
    FeedLimitDepth = "feed.limit.depth",
    FeedLimitTag = "feed.limit.tag",
    FeedLimitItems = "feed.limit.items",
    FeedLimitDuration = "feed.limit.duration",
    // problems found in single products (the feed is still read)
    FeedProblemMissingId = "feed.problem.missing_id",
    FeedProblemMissingPrice = "feed.problem.missing_price",
    FeedProblemUnreadablePrice = "feed.problem.unreadable_price",
    FeedProblemDuplicateId = "feed.problem.duplicate_id",
    FeedProblemMissingTitle = "feed.problem.missing_title",
    FeedProblemMissingImage = "feed.problem.missing_image",
    FeedProblemRelativeUrl = "feed.problem.relative_url",
    FeedProblemMalformedUrl = "feed.problem.malformed_url",
    FeedProblemUnknownAvailability = "feed.problem.unknown_availability",
    FeedProblemUnreadableSalePrice = "feed.problem.unreadable_sale_price",
    FeedProblemIdTooLong = "feed.problem.id_too_long",
    FeedProblemFieldTruncated = "feed.problem.field_truncated",

    // — the catalogue and the reward picker
    CatalogDbFailed = "catalog.db_failed",
    CatalogInvalidRate = "catalog.invalid_rate",
    CatalogInvalidCouponDays = "catalog.invalid_coupon_days",

    // — the points ledger
    LedgerDbFailed = "ledger.db_failed",
    LedgerNegativeRate = "ledger.negative_rate",

    // — the sync engine and its settings
    SyncAlreadyRunning = "sync.already_running",
    SyncLockFailed = "sync.lock_failed",
    SyncNoFinalStatuses = "sync.no_final_statuses",
    SyncNoStore = "sync.no_store",
    SyncNotConnected = "sync.not_connected",
    SyncTooFewFinalStatuses = "sync.too_few_final_statuses",
    SyncUnknownStatus = "sync.unknown_status",
    SyncBadDate = "sync.bad_date",
    SyncFutureDate = "sync.future_date",
    SyncBadInterval = "sync.bad_interval",
    SyncBadReturnWindow = "sync.bad_return_window",
    SyncHandedOver = "sync.handed_over",
    SyncStillRunning = "sync.still_running",
    SyncInterrupted = "sync.interrupted",
    // how a run ended (the command line's `status`)
    SyncResultRunning = "sync.result.running",
    SyncResultOk = "sync.result.ok",
    SyncResultCancelled = "sync.result.cancelled",
    SyncResultHandedOver = "sync.result.handed_over",
    SyncResultFailed = "sync.result.failed",
    SyncResultInterrupted = "sync.result.interrupted",

    // — the wizard's setup steps
    SetupNoStore = "setup.no_store",
    SetupNoToken = "setup.no_token",
    SetupInterrupted = "setup.interrupted",
    ActivationChecklistIncomplete = "activation.checklist_incomplete",
    /// The panel's switches are recorded in the article's order; one before "Ativar integração"
    /// is still open.
    ActivationPanelStepsPending = "activation.panel_steps_pending",

    // — step 9's form: field notes (blocking or advice) and link checks
    FormUncheckedLink = "form.unchecked_link",
    FormMissingLink = "form.missing_link",
    FormInsecureLink = "form.insecure_link",
    FormInvalidLink = "form.invalid_link",
    FormOtherSite = "form.other_site",
    FormCouponDays = "form.coupon_days",
    FormTooFewStatuses = "form.too_few_statuses",
    FormNoRewards = "form.no_rewards",
    FormUnreachable = "form.unreachable",
    FormLinkTimeout = "form.link_timeout",
    FormLinkStatus = "form.link_status",
    FormLinkTooManyRedirects = "form.link_too_many_redirects",
    FormLinkInsecure = "form.link_insecure",
    FormLinkPrivateAddress = "form.link_private_address",
    FormLinkRedirected = "form.link_redirected",
    FormLooksLikeToken = "form.looks_like_token",
    /// A chosen final status looks like a cancellation or a return (a question to answer).
    FormReversalStatus = "form.reversal_status",
    /// The owner answered "sim, é isso mesmo" about such a status.
    FormReversalStatusConfirmed = "form.reversal_status_confirmed",
    /// A chosen final status comes before delivery (paid, shipped…): its orders earn points
    /// before the goods reach the customer. Advice, not a block.
    FormBeforeDeliveryStatus = "form.before_delivery_status",
    /// No chosen status looks like delivery; the store has one that does.
    FormNoDeliveredStatus = "form.no_delivered_status",
    /// No chosen status looks like delivery, and no status of the store does.
    FormNoDeliveredStatusInStore = "form.no_delivered_status_in_store",
    /// The coupon a redemption would create today (an example under the coupon field).
    FormCouponSample = "form.coupon_sample",
    /// The same sample for a reward priced in another currency: its price as the feed gives
    /// it, and that it cannot be put in R$.
    FormCouponSampleForeign = "form.coupon_sample_foreign",

    // — the health watch after go-live: what each check found, and what to do
    HealthTokenOk = "health.token.ok",
    HealthTokenNoStore = "health.token.no_store",
    HealthTokenNoToken = "health.token.no_token",
    HealthStatusesOk = "health.statuses.ok",
    HealthStatusesMissing = "health.statuses.missing",
    HealthStatusesNoneChosen = "health.statuses.none_chosen",
    HealthStatusesNotChecked = "health.statuses.not_checked",
    HealthFeedOk = "health.feed.ok",
    HealthFeedUnchanged = "health.feed.unchanged",
    HealthFeedDropped = "health.feed.dropped",
    HealthFeedNone = "health.feed.none",
    /// The feed's prices are in another currency than at step 6.
    HealthFeedCurrencyChanged = "health.feed.currency_changed",
    HealthRewardsOk = "health.rewards.ok",
    HealthRewardsSomeOutOfStock = "health.rewards.some_out_of_stock",
    HealthRewardsAllOutOfStock = "health.rewards.all_out_of_stock",
    HealthRewardsMissing = "health.rewards.missing",
    HealthRewardsAllMissing = "health.rewards.all_missing",
    HealthRewardsWholeCatalog = "health.rewards.whole_catalog",
    HealthRewardsNoneChosen = "health.rewards.none_chosen",
    HealthRewardsNotChecked = "health.rewards.not_checked",
    HealthLinksOk = "health.links.ok",
    HealthLinksSiteStatus = "health.links.site_status",
    HealthLinksSiteUnreachable = "health.links.site_unreachable",
    HealthLinksSignupStatus = "health.links.signup_status",
    HealthLinksSignupUnreachable = "health.links.signup_unreachable",
    HealthLinksNone = "health.links.none",
    HealthTodoToken = "health.todo.token",
    HealthTodoConnect = "health.todo.connect",
    HealthTodoStoreAddress = "health.todo.store_address",
    HealthTodoStoreLater = "health.todo.store_later",
    HealthTodoStatuses = "health.todo.statuses",
    HealthTodoFeed = "health.todo.feed",
    HealthTodoFeedLater = "health.todo.feed_later",
    HealthTodoFeedDropped = "health.todo.feed_dropped",
    HealthTodoFeedCurrency = "health.todo.feed_currency",
    HealthTodoRewards = "health.todo.rewards",
    HealthTodoRewardsStock = "health.todo.rewards_stock",
    HealthTodoLinks = "health.todo.links",
    // the checks' names, and the desktop's words (notifications, tray menu)
    HealthCheckToken = "health.check.token",
    HealthCheckStatuses = "health.check.statuses",
    HealthCheckFeed = "health.check.feed",
    HealthCheckRewards = "health.check.rewards",
    HealthCheckLinks = "health.check.links",
    HealthStateOk = "health.state.ok",
    HealthStateWarning = "health.state.warning",
    HealthStateProblem = "health.state.problem",
    HealthStateSkipped = "health.state.skipped",
    /// The label before a check's advice ("O que fazer:").
    HealthTodo = "health.todo",
    HealthNotifyProblem = "health.notify.problem",
    HealthNotifyWarning = "health.notify.warning",
    HealthNotifyRecovered = "health.notify.recovered",
    HealthTrayKept = "health.tray.kept",
    HealthTrayOpen = "health.tray.open",
    HealthTrayCheckNow = "health.tray.check_now",
    HealthTrayQuit = "health.tray.quit",
    HealthAutostartFailed = "health.autostart_failed",
    // the go-live check ("As primeiras 72 horas")
    HealthFirstHoursNotAnswerable = "health.first_hours.not_answerable",
    HealthFirstHoursUnknownOrder = "health.first_hours.unknown_order",
    HealthFirstHoursNothingToReport = "health.first_hours.nothing_to_report",

    // — the demo store
    DemoBindFailed = "demo.bind_failed",
    DemoUnknownOrder = "demo.unknown_order",
    DemoUnknownStatus = "demo.unknown_status",

    // — diagnostics and the startup problem page
    DiagnosticsWriteFailed = "diagnostics.write_failed",
    DiagnosticsZipFailed = "diagnostics.zip_failed",
    DiagnosticsSetAsideFailed = "diagnostics.set_aside_failed",
    DiagnosticsStartFreshRefused = "diagnostics.start_fresh_refused",

    // — the desktop around the app
    DesktopUrlRefused = "desktop.url_refused",
    DesktopOpenFailed = "desktop.open_failed",
    ClipboardFailed = "clipboard.failed",

    // — "Remover tudo deste computador" (Sobre, `conector remove-everything`)
    RemoveAppRunning = "remove.app_running",
    RemoveDeleteFailed = "remove.delete_failed",
    RemoveLoginItemFailed = "remove.login_item_failed",

    // — updates (each failure leaves the running version as it is)
    UpdateOff = "update.off",
    UpdateUnreachable = "update.unreachable",
    UpdateBadSignature = "update.bad_signature",
    UpdateDownloadFailed = "update.download_failed",
    UpdateNoSpace = "update.no_space",
    UpdateInstallFailed = "update.install_failed",
    UpdateNothingToInstall = "update.nothing_to_install",
    UpdateNotifyTitle = "update.notify_title",
    UpdateNotifyBody = "update.notify_body",

    // — the command line: its refusals, then what it prints (labels and lines around the
    // values; the values' own words come from the codes above)
    CliOnceRequired = "cli.once_required",
    CliNoDataDir = "cli.no_data_dir",
    CliError = "cli.error",
    CliCustomers = "cli.customers",
    CliOrdersEarning = "cli.orders_earning",
    CliPoints = "cli.points",
    CliFeedSummary = "cli.feed.summary",
    CliFeedVariantGroups = "cli.feed.variant_groups",
    CliFeedInStock = "cli.feed.in_stock",
    CliFeedWithSalePrice = "cli.feed.with_sale_price",
    CliFeedWithImage = "cli.feed.with_image",
    CliFeedProblems = "cli.feed.problems",
    CliFeedFirstProblems = "cli.feed.first_problems",
    CliFeedProduct = "cli.feed.product",
    CliFeedJsonlRequired = "cli.feed.jsonl_required",
    CliFeedExported = "cli.feed.exported",
    CliStoreConnected = "cli.store.connected",
    CliStoreStatuses = "cli.store.statuses",
    CliDemoRunning = "cli.demo.running",
    CliDemoApi = "cli.demo.api",
    CliDemoFeed = "cli.demo.feed",
    CliDemoToken = "cli.demo.token",
    CliDemoAdmin = "cli.demo.admin",
    CliDemoStopHint = "cli.demo.stop_hint",
    CliDemoStopped = "cli.demo.stopped",
    CliDemoSignalFailed = "cli.demo.signal_failed",
    CliUpdateUpdates = "cli.update.updates",
    CliUpdateOn = "cli.update.on",
    CliUpdateAvailable = "cli.update.available",
    CliUpdateNone = "cli.update.none",
    CliStatusData = "cli.status.data",
    CliStatusStore = "cli.status.store",
    CliStatusDemoStore = "cli.status.demo_store",
    CliStatusSimulation = "cli.status.simulation",
    CliStatusReady = "cli.status.ready",
    CliStatusLastRead = "cli.status.last_read",
    CliStatusLastReadValue = "cli.status.last_read_value",
    CliStatusNever = "cli.status.never",
    CliStatusEmails = "cli.status.emails",
    CliSyncPage = "cli.sync.page",
    CliSyncPageOf = "cli.sync.page_of",
    CliSyncDone = "cli.sync.done",
    CliSyncCancelled = "cli.sync.cancelled",
    CliSyncOrdersRead = "cli.sync.orders_read",
    CliSyncOrdersReadValue = "cli.sync.orders_read_value",
    CliSyncOrdersSeen = "cli.sync.orders_seen",
    CliSyncPointsMoves = "cli.sync.points_moves",
    CliSyncPointsMovesValue = "cli.sync.points_moves_value",
    CliSyncSkipped = "cli.sync.skipped",
    CliSyncSkippedValue = "cli.sync.skipped_value",
    CliSyncNothingSent = "cli.sync.nothing_sent",
    CliHealthTitle = "cli.health.title",
    CliRemoveNeedsYes = "cli.remove.needs_yes",
    CliRemoveFolder = "cli.remove.folder",
    CliRemoveCopy = "cli.remove.copy",
    CliRemoveKeychain = "cli.remove.keychain",
    CliRemoveLoginItem = "cli.remove.login_item",
    CliRemoveNothing = "cli.remove.nothing",
    CliRemoveDone = "cli.remove.done",
}

/// Lets tests and the command line compare with the wire string (`code == "store.not_found"`).
impl PartialEq<&str> for MessageCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for MessageCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
