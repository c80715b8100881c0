-- Who last synced an after-sale order: the operator who asked for it ("sync now" in the console or
-- POST /api/after-sales/sync), or NULL when the sync queue did. Expand only: one nullable column, no rewrite
-- (Flyway's init-sql bounds the lock this waits for with lock_timeout).
ALTER TABLE after_sale_order
    ADD COLUMN last_synced_by text;
