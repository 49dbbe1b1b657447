-- The health watch after go-live (conector-health): every check's result for 30 days, what the
-- last feed download found (for conditional requests and the item-count comparison), and what
-- the owner was last told about each check (the notification throttle). Read-only toward the
-- store and the ledger: nothing here is a points entry.

CREATE TABLE health_result (
    id         INTEGER PRIMARY KEY,
    run_at     TEXT NOT NULL,                  -- RFC 3339 UTC, the run's start
    check_name TEXT NOT NULL CHECK (check_name IN ('token', 'statuses', 'feed', 'rewards', 'links')),
    state      TEXT NOT NULL CHECK (state IN ('ok', 'warning', 'problem', 'skipped')),
    found_json TEXT NOT NULL                   -- {found, also, todo}: message codes and params
) STRICT;

CREATE INDEX health_result_run_at ON health_result (run_at);

-- One row: the feed as last downloaded whole.
CREATE TABLE health_feed (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    url            TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    items          INTEGER NOT NULL,
    baseline       INTEGER NOT NULL,           -- the count the next download is compared with
    downloaded_at  TEXT NOT NULL,
    stock_json     TEXT NOT NULL               -- {sku: "available" | "out_of_stock" | "missing"}
) STRICT;

CREATE TABLE health_told (
    check_name  TEXT PRIMARY KEY CHECK (check_name IN ('token', 'statuses', 'feed', 'rewards', 'links')),
    bad_state   TEXT CHECK (bad_state IN ('warning', 'problem')),
    last_bad_at TEXT
) STRICT;
