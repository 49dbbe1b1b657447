-- Sync preview: the latest known snapshot of each order, the append-only points ledger,
-- the sync engine's checkpoints and runs, and the activation switch. (The cross-process
-- "one sync at a time" guard is an OS lock on a side file, so a killed run cannot leave it held.)

-- Latest snapshot of every order seen since the start date. Upserted on each read: only the
-- ledger below is append-only. `customer_key` is NULL when the order has no usable CPF/CNPJ or
-- e-mail; `skip_reason` is NULL exactly when the order holds points.
CREATE TABLE ledger_orders (
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
    skip_reason       TEXT CHECK (skip_reason IN ('status_not_final', 'no_customer_key', 'cancelled')),
    updated_at        TEXT    NOT NULL,
    PRIMARY KEY (store, order_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ledger_orders_customer ON ledger_orders (store, customer_key);

-- The points ledger. A row is never edited nor deleted (the triggers below refuse it);
-- (store, order_id, seq) is unique so a replayed page, a restart or a second concurrent run
-- can never append the same award twice.
CREATE TABLE ledger_entries (
    store        TEXT    NOT NULL,
    order_id     INTEGER NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT    NOT NULL CHECK (kind IN ('earn', 'reverse')),
    points       INTEGER NOT NULL,
    customer_key TEXT    NOT NULL,
    status_id    TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (store, order_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

-- Where the sync engine is for one store: the start date it was set up with, the high-water
-- mark of order dates already read, and the next page of the pass in flight. Written in the
-- same transaction as the page it follows.
CREATE TABLE sync_checkpoints (
    store        TEXT    PRIMARY KEY NOT NULL,
    since        TEXT    NOT NULL,
    pass_from    TEXT,
    next_page    INTEGER NOT NULL DEFAULT 1,
    high_water   TEXT,
    updated_at   TEXT    NOT NULL
) STRICT;

-- One row per sync run.
CREATE TABLE sync_runs (
    id             INTEGER PRIMARY KEY,
    store          TEXT    NOT NULL,
    started_at     TEXT    NOT NULL,
    finished_at    TEXT,
    result         TEXT CHECK (result IN ('running', 'ok', 'cancelled', 'failed', 'handed_over', 'interrupted')),
    error_code     TEXT,
    pages          INTEGER NOT NULL DEFAULT 0,
    orders_seen    INTEGER NOT NULL DEFAULT 0,
    entries_added  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Activation history (append-only): the latest row is the current state.
CREATE TABLE activation_events (
    id         INTEGER PRIMARY KEY,
    active     INTEGER NOT NULL CHECK (active IN (0, 1)),
    changed_at TEXT    NOT NULL
) STRICT;
