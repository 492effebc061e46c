from tests.smtp_sink import smtp_sink  # noqa: F401  (fixture: a real SMTP server)
