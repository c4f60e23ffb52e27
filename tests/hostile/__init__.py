"""Hostile inputs: files and strings built to break a reader, and the checks on what comes out."""
