//! Steps 1–4: which store, its token (tested, then kept in the keychain), and the demo store.

use conector_core::Secret;
use conector_demo::{DemoConfig, DemoStore, DEMO_TOKEN};
use conector_setup::{ConnectionOutcome, SetupError, StoreProfile, StoreView, DEMO_STORE_ID};
use conector_simplo7::{preview_address, AddressDiscovery, AddressPreview};

use crate::{AppError, Context};

pub use conector_demo::{DemoHandle, FAULT_ROUTES as DEMO_FAULT_ROUTES};

/// `conector demo serve`: the demo store on 127.0.0.1 (`port` 0: any free port), on its own,
/// outside any saved setup.
pub async fn serve_demo(port: u16) -> Result<DemoHandle, AppError> {
    Ok(DemoStore::start(DemoConfig {
        port,
        ..DemoConfig::default()
    })
    .await?)
}

/// Step 1–4's page: the store, its API address, the token's mask, the last connection test.
pub async fn view(ctx: &Context) -> Result<StoreView, AppError> {
    let profile = ctx.with_db(StoreProfile::load)?;
    let mask = match &profile {
        // A keychain that cannot be read still lets the owner see the rest of the page.
        Some(p) => conector_setup::token_mask(p, &ctx.keychain)
            .await
            .unwrap_or(None),
        None => None,
    };
    Ok(ctx.with_db(|conn| StoreProfile::view(profile.as_ref(), conn, mask))?)
}

/// Step 1 as the owner types: the API address that will be used, or why not.
pub fn preview(store_id: &str, custom_domain: Option<&str>) -> Result<AddressPreview, AppError> {
    let domain = custom_domain.map(str::trim).filter(|d| !d.is_empty());
    Ok(preview_address(store_id, domain).map_err(SetupError::from)?)
}

/// Saves step 1. A token is bound to the API address it was tested against: when the address
/// changes, the old keychain entry is removed and the token is asked for again.
pub async fn save(
    ctx: &Context,
    store_id: &str,
    custom_domain: Option<&str>,
) -> Result<StoreView, AppError> {
    save_profile(ctx, store_id, custom_domain, false).await?;
    view(ctx).await
}

async fn save_profile(
    ctx: &Context,
    store_id: &str,
    custom_domain: Option<&str>,
    demo: bool,
) -> Result<(), AppError> {
    let previous = ctx.with_db(StoreProfile::load)?;
    let current = ctx.with_db(|conn| StoreProfile::save(conn, store_id, custom_domain, demo))?;
    conector_setup::unbind_previous(previous.as_ref(), &current, &ctx.keychain).await?;
    Ok(())
}

/// Step 1, after a custom domain is saved: does that address answer by itself, or send callers
/// to another name? Asked **without** the token (`conector_simplo7::discover`). `None` when there
/// is nothing to ask: no store, the standard `{id}.simplo7.net` address, or the demo store.
pub async fn discover(ctx: &Context) -> Result<Option<AddressDiscovery>, AppError> {
    let Some(profile) = ctx.with_db(StoreProfile::load)? else {
        return Ok(None);
    };
    if profile.demo || profile.custom_domain.is_none() {
        return Ok(None);
    }
    let address = profile.address()?;
    Ok(Some(conector_simplo7::discover(&address).await?))
}

/// "Testar conexão": tests the pasted token (or the stored one when `token` is empty) and,
/// only on success, keeps it in the keychain. The reply carries the token's mask only.
pub async fn test_connection(
    ctx: &Context,
    token: Option<String>,
) -> Result<ConnectionOutcome, AppError> {
    let profile = ctx
        .with_db(StoreProfile::load)?
        .ok_or(SetupError::NoStore)?;
    let pasted = token.map(Secret::new).filter(|t| !t.is_empty());
    // The demo store's token is public: an empty field in demo mode means "use it".
    let pasted = match pasted {
        None if profile.demo => Some(Secret::new(DEMO_TOKEN)),
        other => other,
    };
    let outcome = conector_setup::connect(&profile, &ctx.keychain, pasted).await?;
    ctx.with_db(|conn| conector_setup::record(conn, &outcome.connection))?;
    Ok(outcome)
}

/// "Desconectar": removes the token from the keychain and forgets the connection test.
pub async fn disconnect(ctx: &Context) -> Result<StoreView, AppError> {
    if let Some(profile) = ctx.with_db(StoreProfile::load)? {
        conector_setup::disconnect(&profile, &ctx.keychain).await?;
    }
    ctx.with_db(conector_setup::forget)?;
    view(ctx).await
}

/// "Experimentar com a loja de demonstração": starts the local demo store (once) and points
/// step 1 at it.
pub async fn start_demo(ctx: &Context) -> Result<StoreView, AppError> {
    let base = ctx.ensure_demo().await?;
    save_profile(ctx, DEMO_STORE_ID, Some(&base), true).await?;
    view(ctx).await
}

/// A token stored by a version that keyed it by store ID only is bound to its API host (or
/// deleted), once. On its own thread: a locked keychain may wait for the owner to unlock it.
pub fn migrate_legacy_token_in_background(ctx: &Context) {
    let (database, keychain) = (ctx.database_path().to_path_buf(), ctx.keychain.clone());
    std::thread::spawn(move || {
        let migrated = conector_core::db::open(&database)
            .map_err(SetupError::from)
            .and_then(|conn| {
                // First the entry an earlier identifier kept, then its older key format.
                if let Err(e) = crate::identity::move_keychain_entries(&conn, &keychain) {
                    conector_core::log_error(
                        "the old identifier's keychain entry could not be moved",
                        &e,
                    );
                }
                conector_setup::migrate_legacy_token(&conn, &keychain)
            });
        if let Err(e) = migrated {
            conector_core::log_error("the old keychain entry could not be migrated", &e);
        }
    });
}

/// The token the saved store is read with: the demo store's public one (it opens nothing
/// real), else the keychain's. Blocks on the keychain: call it off the async workers. The one
/// place that makes this choice (the sync runs, the health watch, the diagnostic's redaction).
pub fn token_of(
    profile: &StoreProfile,
    keychain: &conector_secrets::Keychain,
) -> Result<Option<Secret>, SetupError> {
    token_for(profile.demo, &profile.account(), keychain)
}

/// [`token_of`] from the profile's parts: `demo`, and the keychain entry `account`.
pub fn token_for(
    demo: bool,
    account: &conector_secrets::StoreAccount,
    keychain: &conector_secrets::Keychain,
) -> Result<Option<Secret>, SetupError> {
    if demo {
        return Ok(Some(Secret::new(DEMO_TOKEN)));
    }
    Ok(keychain.load(account)?)
}

/// On launch, a profile on the demo store gets the demo store back (on a new port).
pub async fn resume_demo(ctx: &Context) -> Result<(), AppError> {
    if ctx.with_db(StoreProfile::load)?.is_some_and(|p| p.demo) {
        start_demo(ctx).await?;
    }
    Ok(())
}
