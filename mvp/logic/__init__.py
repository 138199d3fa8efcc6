"""Plain functions the pages use (choosing, filtering, checking input, loading the dashboard): no drawing."""
