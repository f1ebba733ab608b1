"""OOXML in and out: the Decree 30 writer, its small XML helpers, and the reader used by ``check``."""
