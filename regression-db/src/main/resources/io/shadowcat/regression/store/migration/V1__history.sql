-- Portable SQL: the same migration runs on SQLite and PostgreSQL.
CREATE TABLE runs (
    run_key     VARCHAR(64)  NOT NULL PRIMARY KEY,
    suite       VARCHAR(200) NOT NULL,
    source      VARCHAR(200) NOT NULL,
    commit_id   VARCHAR(200) NOT NULL,
    branch      VARCHAR(200) NOT NULL,
    run_time    BIGINT       NOT NULL,
    cpu_model   VARCHAR(500) NOT NULL,
    cores       INTEGER      NOT NULL,
    jvm         VARCHAR(500) NOT NULL,
    os          VARCHAR(500) NOT NULL,
    config_hash VARCHAR(200) NOT NULL,
    fingerprint VARCHAR(64)  NOT NULL,
    tags        TEXT         NOT NULL
);

CREATE INDEX runs_history ON runs (suite, branch, fingerprint, run_time);

CREATE TABLE metrics (
    run_key   VARCHAR(64)      NOT NULL REFERENCES runs (run_key),
    position  INTEGER          NOT NULL,
    name      VARCHAR(400)     NOT NULL,
    unit      VARCHAR(50)      NOT NULL,
    better    VARCHAR(10)      NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    samples   TEXT,
    histogram TEXT,
    PRIMARY KEY (run_key, name)
);

CREATE TABLE acceptances (
    suite          VARCHAR(200) NOT NULL,
    branch         VARCHAR(200) NOT NULL,
    fingerprint    VARCHAR(64)  NOT NULL,
    metric_pattern VARCHAR(400) NOT NULL,
    accepted_at    BIGINT       NOT NULL,
    run_key        VARCHAR(64)  NOT NULL REFERENCES runs (run_key),
    reason         TEXT         NOT NULL,
    PRIMARY KEY (suite, branch, fingerprint, metric_pattern, accepted_at)
);
