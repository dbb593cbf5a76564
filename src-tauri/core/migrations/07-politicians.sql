-- Issue 16: politicians' blog links on the public list ("Sociala medier - politik"):
-- representatives with an ordinary seat in kommunfullmäktige or a nämnd have the
-- right to a link to their blog on the municipality's page for social media.
-- Shipped migrations are never edited; the next change is a new file.

-- One row per link. Ending one keeps the row with its date and reason, as closing a
-- channel does; an ended row is never reopened (a new start is a new row).
CREATE TABLE register_politicians (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    party      TEXT    NOT NULL CHECK (length(trim(party)) > 0),
    -- "Kommunfullmäktige" or the committee's name (ordinary member).
    seat       TEXT    NOT NULL CHECK (length(trim(seat)) > 0),
    address    TEXT    NOT NULL CHECK (address LIKE 'https://%'),
    -- ISO 8601 dates.
    from_date  TEXT    NOT NULL,
    ended_on   TEXT,
    end_reason TEXT,
    created_at TEXT    NOT NULL,
    CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
    CHECK (ended_on IS NULL OR ended_on >= from_date)
) STRICT;

-- The same politician and address is listed at most once while active.
CREATE UNIQUE INDEX register_politicians_active
    ON register_politicians (name, address) WHERE ended_on IS NULL;

CREATE TRIGGER register_politicians_ended_stay_ended
BEFORE UPDATE ON register_politicians
WHEN OLD.ended_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: an ended politician link is not changed');
END;

CREATE TRIGGER register_politicians_no_delete
BEFORE DELETE ON register_politicians
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a politician link is a record');
END;

-- The event log gets the kind 'politiker' (a link added, changed or ended). SQLite
-- cannot change a CHECK, so the table is rebuilt with its rows, index and
-- append-only triggers (DROP TABLE fires no DELETE trigger). 'tillit' is issue 14's
-- kind (migration 04); listing it here keeps its rows valid whatever the merge order.
DROP TRIGGER register_events_no_update;
DROP TRIGGER register_events_no_delete;

CREATE TABLE register_events_new (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('import', 'ny_version', 'avslut', 'dnr',
                                                'manuell_registrering', 'gallring', 'tillit',
                                                'politiker')),
    app_id     TEXT,
    channel_id INTEGER,
    summary    TEXT    NOT NULL,
    detail     TEXT    NOT NULL CHECK (json_valid(detail))
) STRICT;

INSERT INTO register_events_new (id, at, kind, app_id, channel_id, summary, detail)
    SELECT id, at, kind, app_id, channel_id, summary, detail FROM register_events;

DROP TABLE register_events;
ALTER TABLE register_events_new RENAME TO register_events;

CREATE INDEX register_events_by_app ON register_events (app_id);

CREATE TRIGGER register_events_no_update
BEFORE UPDATE ON register_events
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: the event log is append-only');
END;

CREATE TRIGGER register_events_no_delete
BEFORE DELETE ON register_events
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: the event log is append-only');
END;
