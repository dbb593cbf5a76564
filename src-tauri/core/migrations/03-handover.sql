-- Handing an application over between desks (issue 13): the unit head sends the
-- draft to the manager as a file; the manager opens it, may change it, signs it.
-- Shipped migrations are never edited; the next change is a new file.

-- When a draft was last written as a file for the manager's approval
-- (RFC 3339 UTC with milliseconds), and its body at that moment: a signed PDF
-- coming back replaces the draft only if it has not been edited since.
ALTER TABLE applications ADD COLUMN sent_for_approval_at TEXT;
ALTER TABLE applications ADD COLUMN sent_body TEXT CHECK (sent_body IS NULL OR json_valid(sent_body));

-- A draft opened from a file: the file's name (no folder), when it was opened, and
-- the application exactly as received, so the window can show which fields the
-- receiver changed and a second copy of the same file is recognised.
ALTER TABLE applications ADD COLUMN received_from TEXT;
ALTER TABLE applications ADD COLUMN received_at TEXT;
ALTER TABLE applications ADD COLUMN received_body TEXT CHECK (received_body IS NULL OR json_valid(received_body));
