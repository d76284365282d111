-- load_log: one row per input file per load; history of earlier loads is carried over.
CREATE TABLE load_log (
    load_id           VARCHAR NOT NULL,
    path              VARCHAR NOT NULL,
    sha256            VARCHAR,
    status            VARCHAR NOT NULL,
    forms_found       INTEGER,
    forms_published   INTEGER,
    error             VARCHAR,
    note              VARCHAR,
    extractor_version VARCHAR,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    fingerprint       VARCHAR,
    PRIMARY KEY (load_id, path)
);
COMMENT ON TABLE load_log IS '加载日志 Load log: one row per input file per load (earlier loads kept)';
COMMENT ON COLUMN load_log.load_id IS '加载批次 Load id (UTC start time of the load)';
COMMENT ON COLUMN load_log.path IS '文件路径 Input file, relative to the raw folder';
COMMENT ON COLUMN load_log.sha256 IS '文件指纹 SHA-256 of the file content read in this load';
COMMENT ON COLUMN load_log.status IS '状态 loaded (new or changed file, extracted now) | unchanged (same content as before, records from the cache) | failed (could not be read, see error) | skipped (every form of the file is superseded by another document: see note and dim_document.superseded_by; such files add nothing to the facts) | duplicate (byte-identical copy of another input file, see note; loaded once from that file)';
COMMENT ON COLUMN load_log.forms_found IS '表单数 Forms found in the file';
COMMENT ON COLUMN load_log.forms_published IS '发布表单数 Forms of the file that reached the facts (not superseded, not quarantined)';
COMMENT ON COLUMN load_log.error IS '错误 Why the file could not be read, as a sentence a person can act on (status failed)';
COMMENT ON COLUMN load_log.note IS '备注 Superseded forms ("superseded by <newer file>: n forms"), forms printed twice in the file, the original of a duplicate file, other remarks';
COMMENT ON COLUMN load_log.extractor_version IS '抽取器版本 Extractor version whose records were used';
COMMENT ON COLUMN load_log.started_at IS '开始时间 When this file''s processing started (UTC)';
COMMENT ON COLUMN load_log.finished_at IS '结束时间 When this file''s processing finished (UTC)';
COMMENT ON COLUMN load_log.fingerprint IS '输入指纹 Digest of the inputs (paths, contents, mtimes) and of the code of this load; a load whose fingerprint equals the live one has nothing to do';
