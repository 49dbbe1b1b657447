//! A token pasted into step 9's fields (issue #13): named next to the field, never saved in the
//! database, never sent back to the page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::{db, settings};
use conector_setup::integration::{self, FormField, IntegrationForm};
use conector_setup::StoreProfile;

const TOKEN: &str = "8f14e45fceea167a5a36dedd4bea2543";

#[test]
fn a_token_in_a_form_field_is_named_not_saved_and_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let conn = db::open(&path).unwrap();
    StoreProfile::save(&conn, "123456", Some("www.minhaloja.com.br"), false).unwrap();
    let form = IntegrationForm {
        site_url: format!("  {TOKEN} "),
        signup_url: format!("https://{TOKEN}/cadastro"),
        coupon_days: TOKEN.to_owned(),
        final_statuses: vec![],
    };
    form.save(&conn).unwrap();
    let view = integration::check(&conn, &form, true, Vec::new()).unwrap();

    let named: Vec<FormField> = view
        .notes
        .iter()
        .filter(|n| n.code == "form.looks_like_token")
        .map(|n| n.field)
        .collect();
    assert_eq!(
        named,
        [
            FormField::SiteUrl,
            FormField::SignupUrl,
            FormField::CouponDays
        ]
    );
    assert!(
        view.notes
            .iter()
            .filter(|n| n.field != FormField::FinalStatuses)
            .all(|n| n.code == "form.looks_like_token" && n.blocking),
        "only that is said about those fields: {:?}",
        view.notes
    );
    assert!(!view.valid);
    let reply = serde_json::to_string(&view).unwrap();
    assert!(!reply.contains(TOKEN), "{reply}");

    for key in [
        "integration.site_url",
        "integration.signup_url",
        "integration.coupon_days",
    ] {
        assert_eq!(
            settings::get(&conn, key).unwrap().as_deref(),
            Some(""),
            "{key}"
        );
    }
    drop(conn);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()));
    }
}

#[test]
fn ordinary_links_with_long_ids_are_kept() {
    let form = IntegrationForm {
        site_url: "https://www.minhaloja.com.br/".into(),
        signup_url: "https://www.minhaloja.com.br/cadastro?ref=a8f9c0d1e2b3a4f5c6d7e8f9".into(),
        coupon_days: "365".into(),
        final_statuses: vec![],
    };
    let (kept, dropped) = form.without_tokens();
    assert!(dropped.is_empty());
    assert_eq!(kept, form);
}
