-- Several service instances on one database (docs/cluster.md): db-scheduler's tables, in the layout its
-- PostgreSQL schema prescribes (com.github.kagkarlsson:db-scheduler 16.12.0, postgresql_tables.sql;
-- varchar keys instead of text so that jOOQ's build-time parser can index them).
-- scheduled_tasks: the once-per-cluster timers (outbox drain, deadline watch, clean-ups).
-- plan_job_task: the queue of planning jobs; one execution per job (task_instance = plan_job.id), picked by exactly
-- one instance with a free solver slot, its heartbeat kept by that instance, revived for another instance when the
-- heartbeat stops. A separate table, so that a scheduler with as many threads as solver slots polls jobs only.
CREATE TABLE scheduled_tasks (
    task_name            varchar(100)             NOT NULL,
    task_instance        varchar(200)             NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);

CREATE TABLE plan_job_task (
    task_name            varchar(100)             NOT NULL,
    task_instance        varchar(200)             NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX plan_job_task_execution_time_idx ON plan_job_task (execution_time);
CREATE INDEX plan_job_task_last_heartbeat_idx ON plan_job_task (last_heartbeat);

-- which instances ran a job, in order (a take-over adds a line): the cluster benchmark and the tests read it
ALTER TABLE plan_job ADD COLUMN run_log text;
