-- Outgoing webhooks: the endpoints administrators register, and one
-- delivery per event and endpoint, written in the transaction of the
-- change it tells of (an outbox), sent and retried by a job.

-- +goose Up
CREATE TABLE webhook_endpoints (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    types       TEXT NOT NULL DEFAULT '', -- event types, space-separated; empty: every type
    role        TEXT NOT NULL,            -- what the endpoint may be told: that role's need to know
    secret      TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    msg_id          TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    subject         TEXT NOT NULL, -- deliveries of one subject (a complaint) go in order
    complaint_id    BIGINT REFERENCES complaints(id),
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ,
    response_code   INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    done_at         TIMESTAMPTZ,
    UNIQUE (endpoint_id, msg_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries(endpoint_id, subject, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(endpoint_id, id);
CREATE INDEX webhook_deliveries_complaint ON webhook_deliveries(complaint_id) WHERE complaint_id IS NOT NULL;

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
