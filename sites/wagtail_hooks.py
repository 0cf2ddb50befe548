from sites.hooks import fleet, isolation, provisioning  # noqa: F401  (they register hooks)
