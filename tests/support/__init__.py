"""Test helpers: fake LLM servers, the API as a process, throwaway databases and the load driver."""
