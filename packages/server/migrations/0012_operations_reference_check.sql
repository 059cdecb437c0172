-- The operation log: its two row-level foreign keys become one check per batch (issue 15 point 1).
-- Every proxied call writes an operations row, and each row ran two referential-integrity triggers (a query
-- and a row lock on its environment and on its connection): a third of the PostgreSQL CPU of a row
-- (docs/performance.md, "PostgreSQL's share of a proxied request"). As migration 0011 did for records:
-- - OperationLog's batch INSERT locks the batch's environments and connections once (FOR KEY SHARE, the
--   lock the keys took per row); a row whose environment is gone is not written, a row whose connection is
--   gone is written with connection_id null, as the keys' cascade and SET NULL would have left them;
-- - deleting connections sets their rows' connection_id to null, and deleting environments deletes their
--   rows, through the statement triggers below (a delete waits for a batch holding the lock, then sees it).
alter table operations drop constraint operations_environment_id_fkey;
alter table operations drop constraint operations_connection_id_fkey;

create function forget_deleted_connections_in_operations() returns trigger language plpgsql as $$
begin
  update operations set connection_id = null where connection_id in (select id from deleted_connections);
  return null;
end
$$;

create trigger operations_forget_deleted_connections
  after delete on connections
  referencing old table as deleted_connections
  for each statement execute function forget_deleted_connections_in_operations();

create function delete_operations_of_deleted_environments() returns trigger language plpgsql as $$
begin
  delete from operations where environment_id in (select id from deleted_environments);
  return null;
end
$$;

create trigger operations_follow_environment_deletes
  after delete on environments
  referencing old table as deleted_environments
  for each statement execute function delete_operations_of_deleted_environments();
