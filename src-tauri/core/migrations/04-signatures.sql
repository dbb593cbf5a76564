-- Issue 14: the registrar's trust in digital signatures (PAdES, ETSI EN 319 142-1)
-- and what the import found for each signed PDF.
-- Shipped migrations are never edited; the next change is a new file.

-- "Betrodda utfärdare": CA certificates the registrar trusts, as the file was given
-- (PEM or DER). Removing one only affects later imports; what an import found is
-- recorded in register_signatures and the event log.
CREATE TABLE register_trusted_cas (
    id          INTEGER PRIMARY KEY,
    -- SHA-256 of the certificate's DER (its fingerprint), lower-case hex.
    sha256      TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    subject     TEXT    NOT NULL,
    subject_dn  TEXT    NOT NULL,
    issuer_dn   TEXT    NOT NULL,
    serial      TEXT    NOT NULL,
    not_before  TEXT    NOT NULL,
    not_after   TEXT    NOT NULL,
    data        BLOB    NOT NULL,
    added_at    TEXT    NOT NULL
) STRICT;

-- Certificate revocation lists (RFC 5280 §5) the registrar has loaded, as given.
CREATE TABLE register_crls (
    id          INTEGER PRIMARY KEY,
    -- SHA-256 of the file's bytes, lower-case hex.
    sha256      TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
    issuer_dn   TEXT    NOT NULL,
    this_update TEXT    NOT NULL,
    next_update TEXT,
    revoked     INTEGER NOT NULL CHECK (revoked >= 0),
    data        BLOB    NOT NULL,
    added_at    TEXT    NOT NULL
) STRICT;

-- The registrar's settings. 'unsigned_policy': 'accept' (applications without a
-- digital signature are imported, marked "Inte elektroniskt signerad") or 'refuse'.
CREATE TABLE register_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

INSERT INTO register_settings (key, value) VALUES ('unsigned_policy', 'accept');

-- The digital signature of an imported application version, as verified at import.
-- No row: the version has no digital signature ("Inte elektroniskt signerad").
CREATE TABLE register_signatures (
    application_row INTEGER PRIMARY KEY
                    REFERENCES register_applications (id) ON DELETE CASCADE,
    -- The certificate's CN (else its DN), and the rest of what identifies it.
    signer_name     TEXT    NOT NULL,
    subject_dn      TEXT    NOT NULL,
    serial          TEXT    NOT NULL,
    -- SHA-256 of the signer's certificate (DER), lower-case hex.
    sha256          TEXT    NOT NULL,
    issuer_dn       TEXT    NOT NULL,
    -- The signature dictionary's /M (the signer's clock; no timestamp authority).
    signing_time    TEXT    NOT NULL,
    -- 'verifierad': valid, whole file, trusted CA, valid then, key usage, not revoked.
    outcome         TEXT    NOT NULL CHECK (outcome IN ('verifierad')),
    -- JSON array of {code, message, field}: what the registrar was warned about.
    warnings        TEXT    NOT NULL CHECK (json_valid(warnings))
) STRICT;

-- The event log gets one more kind, 'tillit' (a change to the trusted issuers, the
-- CRLs or the policy). SQLite cannot change a CHECK, so the table is rebuilt with
-- its rows, index and append-only triggers (DROP TABLE fires no DELETE trigger).
DROP TRIGGER register_events_no_update;
DROP TRIGGER register_events_no_delete;

CREATE TABLE register_events_new (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('import', 'ny_version', 'avslut', 'dnr',
                                                'manuell_registrering', 'gallring', 'tillit')),
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
