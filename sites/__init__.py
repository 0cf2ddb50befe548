"""School subsites: school page types, reference data, provisioning, per-site permissions."""
