-- Spend per 15 minutes and attribution, so a budget created (or re-scoped) mid-period starts from the spend
-- its period already had. 15 minutes divides every zone offset in use, so local days can be rebuilt from it.
CREATE TABLE spend_rollup (
    bucket      timestamptz NOT NULL,
    team        text NOT NULL DEFAULT '',
    agent       text NOT NULL DEFAULT '',
    customer    text NOT NULL DEFAULT '',
    feature     text NOT NULL DEFAULT '',
    environment text NOT NULL DEFAULT '',
    model       text NOT NULL DEFAULT '',
    spent_usd   numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, team, agent, customer, feature, environment, model)
);
