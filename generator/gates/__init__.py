"""Quality gates of `trialsite check`, one module per concern."""
