-- Do-not-call: a telemarketing complaint can put the member on the list the
-- CRM and the telemarketing agency suppress. The row keeps what the
-- suppression needs (member number, name, phone) apart from the complaint,
-- so the objection is honoured after the complaint is pseudonymised.

-- +goose Up
CREATE TABLE do_not_call (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id  BIGINT NOT NULL REFERENCES complaints(id),
    member_number TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    set_at        TIMESTAMPTZ NOT NULL,
    set_by        BIGINT REFERENCES users(id),
    lifted_at     TIMESTAMPTZ,
    lifted_by     BIGINT REFERENCES users(id)
);
CREATE UNIQUE INDEX do_not_call_active ON do_not_call(complaint_id) WHERE lifted_at IS NULL;
CREATE INDEX do_not_call_set ON do_not_call(set_at);

-- +goose Down
DROP TABLE do_not_call;
