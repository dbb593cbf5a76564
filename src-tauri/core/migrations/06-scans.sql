-- Issue 18: an application imported from a scan of its pen-signed page. It is
-- signed on paper (signature_kind 'paper'); the archived file is the scan.
ALTER TABLE register_applications ADD COLUMN scanned INTEGER NOT NULL DEFAULT 0
    CHECK (scanned IN (0, 1));
