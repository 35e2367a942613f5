-- Policies created from a CachePolicy resource carry it ("CachePolicy ns/name"); the resource is then their source
-- of truth and the REST API refuses to change them. NULL: set through the REST API.
ALTER TABLE cache_policies ADD COLUMN managed_by text;
CREATE UNIQUE INDEX cache_policies_managed_by ON cache_policies (managed_by) WHERE managed_by IS NOT NULL;
