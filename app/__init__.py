"""Descent Lab: watch gradient descent and small networks learn, step by step."""

__version__ = "0.1.0"
