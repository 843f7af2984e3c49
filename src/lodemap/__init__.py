"""lodemap: supply-chain counterparty intelligence for critical minerals."""

__version__ = "0.1.0"
