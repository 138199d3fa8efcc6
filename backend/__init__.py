"""Virtual Client's API: FastAPI app (main), start-up wiring (runtime), and the layers below it."""
