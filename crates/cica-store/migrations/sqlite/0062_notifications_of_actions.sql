-- A notification names the action it announces (its place among the treaty's actions), so
-- that withdrawing an action recorded in error withdraws its own notification and no other;
-- a notification that withdraws another names that one.
ALTER TABLE notifications ADD COLUMN action_seq INTEGER;
ALTER TABLE notifications ADD COLUMN withdraws TEXT;

-- Notifications issued by a dataset load are dated their deposit: they name their action.
UPDATE notifications SET action_seq = (
    SELECT a.seq FROM treaty_actions a
    WHERE a.treaty = notifications.treaty AND a.party = notifications.party
      AND a.kind = notifications.kind AND a.deposit = notifications.date
    ORDER BY a.seq DESC LIMIT 1
) WHERE action_seq IS NULL;
