"""Commands built on the pipeline: batch, roll, the starter, PDF, and atomic output files."""
