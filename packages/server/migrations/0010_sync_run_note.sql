-- Why a run ended as it did, set by the function (nango.setRunNote), e.g. a Salesforce sync stopped at the org's
-- API reserve: the run succeeds with its checkpoint saved; the sync status, the log and the sync webhook carry the note.
alter table sync_runs add column note text;
