//! A catalogue priced in another currency than reais: the reward costs and the coupon sample
//! say so instead of showing the price as R$ (issue #21: a KZT feed read as "R$ 699.990,00").
//! Read from the real feeds in `shared/feeds/real/` (never copied into the repository).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use conector_app::feed::{search, RewardSearch};
use conector_app::{form, Context, Paths};
use conector_catalog::Quiet;
use conector_core::{MessageCode, Money, Param};
use conector_feed::{FeedCurrency, ReadOptions};
use conector_secrets::Keychain;
use conector_setup::integration::IntegrationForm;
use time::macros::datetime;

fn real(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/feeds/real")
        .join(name)
}

fn catalogue_of(dir: &tempfile::TempDir, feed: &str) -> Context {
    let paths = Paths {
        data_dir: dir.path().to_path_buf(),
        log_dir: dir.path().join("logs"),
    };
    let clock = Arc::new(|| datetime!(2026-11-28 15:00 UTC));
    let ctx = Context::open_with(
        paths,
        Keychain::with_service("conector.test.currency"),
        clock,
    )
    .unwrap();
    let file = std::fs::File::open(real(feed)).unwrap();
    ctx.with_db_mut(|conn| {
        conector_catalog::import_reader(conn, feed, file, &ReadOptions::default(), &mut Quiet)
    })
    .unwrap();
    ctx.with_db(|conn| conector_catalog::selection::set_whole_catalog(conn, true))
        .unwrap();
    ctx
}

fn coupon(ctx: &Context) -> conector_setup::integration::FieldNote {
    let form = IntegrationForm {
        site_url: String::new(),
        signup_url: String::new(),
        coupon_days: "365".into(),
        final_statuses: Vec::new(),
    };
    ctx.with_db(|conn| form::coupon_sample(conn, &form, ctx.now()))
        .unwrap()
        .expect("a reward to show")
}

fn first_page(ctx: &Context) -> conector_app::feed::RewardPage {
    let query = RewardSearch {
        text: String::new(),
        in_stock_only: false,
        with_image_only: false,
        min_price: String::new(),
        max_price: String::new(),
        group_variants: false,
        page: 0,
        page_size: 20,
    };
    search(ctx, &query).unwrap()
}

#[test]
fn a_catalogue_in_tenge_is_named_kzt_and_never_shown_as_reais() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = catalogue_of(&dir, "samsung-kz-atom.xml");

    let import = ctx.with_db(conector_catalog::last_import).unwrap().unwrap();
    assert_eq!(
        import.summary.currency,
        Some(FeedCurrency::Other { code: "KZT".into() })
    );

    let note = coupon(&ctx);
    assert_eq!(note.code, MessageCode::FormCouponSampleForeign);
    let Some(Param::Money(Money { currency, cents })) = note.params.get("value") else {
        panic!(
            "the coupon's value is money in the feed's currency: {:?}",
            note.params
        );
    };
    assert_eq!(currency, "KZT");
    assert!(*cents > 0);

    let page = first_page(&ctx);
    assert!(!page.rows.is_empty());
    assert!(
        page.rows.iter().all(|row| row.cost.is_none()),
        "no reward cost in points per R$ 1 for a price in tenge"
    );
}

#[test]
fn a_catalogue_in_reais_keeps_its_costs_and_coupon_in_reais() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = catalogue_of(&dir, "everpetz-atom.xml");

    let import = ctx.with_db(conector_catalog::last_import).unwrap().unwrap();
    assert_eq!(import.summary.currency, Some(FeedCurrency::Reais));

    let note = coupon(&ctx);
    assert_eq!(note.code, MessageCode::FormCouponSample);
    assert!(matches!(note.params.get("value"), Some(Param::Cents(c)) if *c > 0));

    let page = first_page(&ctx);
    assert!(page.rows.iter().all(|row| row.cost.is_some()));
}
