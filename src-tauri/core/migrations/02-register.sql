-- The registrar's register of official channels ("förteckning"), the imported
-- applications it rests on, the disposal decisions (gallring) and the event log.
-- Shipped migrations are never edited; the next change is a new file.
--
-- Public records ("offentlighetsprincipen"): imported applications never change,
-- closed channels are never reopened, the event log is append-only, and rows are
-- deleted only under a recorded disposal decision. The Rust code keeps to this;
-- the triggers below keep it true for any other tool writing to the file.

-- One row per imported, signed application version, kept whole.
CREATE TABLE register_applications (
    id             INTEGER PRIMARY KEY,
    app_id         TEXT    NOT NULL CHECK (length(app_id) BETWEEN 1 AND 64),
    version        INTEGER NOT NULL CHECK (version >= 1),
    unit           TEXT    NOT NULL,
    -- "Datum" of the manager's approval, ISO 8601.
    approval_date  TEXT    NOT NULL,
    approver       TEXT    NOT NULL,
    -- 'drawn', 'typed' or 'paper' (registered manually after the registrar confirmed the pen signature).
    signature_kind TEXT    NOT NULL CHECK (signature_kind IN ('drawn', 'typed', 'paper')),
    signed_at      TEXT    NOT NULL,
    -- The application's seal (SHA-256 of its canonical JSON): identifies this version.
    seal           TEXT    NOT NULL UNIQUE,
    -- The whole Application JSON as embedded in the PDF.
    body           TEXT    NOT NULL CHECK (json_valid(body)),
    -- SHA-256 of the original PDF, which is kept as <archive>/<pdf_sha256>.pdf.
    pdf_sha256     TEXT    NOT NULL CHECK (length(pdf_sha256) = 64),
    pdf_size       INTEGER NOT NULL CHECK (pdf_size >= 0),
    -- The file name it was imported from (for the registrar's reference only).
    file_name      TEXT    NOT NULL,
    imported_at    TEXT    NOT NULL,
    UNIQUE (app_id, version)
) STRICT;

-- One row per channel. A new version of the application updates its rows; a
-- channel left out of a new version is closed; a closed row is never reopened
-- (if it comes back, it gets a new row).
CREATE TABLE register_channels (
    id              INTEGER PRIMARY KEY,
    app_id          TEXT    NOT NULL,
    -- The application version the row currently shows.
    application_row INTEGER NOT NULL REFERENCES register_applications (id),
    version         INTEGER NOT NULL,
    platform        TEXT    NOT NULL,
    -- The name a user reads ("Facebook", or the free name for "annat").
    platform_label  TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    unit            TEXT    NOT NULL,
    -- Approval date of the version the row shows.
    approval_date   TEXT    NOT NULL,
    -- Approval date of the version that first made the channel official ("sedan").
    since           TEXT    NOT NULL,
    -- JSON arrays of {name, phone, email}: "Ansvariga" and "Sköts av".
    responsible     TEXT    NOT NULL CHECK (json_valid(responsible)),
    operators       TEXT    NOT NULL CHECK (json_valid(operators)),
    status          TEXT    NOT NULL CHECK (status IN ('aktiv', 'avslutad')),
    closed_on       TEXT,
    close_reason    TEXT,
    dnr             TEXT    NOT NULL DEFAULT '',
    CHECK ((status = 'avslutad') = (closed_on IS NOT NULL AND close_reason IS NOT NULL))
) STRICT;

-- An address is active at most once per application.
CREATE UNIQUE INDEX register_channels_active_address
    ON register_channels (app_id, address) WHERE status = 'aktiv';
CREATE INDEX register_channels_by_app ON register_channels (app_id);

-- Recorded disposal decisions (gallring): why and under which decision.
CREATE TABLE register_disposals (
    id         INTEGER PRIMARY KEY,
    app_id     TEXT    NOT NULL,
    decided_at TEXT    NOT NULL,
    reason     TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    reference  TEXT    NOT NULL CHECK (length(trim(reference)) > 0)
) STRICT;

-- Append-only log of every change: import, new version, close, Dnr, manual
-- registration, gallring. `detail` is JSON with what changed.
CREATE TABLE register_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('import', 'ny_version', 'avslut', 'dnr',
                                                'manuell_registrering', 'gallring')),
    app_id     TEXT,
    channel_id INTEGER,
    summary    TEXT    NOT NULL,
    detail     TEXT    NOT NULL CHECK (json_valid(detail))
) STRICT;

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

CREATE TRIGGER register_disposals_no_update
BEFORE UPDATE ON register_disposals
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a disposal decision is a record');
END;

CREATE TRIGGER register_disposals_no_delete
BEFORE DELETE ON register_disposals
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a disposal decision is a record');
END;

CREATE TRIGGER register_applications_no_update
BEFORE UPDATE ON register_applications
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: an imported application is read-only');
END;

CREATE TRIGGER register_applications_delete_only_disposed
BEFORE DELETE ON register_applications
WHEN NOT EXISTS (SELECT 1 FROM register_disposals WHERE app_id = OLD.app_id)
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: delete only under a disposal decision');
END;

CREATE TRIGGER register_channels_delete_only_disposed
BEFORE DELETE ON register_channels
WHEN NOT EXISTS (SELECT 1 FROM register_disposals WHERE app_id = OLD.app_id)
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: delete only under a disposal decision');
END;

-- A closed channel stays closed with its date and reason; only its Dnr may still be entered.
CREATE TRIGGER register_channels_closed_stay_closed
BEFORE UPDATE ON register_channels
WHEN OLD.status = 'avslutad' AND (NEW.status IS NOT OLD.status OR NEW.closed_on IS NOT OLD.closed_on
    OR NEW.close_reason IS NOT OLD.close_reason OR NEW.application_row IS NOT OLD.application_row)
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a closed channel is not reopened');
END;
