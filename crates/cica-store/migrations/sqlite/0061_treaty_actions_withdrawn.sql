-- A treaty action recorded in error is withdrawn, not erased: it stays in the record, marked
-- with the day and the reason, and counts for nothing.
ALTER TABLE treaty_actions ADD COLUMN withdrawn TEXT;
ALTER TABLE treaty_actions ADD COLUMN withdrawn_reason TEXT;
