"""Relais persistence: tables, engine, migrations, reference and demo data."""
