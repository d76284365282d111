"""Data quality: the rules (quarantine / block / warn), their great-expectations suites, the gate and its report."""
