-- See ../006_webhook_lease.sql.
ALTER TABLE webhook_outbox ADD COLUMN lease_until BIGINT;
