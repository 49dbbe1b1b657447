//! Step 9's coupon sample: a chosen reward's value, valid until today in the store's time plus
//! the days typed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::sync::Arc;

use conector_app::{form, Context, Paths};
use conector_catalog::Quiet;
use conector_core::{MessageCode, Param};
use conector_feed::ReadOptions;
use conector_secrets::Keychain;
use conector_setup::integration::IntegrationForm;
use time::macros::datetime;

const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>
<item><g:id>SOLD-OUT</g:id><title>Garrafa Térmica 1 L</title><link>https://loja.example/garrafa</link>
<g:price>129.90 BRL</g:price><g:availability>out_of_stock</g:availability></item>
<item><g:id>MUG-01</g:id><title>Caneca Esmaltada 350 ml</title><link>https://loja.example/caneca</link>
<g:price>59.90 BRL</g:price><g:sale_price>49.90 BRL</g:sale_price><g:availability>in_stock</g:availability></item>
<item><g:id>BAG-02</g:id><title>Sacola de Algodão</title><link>https://loja.example/sacola</link>
<g:price>35.00 BRL</g:price><g:availability>in_stock</g:availability></item>
</channel></rss>"#;

fn context(dir: &tempfile::TempDir) -> Context {
    let paths = Paths {
        data_dir: dir.path().to_path_buf(),
        log_dir: dir.path().join("logs"),
    };
    // 01:30 UTC on 28/11 is still 27/11, 22:30, in Brasília.
    let clock = Arc::new(|| datetime!(2026-11-28 01:30 UTC));
    Context::open_with(paths, Keychain::with_service("conector.test.coupon"), clock).unwrap()
}

fn form(days: &str) -> IntegrationForm {
    IntegrationForm {
        site_url: String::new(),
        signup_url: String::new(),
        coupon_days: days.to_owned(),
        final_statuses: Vec::new(),
    }
}

fn sample(ctx: &Context, days: &str) -> Option<conector_setup::integration::FieldNote> {
    ctx.with_db(|conn| form::coupon_sample(conn, &form(days), ctx.now()))
        .unwrap()
}

#[test]
fn the_sample_is_a_chosen_rewards_value_until_today_in_the_stores_time_plus_the_days() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(&dir);
    assert!(
        sample(&ctx, "30").is_none(),
        "no catalogue, no reward: no sample"
    );

    ctx.with_db_mut(|conn| {
        conector_catalog::import_reader(
            conn,
            "test",
            Cursor::new(FEED.as_bytes().to_vec()),
            &ReadOptions::default(),
            &mut Quiet,
        )
    })
    .unwrap();
    ctx.with_db(|conn| conector_catalog::selection::set_whole_catalog(conn, true))
        .unwrap();

    // The whole catalogue: the first product in stock, at its sale price.
    let note = sample(&ctx, "30").unwrap();
    assert_eq!(note.code, MessageCode::FormCouponSample);
    assert!(!note.blocking);
    assert_eq!(
        note.params.get("reward"),
        Some(&Param::Text("Caneca Esmaltada 350 ml".into()))
    );
    assert_eq!(note.params.get("value"), Some(&Param::Cents(4990)));
    // 27/11 (the store's today, not UTC's 28/11) + 30 days.
    assert_eq!(
        note.params.get("until"),
        Some(&Param::Date("2026-12-27".into()))
    );
    assert_eq!(note.params.get("count"), Some(&Param::Number(30)));

    // One chosen reward: that one.
    ctx.with_db_mut(|conn| {
        conector_catalog::selection::set_whole_catalog(conn, false)?;
        conector_catalog::selection::select_skus(conn, &["BAG-02".to_owned()], true)
    })
    .unwrap();
    let note = sample(&ctx, "365").unwrap();
    assert_eq!(
        note.params.get("reward"),
        Some(&Param::Text("Sacola de Algodão".into()))
    );
    assert_eq!(
        note.params.get("until"),
        Some(&Param::Date("2027-11-27".into()))
    );

    // Days the panel does not accept: no sample (the field's own note says why).
    assert!(sample(&ctx, "0").is_none());
    assert!(sample(&ctx, "abc").is_none());
}
