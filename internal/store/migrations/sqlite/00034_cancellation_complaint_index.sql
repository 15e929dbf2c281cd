-- The complaint page asks whether a cancellation lies behind the complaint
-- (P6), and the call list shows how many offers were taken (P6.4): with a
-- hundred thousand cancellations, both need an index instead of a read of
-- them all.

-- +goose Up
CREATE INDEX cancellations_complaint ON cancellations(complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX cancellations_offered ON cancellations(offer_accepted) WHERE offer <> '';

-- +goose Down
DROP INDEX cancellations_offered;
DROP INDEX cancellations_complaint;
