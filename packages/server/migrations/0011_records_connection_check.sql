-- Records: the row-level foreign key to connections becomes one check per statement (issue 15 point 3).
-- A foreign key runs its referential-integrity trigger for every inserted record — a query and a row lock on the
-- connection, a third of a batch's cost in PostgreSQL. Instead:
-- - RecordStore.save takes the same lock (FOR KEY SHARE on the connection row) once per statement and inserts
--   nothing when the connection is gone, so no record is written for a deleted connection;
-- - deleting connections (directly, or cascaded from their integration or environment) deletes their records
--   through the statement trigger below, as `on delete cascade` did.
alter table records drop constraint records_connection_id_fkey;

create function delete_records_of_deleted_connections() returns trigger language plpgsql as $$
begin
  delete from records where connection_id in (select id from deleted_connections);
  return null;
end
$$;

create trigger records_follow_connection_deletes
  after delete on connections
  referencing old table as deleted_connections
  for each statement execute function delete_records_of_deleted_connections();
