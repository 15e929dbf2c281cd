-- The complaint register (P1, P2, P4): profile, users, complaints, timeline.
-- Times are timestamptz.

-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE departments (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    key              TEXT PRIMARY KEY,
    label_nl         TEXT NOT NULL,
    label_en         TEXT NOT NULL,
    route_department TEXT REFERENCES departments(key),
    position         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE channels (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE roles (
    key      TEXT PRIMARY KEY,
    label_nl TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL REFERENCES roles(key),
    department    TEXT REFERENCES departments(key),
    lang          TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en')),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE one_time_links (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup_admin', 'set_password')),
    user_id    BIGINT REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE reference_counters (
    year INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE complaints (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('registered', 'in_progress', 'handled', 'closed')),
    channel       TEXT NOT NULL REFERENCES channels(key),
    category      TEXT NOT NULL REFERENCES categories(key),
    department    TEXT NOT NULL REFERENCES departments(key),
    concerns      TEXT NOT NULL DEFAULT '' CHECK (concerns IN ('', 'act', 'omission', 'person')),
    language      TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
    description   TEXT NOT NULL,
    member_number TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    received_at   TIMESTAMPTZ NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    taken_by      BIGINT REFERENCES users(id),
    assignee_id   BIGINT REFERENCES users(id),
    handled_at    TIMESTAMPTZ,
    closed_at     TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaints_received ON complaints(received_at, id);
CREATE INDEX complaints_due ON complaints(due_at, id);
-- Open complaints by due date: the overdue list and the term watch.
CREATE INDEX complaints_open_due ON complaints(due_at, id) WHERE status IN ('registered', 'in_progress');
CREATE INDEX complaints_category_received ON complaints(category, received_at);
CREATE INDEX complaints_assignee ON complaints(assignee_id, status);
CREATE INDEX complaints_member ON complaints(member_number) WHERE member_number <> '';

CREATE TABLE complaint_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    at           TIMESTAMPTZ NOT NULL,
    actor_id     BIGINT REFERENCES users(id),
    kind         TEXT NOT NULL,
    data         JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, id);

-- The timeline is append-only (P4.6): the database refuses edits too.
-- +goose StatementBegin
CREATE FUNCTION complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'complaint_events is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER complaint_events_no_change BEFORE UPDATE OR DELETE ON complaint_events
FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only();

CREATE TABLE idempotency_keys (
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE complaint_events;
DROP FUNCTION complaint_events_append_only;
DROP TABLE complaints;
DROP TABLE reference_counters;
DROP TABLE one_time_links;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE roles;
DROP TABLE channels;
DROP TABLE categories;
DROP TABLE departments;
DROP TABLE settings;
