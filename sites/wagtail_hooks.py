from sites.hooks import explorer, fleet, isolation, provisioning  # noqa: F401  (they register hooks)
