-- Issue 14: the digitally signed PDF, kept as it was signed, and the manager's
-- signing settings. Shipped migrations are never edited; the next change is a new file.

-- A PAdES signature (ETSI EN 319 142-1) cannot be made again byte for byte: the
-- signing time and the key's randomness differ each time. So the signed PDF is
-- kept here exactly as signed, and "Spara PDF…", "Skriv ut", "Öppna PDF" and the
-- preview use these bytes. A separate table from `applications`, so that its
-- read-only triggers stay simple: a row here is never changed or deleted.
CREATE TABLE signed_pdfs (
    id                 TEXT    NOT NULL,
    version            INTEGER NOT NULL,
    -- The whole signed file (the app's PDF/A-3b plus the incremental update).
    pdf                BLOB    NOT NULL CHECK (length(pdf) > 0),
    -- Who signed, from the signer's certificate: its subject's common name (else
    -- the DN), issuer DN, serial number and SHA-256 fingerprint, both in hex.
    signer_name        TEXT    NOT NULL,
    issuer_dn          TEXT    NOT NULL,
    serial_hex         TEXT    NOT NULL,
    certificate_sha256 TEXT    NOT NULL,
    -- The signing time written in the signature dictionary's /M, RFC 3339 UTC.
    signed_at          TEXT    NOT NULL,
    PRIMARY KEY (id, version),
    FOREIGN KEY (id, version) REFERENCES applications (id, version)
) STRICT;

-- Only a signed (sealed) application gets a signed PDF.
CREATE TRIGGER signed_pdfs_only_for_signed
BEFORE INSERT ON signed_pdfs
WHEN NOT EXISTS (SELECT 1 FROM applications
                 WHERE id = NEW.id AND version = NEW.version AND status = 'signerad')
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a signed PDF needs a signed application');
END;

CREATE TRIGGER signed_pdfs_no_update
BEFORE UPDATE ON signed_pdfs
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a signed PDF is read-only');
END;

CREATE TRIGGER signed_pdfs_no_delete
BEFORE DELETE ON signed_pdfs
BEGIN
    SELECT RAISE(ABORT, 'kanalansokan: a signed PDF is read-only');
END;

-- The manager's settings, chosen once (today: the PKCS#11 module of the e-ID card
-- or token). Only named, known keys: a PIN or password is never stored, and the
-- CHECK keeps any code from trying.
CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY CHECK (key IN ('pkcs11_module')),
    value TEXT NOT NULL CHECK (length(value) <= 4096)
) STRICT;
