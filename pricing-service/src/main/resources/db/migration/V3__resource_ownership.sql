-- Objects created from Kubernetes resources carry the resource ("RoutingPolicy ns/name"); the resource is then
-- their source of truth and the REST API refuses to change them. NULL: created through the REST API.
ALTER TABLE routing_policies ADD COLUMN managed_by text;
CREATE UNIQUE INDEX routing_policies_managed_by ON routing_policies (managed_by) WHERE managed_by IS NOT NULL;

-- Models whose price a ModelPrice resource sets, and the rate version it last appended. Rate versions themselves
-- stay immutable history (0006): deleting the resource releases the model, it does not delete versions.
CREATE TABLE managed_models (
    model_id    text PRIMARY KEY,
    managed_by  text   NOT NULL UNIQUE,
    version     bigint NOT NULL
);
