import pytest

from procedures import factories
from tests.resilience.servers import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def catalogue(home):
    return factories.ProcedureIndexPageFactory(parent=home)


@pytest.fixture
def procedure(catalogue):
    return factories.ProcedurePageFactory(
        parent=catalogue, title="Cấp bản sao văn bằng", handling="here", time_limit_days=3
    )
