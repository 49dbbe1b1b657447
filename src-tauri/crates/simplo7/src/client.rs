//! The store's endpoints as typed calls.

use conector_core::Secret;
use serde::Serialize;
use time::Date;

use crate::address::StoreAddress;
use crate::error::StoreError;
use crate::model::{
    Order, OrderPage, OrderRecord, OrderStatus, RawOrderRecord, RawStatusRecord, UnreadableOrder,
};
use crate::transport::{ClientConfig, Missing, Transport};
use crate::wire::{record, ListEnvelope, OneEnvelope};

/// A client for one store and one token. Cheap to share behind an `Arc`; calls made through
/// one client are paced together (see [`ClientConfig::min_interval`]).
pub struct StoreClient {
    transport: Transport,
}

/// What "Testar conexão" shows on success: the store answered with this token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct StoreCheck {
    /// The API base that answered, ending in `/ws/`.
    pub api_base: String,
    /// The store's order statuses, in the store's order; step 9's status picker uses them.
    pub statuses: Vec<OrderStatus>,
}

impl StoreClient {
    /// Fails only on a blank or unsendable token, before any network traffic.
    pub fn new(
        address: StoreAddress,
        token: &Secret,
        config: ClientConfig,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            transport: Transport::new(address, token, config)?,
        })
    }

    pub fn address(&self) -> &StoreAddress {
        self.transport.address()
    }

    /// `GET wsstatuspedidos.json`: every order status of the store (all pages).
    pub async fn order_statuses(&self) -> Result<Vec<OrderStatus>, StoreError> {
        let mut statuses = Vec::new();
        let mut page = 1;
        loop {
            let envelope = self
                .list(
                    "wsstatuspedidos.json",
                    &[("page", page.to_string())],
                    Missing::Store,
                )
                .await?;
            let count = envelope.result.len();
            for (i, value) in envelope.result.into_iter().enumerate() {
                statuses.push(OrderStatus::from(record::<RawStatusRecord>(value, i + 1)?));
            }
            let pagination = envelope.pagination.unwrap_or_default();
            if !pagination.has_next_page {
                return Ok(statuses);
            }
            check_runaway(
                page,
                pagination.page_count.ok(),
                count,
                self.transport.config().max_pages,
            )?;
            page += 1;
        }
    }

    /// `GET wspedidos.json?data_inicio=YYYY-MM-DD&page=N`: one page of the orders placed on or
    /// after `since`. Pages start at 1. Prefer [`StoreClient::orders_since`], which also
    /// guards against a store that never stops saying there is a next page.
    pub async fn orders_page(&self, since: Date, page: u32) -> Result<OrderPage, StoreError> {
        self.listing_page(
            &Listing {
                since,
                status: None,
            },
            page,
        )
        .await
    }

    async fn listing_page(&self, listing: &Listing, page: u32) -> Result<OrderPage, StoreError> {
        let mut query = Vec::with_capacity(3);
        if let Some(status) = &listing.status {
            query.push(("status", status.clone()));
        }
        query.push(("data_inicio", format_date(listing.since)));
        query.push(("page", page.to_string()));
        let value = self
            .transport
            .get_json("wspedidos.json", &query, Missing::Store)
            .await?;
        OrderPage::from_json(value, page)
    }

    /// Pages through the orders placed on or after `since`, from page 1 (or the page given to
    /// [`OrderPager::starting_at`]). Each page comes whole so a caller can store it together with
    /// its checkpoint in one transaction.
    pub fn orders_since(&self, since: Date) -> OrderPager<'_> {
        OrderPager {
            client: self,
            listing: Listing {
                since,
                status: None,
            },
            next: Some(1),
        }
    }

    /// `GET wspedidos.json?status=ID&data_inicio=YYYY-MM-DD`: pages through the orders placed
    /// on or after `since` whose status is `status_id` now (SPEC §2.1). Listing a store's
    /// cancel and return statuses finds late reversals in a few pages.
    pub fn orders_with_status(&self, status_id: &str, since: Date) -> OrderPager<'_> {
        OrderPager {
            client: self,
            listing: Listing {
                since,
                status: Some(status_id.to_owned()),
            },
            next: Some(1),
        }
    }

    /// Every order placed on or after `since`, all pages read; for small stores, the CLI and
    /// tests. The sync engine uses [`StoreClient::orders_since`] to commit page by page.
    pub async fn all_orders_since(&self, since: Date) -> Result<Vec<Order>, StoreError> {
        let mut pager = self.orders_since(since);
        let mut orders = Vec::new();
        while let Some(page) = pager.next_page().await? {
            if let Some(u) = page.unreadable.first() {
                return Err(unreadable(u));
            }
            orders.extend(page.orders);
        }
        Ok(orders)
    }

    /// `GET wspedidos/{id}.json`: one order as it is now (to see status changes of older
    /// orders). A missing order is `store.order_not_found`, an unreadable one
    /// `store.unexpected_response`; [`StoreClient::order_record`] tells the latter apart.
    pub async fn order(&self, id: u64) -> Result<Order, StoreError> {
        match self.order_record(id).await? {
            OrderRecord::Read(order) => Ok(order),
            OrderRecord::Unreadable(u) => Err(unreadable(&u)),
        }
    }

    /// `GET wspedidos/{id}.json`, readable or not. A missing order is `store.order_not_found`
    /// (the sync engine reverses its points).
    pub async fn order_record(&self, id: u64) -> Result<OrderRecord, StoreError> {
        self.one_order(&format!("wspedidos/{id}.json"), Missing::Order(id))
            .await
    }

    /// `GET wspedidos/numero/{number}.json`: one order by the number the owner and the customer
    /// see. A missing number is `store.order_not_found` (carrying the number).
    pub async fn order_by_number(&self, number: u64) -> Result<Order, StoreError> {
        let record = self
            .one_order(
                &format!("wspedidos/numero/{number}.json"),
                Missing::Order(number),
            )
            .await?;
        match record {
            OrderRecord::Read(order) => Ok(order),
            OrderRecord::Unreadable(u) => Err(unreadable(&u)),
        }
    }

    async fn one_order(&self, path: &str, missing: Missing) -> Result<OrderRecord, StoreError> {
        let value = self.transport.get_json(path, &[], missing).await?;
        let envelope: OneEnvelope =
            serde_json::from_value(value).map_err(|e| unexpected(e.to_string()))?;
        Ok(RawOrderRecord::read(envelope.result, 1))
    }

    /// The wizard's "Testar conexão": reads the status list with this token.
    pub async fn check(&self) -> Result<StoreCheck, StoreError> {
        let statuses = self.order_statuses().await?;
        Ok(StoreCheck {
            api_base: self.address().api_base().to_owned(),
            statuses,
        })
    }

    async fn list(
        &self,
        path: &str,
        query: &[(&str, String)],
        missing: Missing,
    ) -> Result<ListEnvelope, StoreError> {
        let value = self.transport.get_json(path, query, missing).await?;
        serde_json::from_value(value).map_err(|e| unexpected(format!("envelope sem 'result': {e}")))
    }
}

