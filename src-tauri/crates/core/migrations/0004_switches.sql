-- The integration switches of step 10 other than activation ("Cadastrar clientes",
-- "Cadastrar vendas"): every change with its time, append-only; the latest row is the state.
CREATE TABLE switch_events (
    id         INTEGER PRIMARY KEY,
    switch     TEXT NOT NULL CHECK (switch IN ('register_customers', 'register_sales')),
    on_state   INTEGER NOT NULL CHECK (on_state IN (0, 1)),
    changed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER switch_events_append_only_update BEFORE UPDATE ON switch_events
BEGIN
    SELECT RAISE(ABORT, 'switch_events is append-only');
END;

CREATE TRIGGER switch_events_append_only_delete BEFORE DELETE ON switch_events
BEGIN
    SELECT RAISE(ABORT, 'switch_events is append-only');
END;
