-- The term watch (P5.4) and written notice of delay (P5.5).
-- term_steps makes each step happen once: its primary key is the lock that
-- two schedulers on one database contend for.

-- +goose Up
CREATE TABLE term_steps (
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    step         TEXT NOT NULL,
    fired_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (complaint_id, step)
);

CREATE TABLE notifications (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    complaint_id BIGINT REFERENCES complaints(id),
    kind         TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ
);
CREATE INDEX notifications_user ON notifications(user_id, id);

ALTER TABLE complaints ADD COLUMN expected_at TIMESTAMPTZ;
ALTER TABLE complaints ADD COLUMN delay_notice_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE complaints DROP COLUMN delay_notice_at;
ALTER TABLE complaints DROP COLUMN expected_at;
DROP TABLE notifications;
DROP TABLE term_steps;
