-- Issue 16: the unit's closure notice ("Anmälan om avslutad kanal"), imported by the
-- registrar like a signed application. Shipped migrations are never edited; the next
-- change is a new file.

-- One row per imported, signed notice, kept whole (its PDF in the archive folder as
-- <pdf_sha256>.pdf, beside the applications').
CREATE TABLE register_notices (
    id          INTEGER PRIMARY KEY,
    notice_id   TEXT    NOT NULL CHECK (length(notice_id) BETWEEN 1 AND 64),
    unit        TEXT    NOT NULL,
    -- "Sista dag", ISO 8601: the date the channels were closed with.
    last_day    TEXT    NOT NULL,
    reason      TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    approver    TEXT    NOT NULL,
    signed_at   TEXT    NOT NULL,
    -- The notice's seal: identifies it.
    seal        TEXT    NOT NULL UNIQUE,
    -- The whole notice JSON as embedded in the PDF.
    body        TEXT    NOT NULL CHECK (json_valid(body)),
    pdf_sha256  TEXT    NOT NULL CHECK (length(pdf_sha256) = 64),
    pdf_size    INTEGER NOT NULL CHECK (pdf_size >= 0),
    file_name   TEXT    NOT NULL,
    imported_at TEXT    NOT NULL
) STRICT;

-- Which register channels a notice named. No foreign key on channel_id: gallring
-- deletes an application's channel rows under a recorded decision.
CREATE TABLE register_notice_channels (
    notice_row       INTEGER NOT NULL REFERENCES register_notices (id),
    channel_id       INTEGER NOT NULL,
    app_id           TEXT    NOT NULL,
    -- 1: this notice closed the channel; 0: it was closed already.
    closed_by_notice INTEGER NOT NULL CHECK (closed_by_notice IN (0, 1)),
    PRIMARY KEY (notice_row, channel_id)
) STRICT;

CREATE INDEX register_notice_channels_by_app ON register_notice_channels (app_id);

CREATE TRIGGER register_notices_no_update
BEFORE UPDATE ON register_notices
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: an imported notice is read-only');
END;

CREATE TRIGGER register_notice_channels_no_update
BEFORE UPDATE ON register_notice_channels
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: an imported notice is read-only');
END;
