-- A silence procedure whose instants are placeholders (the sources give only its days) says
-- so, and its moments are then shown to the day, never to the hour.
ALTER TABLE silence_procedures ADD COLUMN times_known INTEGER NOT NULL DEFAULT 1;

-- The built-in procedure of March 2024, whose note says its instants are placeholders.
UPDATE silence_procedures SET times_known = 0
WHERE id = 'mc-2024-03-azerbaijan-chairmanship'
  AND note LIKE '%instants here are placeholders%';
