"""The server configuration shipped in .streamlit/config.toml is the hardened one."""
from __future__ import annotations

import tomllib

from core.attachments import MAX_BYTES
from core.settings import PROJECT_ROOT


def _config() -> dict:
    with (PROJECT_ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_server_protections_are_on():
    server = _config()["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["enableStaticServing"] is False
    assert server["headless"] is True


def test_upload_limit_is_aligned_with_the_attachment_rule():
    """Just above core's 10 MB: a file of 10 to 25 MB reaches core, which refuses it in French
    (the browser's own refusal is in English); anything bigger never reaches the server's memory."""
    limit = _config()["server"]["maxUploadSize"] * 1024 * 1024  # Streamlit's MB are 1024 × 1024 bytes
    assert MAX_BYTES < limit <= 3 * MAX_BYTES


def test_errors_are_hidden_and_nothing_is_reported_to_third_parties():
    config = _config()
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_no_secret_file_is_committed():
    tracked_ignore = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "secrets.toml" in tracked_ignore
