"""The plan file a clerk writes: reading it safely, its text, its model, validation and lint."""
