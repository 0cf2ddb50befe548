from tests.sites.conftest import school_directory, two_schools  # noqa: F401  (fixtures)
