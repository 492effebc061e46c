"""Relais domain: rules, services and policies. Never imports Streamlit."""
