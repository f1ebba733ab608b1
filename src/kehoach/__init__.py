"""kehoach: a Vietnamese administrative plan (Kế hoạch) from YAML to a Decree 30 .docx."""

__version__ = "0.1.0"
