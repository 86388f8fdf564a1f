"""Staff tools: following the corpus, admin commands, corpus edits, the question log, reports."""
