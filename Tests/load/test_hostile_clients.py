# Hostile clients against the release binary: a thousand slowloris connections (each trickling a
# request head that never ends) and a thousand connections that say nothing. A normal client is
# still served at once, and the server takes every slot back after its head or idle timeout.
# The server starts with a soft open-file limit of 256, so a thousand connections only work
# because it raises that limit itself.
import resource
import socket
import time

from harness import raise_own_descriptor_limit

HOSTILE = 1000
HEAD_TIMEOUT = 2
IDLE_TIMEOUT = 3
LOW_SOFT_LIMIT = 256
# The server waits at most min(2 s, idle timeout) for a client to read its 408 before it closes;
# its sweeper looks every quarter of the shortest timeout. Generous on top of that.
RECLAIM_BOUND = 15


def hard_limit():
    return resource.getrlimit(resource.RLIMIT_NOFILE)[1]


def connect_all(port, count, first_bytes):
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        if first_bytes:
            s.sendall(first_bytes)
        s.setblocking(False)
        sockets.append(s)
    return sockets


def normal_request_seconds(server):
    """A fresh connection, one authenticated GET, the whole answer: how long it took."""
    started = time.monotonic()
    client = server.client(timeout=5)
    response = client.get(server.org_path)
    client.close()
    assert response.status == 200, response
    return time.monotonic() - started


def trickle(sockets):
    """One more byte of a never-ending header on every connection the server has not closed;
    returns those still open."""
    open_ones = []
    for s in sockets:
        try:
            s.send(b"x")
            open_ones.append(s)
        except (BlockingIOError, InterruptedError):
            open_ones.append(s)
        except OSError:
            pass  # the server closed it: reset or broken pipe
    return open_ones


def read_answer(s):
    """What the server sent on a connection before closing it (b'' for nothing)."""
    s.setblocking(True)
    s.settimeout(5)
    data = b""
    try:
        while len(data) < 4096:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


def limits_for_a_thousand():
    assert raise_own_descriptor_limit(HOSTILE + 256) >= HOSTILE + 256
    assert hard_limit() >= HOSTILE + 64, "this machine's hard open-file limit is below a thousand connections"


def test_the_server_raises_its_soft_open_file_limit_to_the_hard_limit(start_server):
    hard = hard_limit()
    assert hard > LOW_SOFT_LIMIT, "this machine's hard limit is too low for the test"
    raised = start_server("--time-scale", "0", soft_nofile=LOW_SOFT_LIMIT)
    assert raised.open_file_limits() == (hard, hard)
    already = start_server("--time-scale", "0", soft_nofile=hard)
    assert already.open_file_limits() == (hard, hard)


def test_slowloris_connections_do_not_starve_a_normal_client_and_are_reclaimed(start_server):
    limits_for_a_thousand()
    server = start_server("--time-scale", "0", "--head-timeout", str(HEAD_TIMEOUT), "--idle-timeout", "60",
                          soft_nofile=LOW_SOFT_LIMIT)
    assert normal_request_seconds(server) < 5  # warm
    baseline = server.settled_descriptors()

    started = time.monotonic()
    hostile = connect_all(server.port, HOSTILE, b"GET /v4/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    # Every one of them is accepted (far past the soft limit of 256 the server started with).
    held = server.wait_for_connections(at_least=HOSTILE, timeout=HEAD_TIMEOUT / 2)
    assert held == HOSTILE, f"the server holds {held} of {HOSTILE} connections"
    assert time.monotonic() - started < HEAD_TIMEOUT, "too slow to set up the connections before the head timeout"

    # A normal client is served at once while all of them are open and trickling.
    hostile = trickle(hostile)
    for _ in range(5):
        assert normal_request_seconds(server) < 1.0
    assert server.connection_count() >= HOSTILE
    assert time.monotonic() - started < HEAD_TIMEOUT, "the normal requests ran past the head timeout"

    # They keep trickling; the server answers each with 408 and closes it after the head
    # timeout, so it is back to no connection (and its idle descriptor count) with the clients
    # still sending. The loop is bounded by RECLAIM_BOUND.
    everyone = list(hostile)
    reclaimed_at = None
    deadline = time.monotonic() + HEAD_TIMEOUT + RECLAIM_BOUND
    while time.monotonic() < deadline:
        hostile = trickle(hostile)
        if server.connection_count() == 0:
            reclaimed_at = time.monotonic() - started
            break
        time.sleep(0.2)
    assert reclaimed_at is not None, f"still {server.connection_count()} connections"
    assert reclaimed_at >= HEAD_TIMEOUT, "closed before the head timeout"
    assert server.descriptor_count() == baseline

    answers = [read_answer(s) for s in everyone]
    for s in everyone:
        s.close()
    timed_out = sum(1 for answer in answers if answer.startswith(b"HTTP/1.1 408 "))
    print(f"\nslowloris: {HOSTILE} held, reclaimed {reclaimed_at:.1f} s after the first connect; "
          f"{timed_out} read their 408")
    # Each got its 408 (the server lingers before closing so that the answer is not lost to a
    # reset), and nothing more: one answer, then the end of the connection.
    assert timed_out == HOSTILE, [answer[:60] for answer in answers if not answer.startswith(b"HTTP/1.1 408 ")][:5]
    assert all(answer.count(b"HTTP/1.1 ") == 1 for answer in answers)
    assert normal_request_seconds(server) < 1.0


def test_connections_that_never_send_are_closed_after_the_idle_timeout(start_server):
    limits_for_a_thousand()
    server = start_server("--time-scale", "0", "--head-timeout", "60", "--idle-timeout", str(IDLE_TIMEOUT),
                          soft_nofile=LOW_SOFT_LIMIT)
    assert normal_request_seconds(server) < 5  # warm
    baseline = server.settled_descriptors()

    started = time.monotonic()
    silent = connect_all(server.port, HOSTILE, b"")
    assert server.wait_for_connections(at_least=HOSTILE, timeout=IDLE_TIMEOUT / 2) == HOSTILE
    assert normal_request_seconds(server) < 1.0
    assert time.monotonic() - started < IDLE_TIMEOUT, "too slow to set up the connections before the idle timeout"

    after = server.wait_for_connections(at_most=0, timeout=IDLE_TIMEOUT + RECLAIM_BOUND)
    elapsed = time.monotonic() - started
    assert after == 0, f"still {after} connections"
    assert elapsed >= IDLE_TIMEOUT, "closed before the idle timeout"
    assert server.descriptor_count() == baseline
    # Each was closed by the server, without a word.
    answers = [read_answer(s) for s in silent]
    for s in silent:
        s.close()
    assert answers == [b""] * HOSTILE
    print(f"\nidle: {HOSTILE} held, reclaimed {elapsed:.1f} s after the first connect")
