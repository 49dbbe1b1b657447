//! The go-live check ("As primeiras 72 horas", issue #21 item 2) in the application layer, on
//! the demo store over real HTTP and a real database, with the app's clock in the test's hand:
//! after go-live the health runs list the store's new orders, read-only; a row can be answered
//! only once its order is final and its 72 hours have passed; "Não bateu" gives the support facts
//! and the redacted zip; the erase of the customers' data covers the rows; no ledger entry is
//! written after go-live.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use conector_app::fixture::DemoAdmin;
use conector_app::health::golive_orders::PanelExpectation;
use conector_app::health::{self, FirstHoursAnswer};
use conector_app::{App, AppError, AppSetup, Context, Paths};
use conector_core::MessageCode;
use conector_secrets::Keychain;
use conector_setup::integration::IntegrationForm;
use time::{Duration, OffsetDateTime};

struct Store {
    app: App,
    ctx: Arc<Context>,
    clock: Arc<Mutex<OffsetDateTime>>,
    demo: DemoAdmin,
    dir: tempfile::TempDir,
}

impl Store {
    async fn set_up() -> Store {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::for_database(&dir.path().join("conector.sqlite3"));
        let clock = Arc::new(Mutex::new(OffsetDateTime::now_utc()));
        let read = Arc::clone(&clock);
        let app = App::open(
            paths,
            AppSetup {
                // The demo store's token is public: nothing goes to a keychain.
                keychain: Keychain::with_service("br.com.conectorfidelidade.test.golive-check"),
                clock: Arc::new(move || *read.lock().unwrap()),
                ..AppSetup::default()
            },
            &tokio::runtime::Handle::current(),
        )
        .unwrap();
        let ctx = Arc::clone(app.context());
        let view = conector_app::store::start_demo(&ctx).await.unwrap();
        let demo = DemoAdmin::of(&view.api_base.unwrap());
        ctx.with_db(|conn| {
            IntegrationForm {
                site_url: String::new(),
                signup_url: String::new(),
                coupon_days: "365".into(),
                // Delivered and the one after it ("Entregue", "Concluído").
                final_statuses: vec!["21".into(), "27".into()],
            }
            .save(conn)
            .unwrap();
        });
        Store {
            app,
            ctx,
            clock,
            demo,
            dir,
        }
    }

    fn later(&self, by: Duration) {
        *self.clock.lock().unwrap() += by;
    }

    async fn admin(&self, path: &str, body: serde_json::Value) {
        self.demo.post(path, body).await;
    }

    fn ledger_entries(&self) -> i64 {
        self.ctx
            .with_db(|c| c.query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0)))
            .unwrap()
    }

    async fn card(&self) -> health::FirstHours {
        health::run(&self.ctx).await.unwrap();
        health::first_hours(&self.ctx)
            .unwrap()
            .expect("after go-live")
    }
}

