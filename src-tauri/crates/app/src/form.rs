//! Steps 8–9: the platform, the +fidelidade integration form with its notes, the link checks,
//! and the review card the owner copies into the +fidelidade panel.

use conector_core::wizard::WizardView;
use conector_core::{CodedError, MessageCode, Params, Secret, STORE_UTC_OFFSET};
use conector_setup::integration::{self, FieldNote, FormField, FormView, IntegrationForm};
use conector_setup::review::{self, ReviewField};
use conector_setup::{Platform, SetupError, StoreProfile};
use rusqlite::Connection;
use time::OffsetDateTime;

use crate::sync::SyncRuns;
use crate::{AppError, Context};

pub fn choose_platform(ctx: &Context, platform: Platform) -> Result<WizardView, AppError> {
    ctx.with_db(|conn| {
        platform.save(conn)?;
        crate::wizard::view(conn)
    })
}

pub fn current_platform(ctx: &Context) -> Result<Option<Platform>, AppError> {
    Ok(ctx.with_db(Platform::load)?)
}

/// The form (saved draft, or pre-filled from the earlier steps) with every note about it.
pub async fn view(ctx: &Context) -> Result<FormView, AppError> {
    let pages = ctx.demo_pages().await;
    ctx.with_db(|conn| {
        let form = IntegrationForm::load(conn, pages)?;
        checked(conn, &form, ctx.now())
    })
}

/// Every note about `form`, and the coupon sample under the coupon field.
fn checked(
    conn: &Connection,
    form: &IntegrationForm,
    now: OffsetDateTime,
) -> Result<FormView, AppError> {
    let mut view = crate::steps::form_view(conn, form)?;
    view.notes.extend(coupon_sample(conn, form, now)?);
    Ok(view)
}

/// The coupon a redemption would create today (SPEC §4): the value of a chosen reward, valid
/// until today in the store's time plus the days typed. None while the days are not valid or
/// no reward is chosen.
pub fn coupon_sample(
    conn: &Connection,
    form: &IntegrationForm,
    now: OffsetDateTime,
) -> Result<Option<FieldNote>, AppError> {
    let Some(days) = form.coupon_days() else {
        return Ok(None);
    };
    let Some(reward) = conector_catalog::sample_reward(conn)? else {
        return Ok(None);
    };
    let today = now.to_offset(STORE_UTC_OFFSET).date();
    let coupon = conector_catalog::coupon_preview(reward.current_price_cents(), days, today)?;
    // A price in another currency is shown in it, and said not to be reais: the app converts
    // nothing.
    let (code, params) = match reward.currency.as_deref() {
        Some(currency) if !conector_feed::in_reais(Some(currency)) => (
            MessageCode::FormCouponSampleForeign,
            Params::new().money("value", coupon.value_cents, currency),
        ),
        _ => (
            MessageCode::FormCouponSample,
            Params::new().cents("value", coupon.value_cents),
        ),
    };
    Ok(Some(FieldNote {
        field: FormField::CouponDays,
        code,
        params: params
            .text("reward", reward.title)
            .date("until", coupon.valid_until)
            .number("count", days),
        blocking: false,
        status_id: None,
    }))
}

/// "Sim, é isso mesmo": the owner keeps a cancellation-looking status among the final ones
/// (`yes`), or takes that answer back. Returns the form re-checked.
pub fn confirm_status(ctx: &Context, status_id: &str, yes: bool) -> Result<FormView, AppError> {
    ctx.with_db(|conn| {
        integration::confirm_reversal(conn, status_id, yes)?;
        let form = IntegrationForm::load(conn, None)?;
        checked(conn, &form, ctx.now())
    })
}

/// Saves the draft as typed and checks it. The final statuses are shared with the sync
/// preview: a change recomputes the preview's points in the same transaction.
pub async fn save(
    ctx: &Context,
    sync: &SyncRuns,
    form: &IntegrationForm,
) -> Result<FormView, AppError> {
    let draft = form.clone();
    crate::sync::change_final_statuses(ctx, sync, &form.final_statuses, move |tx| {
        Ok(draft.save_in(tx)?)
    })
    .await?;
    ctx.with_db(|conn| checked(conn, form, ctx.now()))
}

/// "Conferir": opens the link (a real store's never on this computer or a private network);
/// when it answers it is remembered as checked, and where it really ends is said when it was
/// redirected; when it does not, the reply names the problem next to the field.
pub async fn probe_link(ctx: &Context, field: FormField, url: &str) -> Result<FormView, AppError> {
    let demo = ctx.with_db(StoreProfile::load)?.is_some_and(|p| p.demo);
    // The demo store's pages, on this computer, are links only while it is the store.
    let policy = if demo {
        ctx.download_policy(conector_fetch::Policy::links())
    } else {
        conector_fetch::Policy::links()
    };
    let probe = conector_fetch::probe_link(url, policy).await;
    ctx.with_db(|conn| {
        if let Ok(checked) = &probe {
            integration::remember_reachable(conn, &checked.url)?;
        }
        let form = IntegrationForm::load(conn, None)?;
        let mut view = checked(conn, &form, ctx.now())?;
        if let Ok(checked) = &probe {
            view.notes
                .extend(integration::redirect_note(checked, field));
        }
        if let Err(e) = probe {
            conector_core::log_error("link check failed", &e);
            let payload = e.payload();
            view.notes
                .retain(|n| !(n.field == field && n.code == MessageCode::FormUncheckedLink));
            view.notes.insert(
                0,
                FieldNote {
                    field,
                    code: payload.code,
                    params: payload.params,
                    blocking: true,
                    status_id: None,
                },
            );
            view.valid = false;
        }
        Ok(view)
    })
}

/// The token of the configured store, read from the keychain off the async workers.
pub(crate) async fn stored_token(ctx: &Context) -> Result<Option<Secret>, AppError> {
    let Some(profile) = ctx.with_db(StoreProfile::load)? else {
        return Ok(None);
    };
    let (keychain, account) = (ctx.keychain.clone(), profile.account());
    let token = tokio::task::spawn_blocking(move || keychain.load(&account))
        .await
        .map_err(SetupError::Interrupted)??;
    Ok(token)
}

/// The review card; the AppKey line carries the token's mask, never the token.
pub async fn review(ctx: &Context) -> Result<Vec<ReviewField>, AppError> {
    let mask = stored_token(ctx).await?.map(|t| t.mask());
    ctx.with_db(|conn| review_of(conn, mask))
}

/// The review card with the rewards chosen in the catalogue (none listed: the whole
/// catalogue).
pub(crate) fn review_of(
    conn: &Connection,
    token_mask: Option<String>,
) -> Result<Vec<ReviewField>, AppError> {
    let skus = if conector_catalog::selection::whole_catalog(conn)? {
        Vec::new()
    } else {
        conector_catalog::selection::selected_skus(conn)?
    };
    Ok(review::review(conn, token_mask, &skus)?)
}
