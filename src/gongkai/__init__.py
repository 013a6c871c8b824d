"""Gongkai (公开): a government information disclosure system."""

__version__ = "0.1.0"
