from sites.hooks import (  # noqa: F401  (they register hooks)
    admin_api,
    explorer,
    fleet,
    isolation,
    provisioning,
)
