-- Replan proposals have a cause (issue 12): a technician's absence (as before), a visit running past its planned end
-- by more than fieldplan.replan.overrun-margin (the overrun watch), or an urgent request for today. For the automatic
-- causes the request that caused it is recorded, at most once per cause and request, so that the watch never proposes
-- twice for the same overrun (nor twice for the same urgent request), whatever became of the first proposal.
ALTER TABLE replan_proposal
    ADD COLUMN cause            varchar(16) NOT NULL DEFAULT 'absence' CHECK (cause IN ('absence', 'overrun', 'urgent')),
    ADD COLUMN cause_request_id bigint      REFERENCES service_request (id) ON DELETE CASCADE,
    ADD COLUMN cause_minutes    integer;
CREATE UNIQUE INDEX replan_proposal_cause_once ON replan_proposal (cause, cause_request_id)
    WHERE cause_request_id IS NOT NULL;
