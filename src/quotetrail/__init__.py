"""quotetrail: who said what, about which claim, reported by whom and when."""

__version__ = "0.1.0"
