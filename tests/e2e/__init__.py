"""Real-browser tests: the API and the three apps as processes, driven by headless Chromium."""
