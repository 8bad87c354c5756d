-- Whose words an issue's foreword is: the author's own text, entered by an editor and printed
-- over the signature, or the Secretariat's account of it in reported speech, printed without
-- one. Existing records say nothing, so they take the safe reading: reported.
ALTER TABLE digests ADD COLUMN foreword_kind TEXT NOT NULL DEFAULT 'reported'
    CHECK (foreword_kind IN ('own', 'reported'));
