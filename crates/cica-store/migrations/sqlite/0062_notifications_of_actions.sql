-- A notification names the action it announces (its place among the treaty's actions), so
-- that withdrawing an action recorded in error withdraws its own notification and no other;
-- a notification that withdraws another names that one.
ALTER TABLE notifications ADD COLUMN action_seq INTEGER;
ALTER TABLE notifications ADD COLUMN withdraws TEXT;