fn at(text: &str) -> OffsetDateTime {
    conector_core::timestamp::parse(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_orders_after_go_live_are_listed_and_answered_only_once_final_and_due() {
    let store = Store::set_up().await;
    // (The watch needs no connection test: the demo store's token is public. With no simulation
    // run, the ledger is empty, and must stay so.)
    let entries = store.ledger_entries();
    assert_eq!(
        health::first_hours(&store.ctx).unwrap(),
        None,
        "before go-live"
    );
    store
        .ctx
        .with_db(|conn| conector_core::activation::set_activation(conn, true))
        .unwrap();
    let live = at(&health::first_hours(&store.ctx).unwrap().unwrap().live_since);

    // Nothing placed since: the card says there is no sale yet, and that the store was read.
    let card = store.card().await;
    assert!(card.orders.is_empty());
    assert!(card.read_at.is_some() && card.read_error.is_none());

    // A day of the store's life: new orders come in.
    store.admin("advance", serde_json::json!({"days": 1})).await;
    let card = store.card().await;
    assert!(!card.orders.is_empty(), "the day's orders are listed");
    assert!(card.orders.len() <= card.limit as usize);
    assert!(card.orders.iter().all(|o| at(&o.placed_at) > live));
    assert!(
        card.orders
            .windows(2)
            .all(|w| at(&w[0].placed_at) <= at(&w[1].placed_at)),
        "oldest first"
    );
    assert!(card.orders.iter().all(|o| o.status_name.is_some()));
    assert!(
        card.orders.iter().all(|o| !o.answerable),
        "none has had its 72 hours"
    );

    // One order is delivered: the rule's points and its due time; still not answerable.
    let chosen = card.orders[0].clone();
    store
        .admin(
            &format!("orders/{}/status", chosen.order_id),
            serde_json::json!({"status_id": "21"}),
        )
        .await;
    let card = store.card().await;
    let row = card
        .orders
        .iter()
        .find(|o| o.order_id == chosen.order_id)
        .unwrap();
    assert_eq!(row.status_name.as_deref(), Some("Entregue"));
    let PanelExpectation::Points { points, due_at, .. } = &row.expected else {
        panic!("a delivered order expects points: {row:?}");
    };
    assert!(*points > 0);
    assert_eq!(at(due_at) - at(&row.placed_at), Duration::hours(72));
    assert!(!row.answerable);
    let refused =
        health::answer(&store.ctx, chosen.order_id, FirstHoursAnswer::Mismatched).unwrap_err();
    assert!(matches!(refused, AppError::NotAnswerable { .. }));
    assert_eq!(
        conector_core::CodedError::code(&refused),
        MessageCode::HealthFirstHoursNotAnswerable
    );

    // 72 hours after it was placed: it can be answered; an order still not final cannot.
    store.later(at(due_at) - store.ctx.now() + Duration::SECOND);
    let card = store.card().await;
    let row = card
        .orders
        .iter()
        .find(|o| o.order_id == chosen.order_id)
        .unwrap();
    assert!(row.answerable);
    for other in card.orders.iter().filter(|o| o.order_id != chosen.order_id) {
        let is_final = matches!(other.expected, PanelExpectation::Points { .. });
        let due = match &other.expected {
            PanelExpectation::Points { due_at, .. } => at(due_at) <= store.ctx.now(),
            _ => false,
        };
        assert_eq!(other.answerable, is_final && due, "{other:?}");
    }

    // "Não bateu": recorded, and the support facts with the redacted zip.
    let card = health::answer(&store.ctx, chosen.order_id, FirstHoursAnswer::Mismatched).unwrap();
    let row = card
        .orders
        .iter()
        .find(|o| o.order_id == chosen.order_id)
        .unwrap();
    assert_eq!(row.answer, Some(FirstHoursAnswer::Mismatched));
    let out = store.dir.path().join("export");
    let report = health::support(&store.ctx, &out).await.unwrap();
    assert_eq!(report.orders.len(), 1);
    assert_eq!(report.orders[0].number, chosen.number);
    assert_eq!(report.orders[0].status, "Entregue");
    assert_eq!(report.orders[0].points, *points);
    // Named as the orders read showed them (no connection test here: the status list is not
    // known), else by the store's id.
    assert_eq!(report.final_statuses, ["Entregue", "27"]);
    assert_eq!(report.app_version, env!("CARGO_PKG_VERSION"));
    assert!(!report.store_id.is_empty());
    let zip = std::fs::read(&report.zip).expect("the diagnostic zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        assert!(
            !text.contains(&chosen.customer),
            "{} holds the customer's name",
            entry.name()
        );
    }
    // An answer given once the order is answerable is kept across runs.
    let card = store.card().await;
    assert_eq!(
        card.orders
            .iter()
            .find(|o| o.order_id == chosen.order_id)
            .unwrap()
            .answer,
        Some(FirstHoursAnswer::Mismatched)
    );

    assert_eq!(
        store.ledger_entries(),
        entries,
        "no ledger entry after go-live"
    );

    // The erase of the customers' data covers the card's rows, and nothing is read back.
    let privacy = conector_app::privacy::view(&store.ctx).unwrap();
    assert_eq!(privacy.golive_orders, card.orders.len() as u64);
    let erased = store.app.privacy_erase().await.unwrap();
    assert_eq!(erased.golive_orders, 0);
    store.later(Duration::SECOND);
    let card = store.card().await;
    assert!(card.erased);
    assert!(card.orders.is_empty(), "not read again after the erase");
    let support = health::support(&store.ctx, &out).await.unwrap_err();
    assert!(matches!(support, AppError::NothingToReport));
}
