-- The go-live check (issue #21 item 2): the store's first orders placed after the owner
-- recorded go-live, as the health watch last read them, for "As primeiras 72 horas". Read-only
-- towards the store and the points ledger: nothing here is a ledger entry.
--
-- The customer's name is personal data: "Apagar dados da simulação" and the erase 30 days
-- after go-live delete these rows with the rest. No CPF/CNPJ, e-mail or phone is kept: only
-- whether the order had one the points could go to.
CREATE TABLE golive_orders (
    store_key TEXT NOT NULL,
    order_id INTEGER NOT NULL,
    number TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    -- A valid CPF/CNPJ or e-mail identifies the buyer (the simulation's rule needs one).
    has_customer INTEGER NOT NULL,
    -- `data_pedido` in UTC; `placed_time_known` is 0 when the store gave a date without a time.
    placed_at TEXT NOT NULL,
    placed_time_known INTEGER NOT NULL,
    status_id TEXT NOT NULL,
    status_name TEXT,
    products_cents INTEGER NOT NULL,
    discounts_cents INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    -- When the app first saw it in a final status (NULL: not yet).
    final_seen_at TEXT,
    -- The owner's answer after looking in the +fidelidade panel.
    answer TEXT CHECK (answer IN ('matched', 'mismatched')),
    answered_at TEXT,
    PRIMARY KEY (store_key, order_id)
) STRICT;
