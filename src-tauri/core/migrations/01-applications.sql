-- Drafts, signed applications and their versions.
-- Shipped migrations are never edited; the next change is a new file.

-- Marks the file as Kanalansökan's ("KANS"), so that opening some other program's
-- SQLite database by mistake is refused instead of adding our tables to it.
PRAGMA application_id = 1262571091;

-- One row per (application, version). `body` is the whole Application JSON exactly
-- as the window sent it (drafts keep whatever was typed); the other columns are
-- copies of a few of its fields so that the list can be sorted and filtered
-- without parsing JSON.
CREATE TABLE applications (
    id         TEXT    NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
    version    INTEGER NOT NULL CHECK (version >= 1),
    unit       TEXT    NOT NULL DEFAULT '',
    status     TEXT    NOT NULL CHECK (status IN ('utkast', 'signerad')),
    -- RFC 3339 UTC with milliseconds ("2026-11-29T04:12:08.123Z"): sorts as text.
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    -- Order of saves across the whole table, for "most recently saved first"
    -- that holds even for saves within one millisecond or across a clock change.
    save_seq   INTEGER NOT NULL,
    signed_at  TEXT,
    seal       TEXT,
    body       TEXT    NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (id, version),
    -- A signed row has its seal and signing time; a draft has neither.
    CHECK ((status = 'signerad') = (seal IS NOT NULL AND signed_at IS NOT NULL)),
    CHECK (status = 'signerad' OR (seal IS NULL AND signed_at IS NULL))
) STRICT;

CREATE INDEX applications_by_save_seq ON applications (save_seq DESC);
CREATE INDEX applications_by_unit ON applications (unit);
CREATE INDEX applications_by_status ON applications (status);
CREATE INDEX applications_by_signed_at ON applications (signed_at) WHERE signed_at IS NOT NULL;
CREATE INDEX applications_by_seal ON applications (seal) WHERE seal IS NOT NULL;

-- Signed applications are public records ("offentlighetsprincipen"): never changed,
-- never deleted; a change is a new version. The Rust code refuses this already;
-- these triggers keep it true for any other code or tool writing to the file.
CREATE TRIGGER applications_signed_no_update
BEFORE UPDATE ON applications
WHEN OLD.status = 'signerad'
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a signed application is read-only');
END;

CREATE TRIGGER applications_signed_no_delete
BEFORE DELETE ON applications
WHEN OLD.status = 'signerad'
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a signed application is read-only');
END;
