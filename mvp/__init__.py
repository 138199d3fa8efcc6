"""The three Streamlit apps of Virtual Client: entrypoints, their pages, shared widgets, the API client and state."""
