-- The preview ledger follows the store (issue #12): late returns, refunds and edits, deletions,
-- customer keys filled in later, unreadable records, and the rules the ledger reflects.

-- Order snapshots: a new skip reason `unreadable` (with the Simplo7 field that failed, never
-- personal data) and `checked_at`, when the order was last read from the store by any part of
-- the engine (re-reads go oldest-checked first; a return-window pass that did not see an order
-- re-reads it alone, and a 404 takes it out). SQLite cannot change a CHECK in place: rebuilt.
CREATE TABLE ledger_orders_v6 (
    store             TEXT    NOT NULL,
    order_id          INTEGER NOT NULL,
    number            TEXT    NOT NULL,
    placed_at         TEXT    NOT NULL,
    status_id         TEXT    NOT NULL,
    status_name       TEXT,
    products_cents    INTEGER NOT NULL,
    discounts_cents   INTEGER NOT NULL,
    shipping_cents    INTEGER NOT NULL,
    total_cents       INTEGER NOT NULL,
    customer_key      TEXT,
    customer_kind     TEXT CHECK (customer_kind IN ('cpf', 'cnpj', 'email')),
    customer_document TEXT,
    customer_email    TEXT,
    customer_name     TEXT    NOT NULL,
    customer_phone    TEXT,
    raw_document      TEXT,
    raw_email         TEXT,
    points            INTEGER NOT NULL,
    skip_reason       TEXT CHECK (skip_reason IN ('status_not_final', 'no_customer_key', 'cancelled',
                                                  'unreadable')),
    unreadable_field  TEXT CHECK ((skip_reason IS 'unreadable') = (unreadable_field IS NOT NULL)),
    updated_at        TEXT    NOT NULL,
    checked_at        TEXT    NOT NULL,
    PRIMARY KEY (store, order_id)
) STRICT, WITHOUT ROWID;

INSERT INTO ledger_orders_v6
SELECT store, order_id, number, placed_at, status_id, status_name, products_cents,
       discounts_cents, shipping_cents, total_cents, customer_key, customer_kind,
       customer_document, customer_email, customer_name, customer_phone, raw_document, raw_email,
       points, skip_reason, NULL, updated_at, updated_at
FROM ledger_orders;

DROP TABLE ledger_orders;
ALTER TABLE ledger_orders_v6 RENAME TO ledger_orders;

CREATE INDEX ledger_orders_customer ON ledger_orders (store, customer_key);
CREATE INDEX ledger_orders_placed ON ledger_orders (store, placed_at);
CREATE INDEX ledger_orders_checked ON ledger_orders (store, checked_at);

-- Why each entry was written. NULL on entries written before this version (they followed
-- status changes only). `amount_cents`: the counted amount (products − discounts) an `earn`
-- was computed from, so a later change of amount and a change of rate are told apart.
ALTER TABLE ledger_entries ADD COLUMN reason TEXT CHECK (reason IN (
    'final_status', 'status_not_final', 'no_customer_key', 'amount_changed', 'customer_changed',
    'rate_changed', 'deleted', 'unreadable', 'before_start_date'));
ALTER TABLE ledger_entries ADD COLUMN amount_cents INTEGER;

-- The rules the ledger of a store reflects right now: written in the same transaction as the
-- recompute that applies them, so a change of final statuses is never half-applied, and every
-- page a sync commits is judged by the rules in force at its commit.
CREATE TABLE ledger_rules (
    store               TEXT    PRIMARY KEY NOT NULL,
    final_statuses      TEXT    NOT NULL,   -- JSON array of status ids
    hundredths_per_real INTEGER NOT NULL,
    updated_at          TEXT    NOT NULL
) STRICT;

-- Where the engine stands, part by part (see docs/sync-and-ledger.md):
-- * new orders: `pass_from`/`next_page` of a listing in flight and `pass_started` (the store day
--   it began), `high_water` (the day the last complete listing began), `tail_from`/`tail_page`
--   (its first day and last page: the next listing starts there while the day allows) and
--   `listed_at` (when it completed);
-- * the return window, read a few pages per run: `window_from`, `window_next_page`,
--   `window_started_at`, `window_page_count` of the pass in flight, and of the last complete
--   pass `window_done_from`, `window_done_started_at`, `window_done_at`.
ALTER TABLE sync_checkpoints ADD COLUMN pass_started TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN tail_from TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN tail_page INTEGER;
ALTER TABLE sync_checkpoints ADD COLUMN listed_at TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN window_from TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN window_next_page INTEGER;
ALTER TABLE sync_checkpoints ADD COLUMN window_started_at TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN window_page_count INTEGER;
ALTER TABLE sync_checkpoints ADD COLUMN window_done_from TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN window_done_started_at TEXT;
ALTER TABLE sync_checkpoints ADD COLUMN window_done_at TEXT;

-- Listings of the store's cancel/return statuses since the window start
-- (`wspedidos.json?status=ID&data_inicio=`): the page to read next, and the store's count of
-- matching orders when the last complete listing ended (the same count on page 1 means
-- nothing joined or left the status since, and the rest is not read).
CREATE TABLE sync_status_listings (
    store       TEXT    NOT NULL,
    status_id   TEXT    NOT NULL,
    since       TEXT    NOT NULL,
    next_page   INTEGER NOT NULL DEFAULT 1,
    done_count  INTEGER,
    checked_at  TEXT,
    PRIMARY KEY (store, status_id)
) STRICT;

-- Run records: the store requests a run asked for (its budget is measured, not assumed).
ALTER TABLE sync_runs ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
