-- Used by MigrationLockTimeoutTest only: a migration that needs an ACCESS EXCLUSIVE lock on a busy table.
ALTER TABLE spi_inbox ADD COLUMN lock_timeout_check integer;
