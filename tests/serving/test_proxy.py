"""Behind a reverse proxy (SOLIDARITY_PROXY_COUNT=1), the client's address is the one the proxy
appends to X-Forwarded-For: rate limits count visitors, not the proxy. Without the setting the
header is ignored, since anyone could send it."""
from __future__ import annotations

import pytest

from tests.fixtures.texts import RC_TEXT

NGINX = "127.0.0.1"  # where the proxy connects from


def make_app(tmp_path, monkeypatch, proxies: str | None):
    monkeypatch.setenv("SOLIDARITY_DATA_DIR", str(tmp_path / "data"))
    if proxies is None:
        monkeypatch.delenv("SOLIDARITY_PROXY_COUNT", raising=False)
    else:
        monkeypatch.setenv("SOLIDARITY_PROXY_COUNT", proxies)
    from app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                       "CHECK_RATE_PER_ADDRESS": "1 per minute", "CHECK_RATE_OVERALL": "100 per minute"})


def check_from(app, forwarded: str) -> int:
    """POST /check as the proxy would pass it on for a visitor; the status."""
    return app.test_client().post("/check", data={"text": RC_TEXT}, environ_base={"REMOTE_ADDR": NGINX},
                                  headers={"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https"}).status_code


def test_behind_one_proxy_each_visitor_has_its_own_rate(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, "1")
    assert check_from(app, "203.0.113.7") == 302
    assert check_from(app, "203.0.113.8") == 302  # another visitor, same proxy: not limited
    assert check_from(app, "203.0.113.7") == 429
    # A visitor writing its own X-Forwarded-For: the proxy appends the real address, which counts.
    assert check_from(app, "198.51.100.1, 203.0.113.7") == 429


def test_behind_one_proxy_the_scheme_is_the_visitors(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, "1")
    seen = {}

    @app.get("/_seen")
    def _seen():
        from flask import request

        seen.update(address=request.remote_addr, scheme=request.scheme)
        return ""

    app.test_client().get("/_seen", environ_base={"REMOTE_ADDR": NGINX},
                          headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert seen == {"address": "203.0.113.7", "scheme": "https"}


@pytest.mark.parametrize("proxies", [None, "0"])
def test_without_the_setting_forwarded_headers_are_ignored(tmp_path, monkeypatch, proxies):
    app = make_app(tmp_path, monkeypatch, proxies)
    assert app.config["PROXY_COUNT"] == 0
    assert check_from(app, "203.0.113.7") == 302
    assert check_from(app, "203.0.113.8") == 429  # all the same address: the header is not believed
