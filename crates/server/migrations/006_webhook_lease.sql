-- Several server instances may share one database (PostgreSQL): a worker claims a due notification until
-- lease_until (unix ms) before posting it, so no other instance posts it meanwhile; after a crash the lease
-- runs out and another instance sends it (at least once). NULL: not claimed.
ALTER TABLE webhook_outbox ADD COLUMN lease_until INTEGER;
