-- The rest of an entry-into-force clause as data, the decision a silence procedure acts on,
-- and notifications of deposits not known to the day.

-- A second condition beside the count, as JSON: {"label": "...", "required": 5500,
-- "weights": {"CHN": 2010, ...}}; NULL when there is none.
ALTER TABLE treaties ADD COLUMN second_condition TEXT;
-- From the deposit of a denunciation or withdrawal to its effect (0: on deposit).
ALTER TABLE treaties ADD COLUMN exit_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE treaties ADD COLUMN exit_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE treaties ADD COLUMN exit_first_of_month INTEGER NOT NULL DEFAULT 0;

-- The decision a procedure acts on (a recommendation). Checked at commit, so that a whole
-- dataset can be replaced in one transaction although decisions also point at procedures.
ALTER TABLE silence_procedures ADD COLUMN basis TEXT REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED;

-- When a deposit is known only to the year or by a latest day: what the sources give. The
-- notification is then dated the last day the deposit could have happened.
ALTER TABLE notifications ADD COLUMN date_text TEXT;

CREATE INDEX decisions_by_meeting ON decisions (meeting);
