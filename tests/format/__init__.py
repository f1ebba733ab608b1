"""Issue 13: the plan format grown to what real Kế hoạch contain, one capability per module."""
