"""Extraction: from document text to mentions, relations and value facts."""
