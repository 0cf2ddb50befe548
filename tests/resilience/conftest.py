import pytest

from procedures import factories
from tests.resilience.servers import PostgresServer, RedisServer


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


@pytest.fixture
def cluster():
    """A PostgreSQL cluster of the test's own, on a free port; removed afterwards."""
    server = PostgresServer()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.destroy()
