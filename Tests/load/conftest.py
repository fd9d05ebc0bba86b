# Fixtures of the load tests: each test starts its own release binary (CAPELLA_MOCK_BIN), and the
# server must still exit 0 on SIGTERM when the test is done with it.
import pytest

from harness import MockServer


@pytest.fixture
def start_server():
    started = []

    def start(*arguments, soft_nofile=None):
        server = MockServer(*arguments, soft_nofile=soft_nofile)
        started.append(server)
        return server

    yield start
    problems = []
    for server in started:
        if not server.alive():
            problems.append(f"capella-mock exited early with {server.process.returncode}:\n{server.log_text()}")
        else:
            status = server.stop()
            if status != 0:
                problems.append(f"capella-mock exited with {status} on SIGTERM:\n{server.log_text()}")
        server.cleanup()
    assert not problems, "\n".join(problems)
