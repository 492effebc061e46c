"""Shared Streamlit helpers for the pages: engine, session, header, navigation, login."""
