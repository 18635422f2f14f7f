"""Browser-test harness: a sub-path HTTP server, page checks and pytest fixtures."""
