-- The product catalogue read from the Google Shopping feed, its search indexes, and the reward
-- selection (conector-catalog). An import fills catalog_staging and then replaces catalog_item
-- in the same transaction, so a failed or cancelled import leaves the previous catalogue as it
-- was. Money in integer cents.

CREATE TABLE catalog_item (
    item_no           INTEGER PRIMARY KEY,
    sku               TEXT NOT NULL UNIQUE,        -- g:id
    position          INTEGER NOT NULL,            -- place in the feed
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,               -- first 200 characters (plain text)
    link              TEXT NOT NULL,
    image_link        TEXT NOT NULL,
    additional_images TEXT NOT NULL,               -- one URL per line
    price_cents       INTEGER NOT NULL,
    sale_price_cents  INTEGER,
    currency          TEXT,
    availability      TEXT NOT NULL,               -- in_stock | out_of_stock | preorder | backorder | unknown
    item_group_id     TEXT,
    brand             TEXT,
    gtin              TEXT,
    mpn               TEXT
) STRICT;

CREATE INDEX catalog_item_group ON catalog_item (item_group_id) WHERE item_group_id IS NOT NULL;

-- Same columns, no constraints: rows of the import in progress (the reader already dropped
-- repeated ids).
CREATE TABLE catalog_staging (
    item_no           INTEGER PRIMARY KEY,
    sku               TEXT NOT NULL,
    position          INTEGER NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    link              TEXT NOT NULL,
    image_link        TEXT NOT NULL,
    additional_images TEXT NOT NULL,
    price_cents       INTEGER NOT NULL,
    sale_price_cents  INTEGER,
    currency          TEXT,
    availability      TEXT NOT NULL,
    item_group_id     TEXT,
    brand             TEXT,
    gtin              TEXT,
    mpn               TEXT
) STRICT;

-- Words (accent-insensitive, prefix queries) over title, brand and SKU. No prefix index: the
-- search walks matches lazily, and the index would slow every import down.
CREATE VIRTUAL TABLE catalog_words USING fts5(
    title, brand, sku,
    content = 'catalog_item', content_rowid = 'item_no',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);

-- Substrings of SKUs (trigram: any 3+ characters match anywhere).
CREATE VIRTUAL TABLE catalog_codes USING fts5(
    sku,
    content = 'catalog_item', content_rowid = 'item_no',
    tokenize = 'trigram',
    columnsize = 0
);

-- One row per variant group: its size and its first item (for "group variants" listings).
CREATE TABLE catalog_group (
    item_group_id TEXT PRIMARY KEY NOT NULL,
    size          INTEGER NOT NULL,
    first_item_no INTEGER NOT NULL
) STRICT;

-- The last successful import.
CREATE TABLE catalog_import (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    imported_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    summary_json TEXT NOT NULL
) STRICT;

-- SKUs chosen as rewards. Not tied to catalog_item, so a selection survives re-imports and a
-- SKU that disappeared from the feed can be reported.
CREATE TABLE reward_selection (
    sku         TEXT PRIMARY KEY NOT NULL,
    selected_at TEXT NOT NULL
) STRICT;

-- Whether the whole catalogue is offered as rewards (then reward_selection is ignored).
CREATE TABLE reward_scope (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    whole_catalog INTEGER NOT NULL CHECK (whole_catalog IN (0, 1))
) STRICT;
