"""trialsite: clinical-trial registry records as bilingual, accessible static websites."""

__version__ = "0.1.0"
