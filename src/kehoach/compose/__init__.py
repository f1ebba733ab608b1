"""Plan → neutral blocks: numbering, punctuation, sandboxed variables; nothing here knows Word."""
