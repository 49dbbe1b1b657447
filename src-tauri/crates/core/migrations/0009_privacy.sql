-- The customers' personal data kept by the preview (issue #15, LGPD): the owner can erase it at
-- any time, and after go-live it is erased 30 days later unless the owner keeps it.
--
-- The points ledger stays append-only for the engine. Erasing is the one way rows leave it, and
-- only inside the erasing transaction: the delete trigger yields while `privacy_erasing` holds
-- its row, which that transaction inserts first and deletes before it commits.
CREATE TABLE privacy_erasing (
    id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

DROP TRIGGER ledger_entries_no_delete;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
WHEN NOT EXISTS (SELECT 1 FROM privacy_erasing)
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
