"""Data shipped with citeqa: the reference parser's trained model."""
