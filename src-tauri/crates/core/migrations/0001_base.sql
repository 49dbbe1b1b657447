-- Non-secret settings and wizard progress. The API token is never stored here (OS keychain).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE wizard_progress (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    current_step INTEGER NOT NULL CHECK (current_step BETWEEN 1 AND 10),
    updated_at   TEXT NOT NULL
) STRICT;
