"""``kehoach check``: the Decree 30 audit of any .docx, split by the decree's parts."""
