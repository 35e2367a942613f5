-- Every change of a model's rate is a new immutable row; versions are one global sequence.
CREATE SEQUENCE rate_version_seq;

CREATE TABLE valuation_rates (
    version                 bigint PRIMARY KEY,
    model_id                text        NOT NULL CHECK (model_id <> ''),
    provider                text,
    input_rate              numeric     NOT NULL CHECK (input_rate >= 0),
    output_rate             numeric     NOT NULL CHECK (output_rate >= 0),
    cached_input_rate       numeric     CHECK (cached_input_rate >= 0),
    cache_write_rate        numeric     CHECK (cache_write_rate >= 0),
    reasoning_rate          numeric     CHECK (reasoning_rate >= 0),
    currency                text        NOT NULL DEFAULT 'USD',
    effective_from          timestamptz NOT NULL,
    source                  text        NOT NULL CHECK (source IN ('catalog', 'api', 'import', 'resource')),
    created_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX valuation_rates_model ON valuation_rates (model_id, effective_from, version);

CREATE TABLE model_aliases (
    alias       text PRIMARY KEY CHECK (alias <> ''),
    model_id    text        NOT NULL CHECK (model_id <> ''),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One policy per scope: ('global', ''), ('team', <teamId>), ('agent', <agentId>).
CREATE TABLE routing_policies (
    scope       text        NOT NULL CHECK (scope IN ('global', 'team', 'agent')),
    scope_id    text        NOT NULL,
    policy      jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, scope_id)
);

-- The built-in catalog is loaded once: this row says it was.
CREATE TABLE catalog_loads (
    name        text PRIMARY KEY,
    as_of       date        NOT NULL,
    models      int         NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);

-- Each writer bumps its kind's revision first, in the same transaction: the row lock orders writers,
-- so rate versions commit in sequence order (a feed reader never skips one), and every replica
-- notices a change with one cheap query.
CREATE TABLE revisions (
    kind        text PRIMARY KEY,
    revision    bigint NOT NULL
);
INSERT INTO revisions (kind, revision) VALUES ('rates', 0), ('aliases', 0), ('policies', 0);