/// Step 4's "Testar conexão", with [`ClientConfig::interactive`] settings. On success the caller saves
/// the token in the keychain; this function stores nothing.
pub async fn test_connection(
    address: &StoreAddress,
    token: &Secret,
) -> Result<StoreCheck, StoreError> {
    StoreClient::new(address.clone(), token, ClientConfig::interactive())?
        .check()
        .await
}

/// What a listing asks for: orders placed since a day, optionally in one status.
struct Listing {
    since: Date,
    status: Option<String>,
}

/// Reads order pages one at a time; see [`StoreClient::orders_since`] and
/// [`StoreClient::orders_with_status`].
pub struct OrderPager<'a> {
    client: &'a StoreClient,
    listing: Listing,
    next: Option<u32>,
}

impl OrderPager<'_> {
    /// Resume from a checkpoint: the next call reads `page` (pages start at 1).
    pub fn starting_at(mut self, page: u32) -> Self {
        self.next = Some(page.max(1));
        self
    }

    /// The page the next call will read, or `None` once the listing is finished.
    pub fn next_page_number(&self) -> Option<u32> {
        self.next
    }

    /// The next page, or `Ok(None)` after the last. Fails with `store.endless_pages` when the
    /// store keeps announcing pages past its own page count, sends an empty page that claims a
    /// successor, or exceeds [`ClientConfig::max_pages`].
    pub async fn next_page(&mut self) -> Result<Option<OrderPage>, StoreError> {
        let Some(page_number) = self.next else {
            return Ok(None);
        };
        let max_pages = self.client.transport.config().max_pages;
        if page_number > max_pages {
            self.next = None;
            return Err(StoreError::EndlessPages { pages: max_pages });
        }
        let page = self.client.listing_page(&self.listing, page_number).await?;
        self.next = None;
        if page.has_next_page {
            check_runaway(
                page_number,
                page.page_count,
                page.orders.len() + page.unreadable.len(),
                max_pages,
            )?;
            self.next = Some(page_number + 1);
        }
        Ok(Some(page))
    }
}

/// A store saying "next page" forever must not hold the app forever.
fn check_runaway(
    page: u32,
    page_count: Option<impl Into<u64>>,
    records: usize,
    max_pages: u32,
) -> Result<(), StoreError> {
    let past_count = page_count
        .map(Into::into)
        .is_some_and(|count: u64| u64::from(page) > count);
    if past_count || records == 0 || page >= max_pages {
        return Err(StoreError::EndlessPages { pages: page });
    }
    Ok(())
}

fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// An unreadable order where the caller wanted a whole one.
fn unreadable(u: &UnreadableOrder) -> StoreError {
    unexpected(format!(
        "registro {}: campo {} ilegível",
        u.position, u.field
    ))
}

fn unexpected(detail: impl Into<String>) -> StoreError {
    StoreError::UnexpectedResponse {
        detail: detail.into(),
    }
}

impl OrderPage {
    /// Reads one `wspedidos.json` envelope (already parsed as JSON) as page `page`. The client
    /// uses it for every page; it is public for fixtures and benchmarks.
    pub fn from_json(value: serde_json::Value, page: u32) -> Result<Self, StoreError> {
        let envelope: ListEnvelope = serde_json::from_value(value)
            .map_err(|e| unexpected(format!("envelope sem 'result': {e}")))?;
        let mut orders = Vec::with_capacity(envelope.result.len());
        let mut unreadable = Vec::new();
        for (i, value) in envelope.result.into_iter().enumerate() {
            match RawOrderRecord::read(value, i + 1) {
                OrderRecord::Read(order) => orders.push(order),
                OrderRecord::Unreadable(u) => unreadable.push(u),
            }
        }
        let pagination = envelope.pagination.unwrap_or_default();
        Ok(Self {
            page,
            page_count: pagination
                .page_count
                .ok()
                .map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
            has_next_page: pagination.has_next_page,
            total: pagination.count.ok(),
            orders,
            unreadable,
        })
    }
}
