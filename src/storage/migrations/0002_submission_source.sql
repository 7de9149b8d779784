-- The submission an imported assessment came from (a KoboToolbox or ODK
-- instance id), so importing the same export again adds nothing.
ALTER TABLE assessments ADD COLUMN source TEXT;
CREATE UNIQUE INDEX assessments_source ON assessments (source);
